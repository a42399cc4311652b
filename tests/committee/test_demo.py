"""The demo's committee: two meetings with actions, one repeat situation, and minutes that name nobody, checked
against every name of the demo (every person followed, every account)."""

import subprocess

import pytest
from django.core.management import call_command

from accounts.models import Membership, Role, User
from casework.models import Person
from committee import names
from committee.models import AgendaItem, CommitteeAction, Meeting
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def _pdf_text(pdf):
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_the_demo_minutes_name_nobody(territory):
    call_command("demo")
    meetings = list(Meeting.objects.order_by("date"))
    assert len(meetings) == 2
    assert CommitteeAction.objects.filter(item__meeting=meetings[0]).count() >= 3
    assert CommitteeAction.objects.filter(item__meeting=meetings[1]).exists()
    assert AgendaItem.objects.filter(meeting=meetings[1], repeat=True).count() == 1
    # Every word of a followed person's name; of an account, her first name and her full name (the demo's last names,
    # « Démo-Ajar », repeat organisations' names, which the minutes rightly show).
    demo_names = names.name_tokens(Person.objects.all()) | {names.fold(u.first_name) for u in User.objects.exclude(first_name="")}
    full_names = [names.fold(u.get_full_name()) for u in User.objects.exclude(first_name="")]
    assert len(demo_names) > 50 and len(full_names) >= 10
    coordinator = Membership.objects.get(role=Role.COORDINATOR, user__email__startswith="coordination@")
    readers = [verified_client(coordinator.user, coordinator)]
    owner = AgendaItem.objects.filter(meeting=meetings[0]).first().put_forward_by
    member = Membership.objects.filter(organisation=owner, role=Role.PRACTITIONER).first()
    if member is not None:
        readers.append(verified_client(member.user, member))
    for meeting in meetings:
        for client in readers:
            page = client.get(f"/reseau/comite/seances/{meeting.pk}/compte-rendu/")
            pdf = client.get(f"/reseau/comite/seances/{meeting.pk}/compte-rendu.pdf")
            assert page.status_code == 200 and pdf.status_code == 200
            body = page.text.split('id="contenu"')[1].split("</main>")[0]  # the minutes, not the menu's account name
            for text in (body, _pdf_text(pdf.content)):
                found = demo_names & set(names.tokens(text))
                assert not found, (meeting, found)
                assert not [name for name in full_names if name in names.fold(text)], meeting
            assert "S-0" in body  # situations by their reference
