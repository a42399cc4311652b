"""Every form of the committee, fuzzed with hypothesis: whatever is posted, never a server error; a refusal writes
nothing in the committee's tables (nor a committee share)."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.models import CommitteeShare, PersonRole
from committee.models import Decision
from tests.casework.conftest import people
from tests.fuzz import fuzz, several, text, values

pytestmark = pytest.mark.django_db
WATCHED = [*apps.get_app_config("committee").get_models(), CommitteeShare]
DATES = values(
    "2026-03-01",
    "2026-02-30",
    "01/03/2026",
    "2099-01-01",
    "1899-12-31",
    "",
    (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
)


def test_meeting_forms_never_fail(coordinator_client, meeting, organisation, other_organisation):
    fields = {
        "date": DATES,
        "place": text,
        "attendees": several(str(organisation.pk), str(other_organisation.pk), "0"),
        "held": values("on"),
    }
    fuzz(lambda data: coordinator_client.post("/reseau/comite/seances/nouvelle/", data), fields, WATCHED, examples=20)
    fuzz(
        lambda data: coordinator_client.post(f"/reseau/comite/seances/{meeting.pk}/modifier/", data),
        fields,
        WATCHED,
        examples=15,
        accepted=(302,),
    )


def test_putting_forward_never_fails(member_client, meeting, situation):
    fields = {
        "situation": values(str(situation.pk), "0", "-1"),
        "reason": values("high_danger", "judgement", "escalation"),
        "basis": values("consent", "danger", "shared_secret", "prosecutor", ""),
    }
    fuzz(lambda data: member_client.post(f"/reseau/comite/seances/{meeting.pk}/proposer/", data), fields, WATCHED, examples=25)


def test_decisions_actions_and_reviews_never_fail(coordinator_client, other_client, item, recorded, other_organisation):
    # These pages answer with a redirect and a message whether they saved or not: a server error is what is checked.
    fuzz(
        lambda data: coordinator_client.post(f"/reseau/comite/points/{item.pk}/decision/", data),
        {"text": text},
        WATCHED,
        examples=15,
        accepted=(302,),
    )
    fields = {"description": text, "owner": values(str(other_organisation.pk), "0", "x"), "due_on": DATES}
    fuzz(lambda data: coordinator_client.post(f"/reseau/comite/points/{item.pk}/action/", data), fields, WATCHED, examples=20)
    review = {
        "status": values("open", "done", "dropped"),
        "note": text,
        "meeting": values("1", "x", ""),
        "next": values("/reseau/comite/", "//evil.test/", "https://evil.test/"),
    }
    for client in (coordinator_client, other_client):
        fuzz(
            lambda data, c=client: c.post(f"/reseau/comite/actions/{recorded['other'].pk}/revue/", data),
            review,
            WATCHED,
            examples=10,
            accepted=(302,),
        )
        response = client.post(f"/reseau/comite/actions/{recorded['other'].pk}/revue/", {"status": "open", "next": "//evil.test/"})
        assert response.status_code == 302 and "evil" not in response.url


@settings(max_examples=20, derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.text(max_size=30), after=st.text(max_size=30), upper=st.booleans())
def test_no_decision_naming_the_household_is_ever_stored(coordinator_client, item, situation, before, after, upper):
    victim = people(situation, PersonRole.VICTIM)
    name = victim.last_name.upper() if upper else victim.last_name
    coordinator_client.post(f"/reseau/comite/points/{item.pk}/decision/", {"text": f"{before} {name} {after}"})
    assert not [d for d in Decision.objects.all() if victim.last_name.lower() in d.text.lower()]
