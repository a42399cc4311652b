"""Adversary: a perpetrators' team inside the victim's own organisation (AJAR's socio-judicial team in the demo).

The committee gives actions to an organisation, not to a team. An action given to the victim's organisation says what
its victims' team will do for her (« l'accompagner au foyer des Tilleuls de Denain »): its perpetrators' team, which a
perpetrator link covers on the household, must not read it, on the actions page, the meeting, the minutes, the PDF or
the calendar."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Audience, Role, Team
from casework.models import DangerLevel, LinkSource, PerpetratorLink
from committee import actions, queries
from committee.models import Basis, Reason
from tests.accounts.factories import MembershipFactory
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db

WHEREABOUTS = "Accompagner la victime au foyer des Tilleuls de Denain"


@pytest.fixture
def setting(organisation, member, situation, coordinator):
    organisation.accompanies = Audience.BOTH
    organisation.save()
    victims = Team.objects.create(organisation=organisation, name="Aide aux victimes", accompanies=Audience.VICTIMS)
    perpetrators = Team.objects.create(organisation=organisation, name="Socio-judiciaire", accompanies=Audience.PERPETRATORS)
    member.team = victims
    member.save()
    situation.team = victims
    situation.danger_level = DangerLevel.HIGH
    situation.save()
    PerpetratorLink.objects.create(situation=situation, organisation=organisation, team=perpetrators, source=LinkSource.DECLARATION)
    his = MembershipFactory(organisation=organisation, role=Role.PRACTITIONER, team=perpetrators)
    meeting = actions.create_meeting(
        membership=coordinator,
        data={"date": timezone.localdate() + datetime.timedelta(days=7), "place": "Salle du conseil", "attendees": [organisation]},
    )
    item = actions.put_forward(membership=member, meeting=meeting, situation=situation, reason=Reason.HIGH_DANGER, basis=Basis.CONSENT)
    action = actions.add_action(
        membership=coordinator,
        item=item,
        description=WHEREABOUTS,
        owner=organisation,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    return {"his": his, "meeting": meeting, "action": action}


def test_the_perpetrators_team_reads_no_action_given_to_its_organisation_about_the_household(setting, member_client):
    his = verified_client(setting["his"].user, setting["his"])
    meeting = setting["meeting"]
    assert WHEREABOUTS in member_client.get("/reseau/comite/actions/").content.decode()  # her team reads it
    for url in ("/reseau/comite/actions/", f"/reseau/comite/seances/{meeting.pk}/", f"/reseau/comite/seances/{meeting.pk}/compte-rendu/"):
        response = his.get(url)
        assert response.status_code == 200, url
        assert "Tilleuls" not in response.content.decode(), url


def test_the_perpetrators_team_cannot_update_such_an_action(setting):
    his = verified_client(setting["his"].user, setting["his"])
    response = his.post(f"/reseau/comite/actions/{setting['action'].pk}/revue/", {"status": "done", "note": "fait"})
    assert response.status_code == 404
    setting["action"].refresh_from_db()
    assert setting["action"].status != "done"


def test_a_later_meetings_review_hides_it_from_the_perpetrators_team(setting, coordinator, organisation):
    later = actions.create_meeting(
        membership=coordinator,
        data={"date": timezone.localdate() + datetime.timedelta(days=30), "place": "Salle", "attendees": [organisation]},
    )
    assert [a.pk for a in queries.actions_to_review(later, setting["his"])] == []
    assert (
        "Tilleuls" not in verified_client(setting["his"].user, setting["his"]).get(f"/reseau/comite/seances/{later.pk}/").content.decode()
    )
