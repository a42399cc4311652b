"""Writing to the journal: call `record()` inside the transaction that reads or changes the record."""

from django.db import connection, transaction
from django.utils import timezone

from audit.models import GENESIS, ChainHead, Entry
from maillage.net import client_ip


def _client_ip(request):
    return client_ip(request)


def record(action, *, actor=None, membership=None, target=None, target_type="", target_id="", detail=None, request=None):
    """Append one entry. `target` is a model instance (its label and pk are taken), or pass target_type/target_id."""
    if target is not None:
        target_type = target._meta.label
        target_id = str(target.pk)
    if membership is None and request is not None:
        membership = getattr(request, "membership", None)
    if actor is None and request is not None and getattr(request, "user", None) is not None and request.user.is_authenticated:
        actor = request.user
    if actor is None and membership is not None:
        actor = membership.user
    organisation = membership.organisation if membership is not None else None
    entry = Entry(
        created_at=timezone.now(),
        actor_id=actor.pk if actor is not None else None,
        actor_label=actor.email if actor is not None else "",
        organisation_id=organisation.pk if organisation is not None else None,
        organisation_label=organisation.name if organisation is not None else "",
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        detail=detail or {},
        ip_address=_client_ip(request),
    )
    with transaction.atomic():
        _append(entry)
    return entry


# Every page that shows a person writes an entry: the append is written in SQL, in as few round trips as the
# database allows (the head locked and read, then the entry and the new head written in one statement on
# PostgreSQL), each value prepared by its model field as the ORM would. The statements are built from the models'
# own table and column names, never from a value.
_ENTRY_FIELDS = [f for f in Entry._meta.concrete_fields if not f.primary_key]


def _statements():
    quote = connection.ops.quote_name
    head = quote(ChainHead._meta.db_table)
    columns = ", ".join(quote(f.column) for f in _ENTRY_FIELDS)
    placeholders = ", ".join(["%s"] * len(_ENTRY_FIELDS))
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    read = f"SELECT seq, hash FROM {head} WHERE id = 1{lock}"  # noqa: S608 (names from the models)
    insert = f"INSERT INTO {quote(Entry._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    update = f"UPDATE {head} SET seq = %s, hash = %s, mac = %s WHERE id = 1"  # noqa: S608
    return read, insert, update


def _append(entry):
    read, insert, update = _statements()
    with connection.cursor() as cursor:
        cursor.execute(read)
        row = cursor.fetchone()
        if row is None:  # the first entry ever: create the head (ChainHead's defaults) in this transaction
            first = ChainHead.objects.create(id=1)
            row = (first.seq, first.hash)
        entry.seq, entry.prev_hash = row[0] + 1, row[1]
        entry.hash = entry.compute_hash()
        head = ChainHead(id=1, seq=entry.seq, hash=entry.hash)
        head.mac = head.compute_mac()
        values = [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in _ENTRY_FIELDS]
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH appended AS ({insert} RETURNING id) {update} RETURNING (SELECT id FROM appended)",  # noqa: S608
                [*values, head.seq, head.hash, head.mac],
            )
            entry.pk = cursor.fetchone()[0]
        else:
            cursor.execute(insert, values)
            entry.pk = cursor.lastrowid
            cursor.execute(update, [head.seq, head.hash, head.mac])
    entry._state.adding = False
    entry._state.db = connection.alias


def verify(expect=None):
    """Walk the chain in order. Returns a list of French problem descriptions, empty when the journal is intact.

    `expect` is a (seq, hash) recorded earlier outside the database: the chain must still contain it."""
    problems = []
    expected_prev = ChainHead._meta.get_field("hash").default
    expected_seq = 1
    last = None
    for entry in Entry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            problems.append(f"entrée(s) {expected_seq} à {entry.seq - 1} manquante(s)")
        if entry.prev_hash != expected_prev:
            problems.append(f"entrée {entry.seq} : le chaînage avec l'entrée précédente est rompu")
        if entry.compute_hash() != entry.hash:
            problems.append(f"entrée {entry.seq} : le contenu a été modifié")
        expected_prev = entry.hash
        expected_seq = entry.seq + 1
        last = entry
    head = ChainHead.objects.filter(id=1).first()
    if head is not None:
        last_seq = last.seq if last else 0
        last_hash = last.hash if last else expected_prev
        if head.mac != head.compute_mac():
            problems.append("la tête de chaîne a été modifiée (empreinte invalide)")
        elif head.seq != last_seq or head.hash != last_hash:
            problems.append(
                f"la tête de chaîne indique {head.seq} entrées, le journal se termine à {last_seq} : des entrées récentes ont été supprimées"
            )
    elif last is not None:
        problems.append("la tête de chaîne a disparu")
    if last is None and _someone_logged_in():
        # Every complete login (second factor passed) writes an entry: an empty journal on a platform that has been
        # used was emptied.
        problems.append("le journal est vide alors que des connexions ont eu lieu : il a été vidé")
    if expect is not None:
        seq, digest = expect
        if not Entry.objects.filter(seq=seq, hash=digest).exists():
            problems.append(f"l'entrée {seq} relevée hors de la base ({digest[:12]}…) n'est plus dans le journal")
    return problems


def current_head():
    head = ChainHead.objects.filter(id=1).first()
    return (head.seq, head.hash) if head is not None else (0, GENESIS)


def _someone_logged_in():
    """Someone passed a second factor: a login was completed, and journaled (a password alone is not a login)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return any(model.objects.filter(last_used_at__isnull=False).exists() for model in (TOTPDevice, StaticDevice))
