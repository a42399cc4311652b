"""The journal is append-only and hash-chained: `verify_audit` detects any edited or deleted entry."""

from importlib import import_module

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.journal import record, verify
from audit.models import Action, AppendOnlyError, Entry
from tests.accounts.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_entries(member):
    return [record(Action.VIEW, membership=member, target_type="casework.Person", target_id=str(i), detail={"n": i}) for i in range(1, 4)]


def test_entries_are_chained_and_verify_passes(three_entries, capsys):
    first, second, third = three_entries
    assert [e.seq for e in three_entries] == [1, 2, 3]
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert verify() == []
    call_command("verify_audit")
    assert "3 entrées vérifiées" in capsys.readouterr().out


def test_entry_records_who_from_which_organisation_and_when(member):
    entry = record(Action.VIEW, membership=member, target=member)
    assert entry.actor_id == member.user_id and entry.actor_label == member.user.email
    assert entry.organisation_id == member.organisation_id
    assert entry.target_type == "accounts.Membership" and entry.target_id == str(member.pk)
    assert entry.created_at.utcoffset().total_seconds() == 0


def test_what_record_returns_is_what_the_journal_holds(member, rf):
    request = rf.get("/", REMOTE_ADDR="2001:db8::7")
    returned = record(
        Action.SEARCH,
        membership=member,
        target_type="casework.Situation",
        target_id="caseload",
        detail={"ids": [3, 1], "é": "ü"},
        request=request,
    )
    stored = Entry.objects.get(pk=returned.pk)
    for field in (
        "seq",
        "created_at",
        "actor_id",
        "organisation_label",
        "action",
        "target_id",
        "detail",
        "ip_address",
        "prev_hash",
        "hash",
    ):
        assert getattr(stored, field) == getattr(returned, field), field
    assert stored.compute_hash() == stored.hash
    from audit.models import ChainHead

    head = ChainHead.objects.get(id=1)
    assert (head.seq, head.hash) == (stored.seq, stored.hash) and head.mac == head.compute_mac()


def test_the_orm_refuses_to_edit_or_delete(three_entries):
    entry = Entry.objects.get(seq=2)
    entry.detail = {"n": 99}
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        Entry.objects.filter(seq=2).update(action="delete")
    with pytest.raises(AppendOnlyError):
        Entry.objects.all().delete()


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def tamper(sql, params=()):
    """What someone with DDL rights on the database could do: drop the append-only triggers, then rewrite."""
    migration = import_module("audit.migrations.0002_append_only_triggers")
    if connection.vendor == "postgresql":
        for statement in migration.POSTGRES_REVERSE:
            raw(statement)
    raw(sql, params)


def test_postgresql_refuses_raw_updates_and_deletes(three_entries):
    statements = ("UPDATE audit_entry SET actor_label = 'x' WHERE seq = 2", "DELETE FROM audit_entry WHERE seq = 2")
    if connection.vendor == "postgresql":
        for statement in statements:
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                raw(statement)
        assert Entry.objects.count() == 3
    else:
        # The embedded SQLite database has no trigger: only the hash chain protects it.
        raw(statements[0])
        assert verify() != []


def test_tampered_content_is_detected(three_entries):
    tamper("UPDATE audit_entry SET actor_label = %s WHERE seq = 2", ["quelqu.un.d.autre@exemple.test"])
    problems = verify()
    assert any("entrée 2 : le contenu a été modifié" in p for p in problems)
    with pytest.raises(CommandError, match="corrompu"):
        call_command("verify_audit")


def test_a_deleted_entry_in_the_middle_is_detected(three_entries):
    tamper("DELETE FROM audit_entry WHERE seq = 2")
    problems = verify()
    assert any("manquante" in p for p in problems)
    assert any("chaînage" in p for p in problems)


def test_deleting_the_newest_entries_is_detected(three_entries):
    tamper("DELETE FROM audit_entry WHERE seq = 3")
    assert any("supprimées" in p for p in verify())


def test_rolling_the_head_back_after_deleting_the_newest_entries_is_detected(three_entries):
    second = Entry.objects.get(seq=2)
    tamper("DELETE FROM audit_entry WHERE seq = 3")
    raw("UPDATE audit_chainhead SET seq = 2, hash = %s", [second.hash])
    assert any("tête de chaîne a été modifiée" in p for p in verify())


