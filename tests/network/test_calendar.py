"""The calendar page and the organisation's secret iCalendar feed: created and revoked by its admin, every value
escaped (no line of the feed can be forged from a stored value), the committee's and the calls' dates included."""

import datetime

import pytest
from icalendar import Calendar

from network.models import CalendarFeed, GroupTask
from tests.network.factories import SessionFactory

pytestmark = pytest.mark.django_db


def new_feed(client):
    response = client.post("/reseau/calendrier/abonnements/", {"name": "Agenda de l'équipe"})
    assert response.status_code == 302
    page = client.get("/reseau/calendrier/").text
    start = page.index("/reseau/calendrier/abonnement/")
    url = page[start : page.index(".ics", start) + 4]
    assert url not in client.get("/reseau/calendrier/").text  # shown once
    return url


def test_the_calendar_shows_sessions_meetings_tasks_and_milestones(network, clients):
    page = clients["practitioner"].get("/reseau/calendrier/").text
    today = datetime.date.today()
    GroupTask.objects.create(
        group=network["group"], title="Relire le guide", owner=network["members"]["practitioner"], due_on=today - datetime.timedelta(days=2)
    )
    page = clients["practitioner"].get("/reseau/calendrier/").text
    assert "Formation : " + network["cycle"].title in page
    assert "Tâche : Relire le guide" in page and "row-late" in page
    assert "S&#x27;abonner depuis un agenda" not in page  # a practitioner does not hand out feeds


def test_admin_creates_a_feed_a_client_reads_it_without_login_and_revocation_ends_it(network, clients, anonymous_client):
    url = new_feed(clients["lead_admin"])
    response = anonymous_client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = [str(e.get("summary")) for e in calendar.walk("VEVENT")]
    assert "Formation : " + network["cycle"].title in summaries
    feed = CalendarFeed.objects.get()
    assert feed.organisation == network["lead"] and feed.token_hash not in url
    assert clients["practitioner"].post(f"/reseau/calendrier/abonnements/{feed.pk}/revoquer/").status_code == 404
    assert clients["other_admin"].post(f"/reseau/calendrier/abonnements/{feed.pk}/revoquer/").status_code == 404
    assert clients["lead_admin"].post(f"/reseau/calendrier/abonnements/{feed.pk}/revoquer/").status_code == 302
    assert anonymous_client.get(url).status_code == 404
    assert clients["practitioner"].post("/reseau/calendrier/abonnements/").status_code == 404
    assert not CalendarFeed.objects.usable().exists()


def test_no_stored_value_breaks_out_of_its_line(network, clients, anonymous_client):
    SessionFactory(
        cycle=network["cycle"],
        place="Salle A\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Faux\u2028X-INJECTED:1",
        trainer="x",
    )
    network["cycle"].title = "Cycle\nATTENDEE:mailto:pirate@exemple.test"
    network["cycle"].save()
    body = anonymous_client.get(new_feed(clients["lead_admin"])).content.decode()
    lines = body.replace("\r\n ", "").split("\r\n")  # unfolded
    assert not any(line.startswith(("SUMMARY:Faux", "X-INJECTED", "ATTENDEE")) for line in lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == len(Calendar.from_ical(body).walk("VEVENT"))
    assert "LOCATION:Salle A END:VEVENT BEGIN:VEVENT SUMMARY:Faux X-INJECTED:1" in lines


def test_committee_and_calls_dates_come_in_when_their_apps_offer_them(network, clients):
    import importlib

    from network import calendar

    kinds = {item.kind for item in calendar.items_for(network["lead"], whole_network=True)}
    assert {"training_session", "group_meeting", "milestone"} <= kinds
    for app in ("committee", "calls"):
        try:
            module = importlib.import_module(f"{app}.queries")
        except ModuleNotFoundError:
            continue
        assert hasattr(module, "calendar_items")