def test_an_emptied_journal_is_detected_once_someone_has_logged_in(three_entries, member_client):
    tamper("DELETE FROM audit_entry")
    raw("DELETE FROM audit_chainhead")
    assert any("vidé" in p for p in verify())


def test_verify_against_a_head_recorded_outside_the_database(three_entries, capsys):
    call_command("verify_audit")
    recorded = capsys.readouterr().out.split("Tête à conserver hors de la base : ")[1].strip()
    assert recorded == f"3:{three_entries[2].hash}"
    call_command("verify_audit", expect=recorded)
    tamper("DELETE FROM audit_entry")
    raw("DELETE FROM audit_chainhead")
    with pytest.raises(CommandError):
        call_command("verify_audit", expect=recorded)
    with pytest.raises(CommandError, match="NUMÉRO:EMPREINTE"):
        call_command("verify_audit", expect="pas-une-tete")


def test_an_uncanonical_ipv6_address_does_not_break_the_chain(member, rf):
    request = rf.get("/", REMOTE_ADDR="2001:DB8:0:0:0:0:0:1")
    entry = record(Action.VIEW, membership=member, target=member, request=request)
    assert Entry.objects.get(pk=entry.pk).ip_address == "2001:db8::1"
    assert verify() == []


def test_recomputing_a_plain_hash_is_not_enough_without_the_key(three_entries, settings):
    # An attacker who rewrites an entry and recomputes its hash with another key is still detected.
    entry = Entry.objects.get(seq=3)
    settings.AUDIT_CHAIN_KEY = "une-autre-cle-que-celle-du-serveur-0123456789"
    forged = entry.compute_hash()
    tamper("UPDATE audit_entry SET hash = %s WHERE seq = 3", [forged])
    settings.AUDIT_CHAIN_KEY = "dev-only-audit-chain-key-0123456789abcdef"
    assert verify() != []


def test_journal_page_shows_the_admins_organisation_only(org_admin_client, org_admin, other_member, member):
    record(Action.VIEW, membership=member, target_type="casework.Person", target_id="41")
    record(Action.VIEW, membership=other_member, target_type="casework.Person", target_id="42")
    response = org_admin_client.get(reverse("audit:journal"))
    assert response.status_code == 200
    assert "Personne n° 41" in response.text
    assert "Personne n° 42" not in response.text
    filtered = org_admin_client.get(reverse("audit:journal"), {"action": "create"})
    assert "Personne n° 41" not in filtered.text


def test_journal_page_is_404_for_practitioners_and_login_for_anonymous(member_client, other_client, anonymous_client):
    assert member_client.get(reverse("audit:journal")).status_code == 404
    assert other_client.get(reverse("audit:journal")).status_code == 404
    assert anonymous_client.get(reverse("audit:journal")).status_code == 302


def test_admin_of_another_organisation_does_not_see_entries(member):
    record(Action.VIEW, membership=member, target_type="casework.Person", target_id="43")
    other_admin = MembershipFactory(role="org_admin")
    assert not Entry.objects.visible_to(other_admin).exists()
    assert Entry.objects.visible_to(member).count() == 0


def test_journal_entries_read_as_french_labels(org_admin_client, org_admin, member):
    """Issue 11, point 17: entries showed « casework.Situation 467 »."""
    record(Action.VIEW, membership=member, target_type="casework.Situation", target_id="467")
    record(Action.CREATE, membership=member, target_type="accounts.Membership", target_id="12")
    record(Action.LOGIN, membership=member, detail={"second_factor": "backup_code"})
    record(Action.VIEW, membership=member, target_type="ancienne.Table", target_id="3")  # a model since removed
    text = org_admin_client.get(reverse("audit:journal")).text
    assert "casework.Situation" not in text and "accounts.Membership" not in text
    assert "Situation S-000467" in text and "Appartenance n° 12" in text
    assert "Connexion" in text and "avec un code de secours" in text
    assert "ancienne.Table 3" in text  # kept as written rather than lost
