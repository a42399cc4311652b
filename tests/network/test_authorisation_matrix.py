"""Every page of the network (under /reseau/, namespace « network ») for every persona; a route without an entry fails."""

import pytest

from tests.casework.urlwalk import walk
from tests.network.conftest import PERSONAS

pytestmark = pytest.mark.django_db


def _s(coordinator, lead_admin, other_admin, practitioner, analyst, anonymous=302):
    return dict(zip(PERSONAS, (coordinator, lead_admin, other_admin, practitioner, analyst, anonymous), strict=True))


# URL name -> (path from the objects, expected GET status by persona)
PAGES = {
    "home": (lambda o: "/reseau/", _s(200, 200, 200, 200, 200)),
    "actions": (lambda o: "/reseau/plan/", _s(200, 200, 200, 200, 200)),
    "timeline": (lambda o: "/reseau/plan/frise/", _s(200, 200, 200, 200, 200)),
    "who_does_what": (lambda o: "/reseau/plan/qui-fait-quoi/", _s(200, 200, 200, 200, 200)),
    "plan_create": (lambda o: "/reseau/plans/nouveau/", _s(200, 404, 404, 404, 404)),
    "plan_edit": (lambda o: f"/reseau/plans/{o['plan'].pk}/modifier/", _s(200, 404, 404, 404, 404)),
    "action_create": (lambda o: "/reseau/actions/nouvelle/", _s(200, 200, 200, 404, 404)),
    "action_detail": (lambda o: f"/reseau/actions/{o['action'].pk}/", _s(200, 200, 200, 200, 200)),
    "action_edit": (lambda o: f"/reseau/actions/{o['action'].pk}/modifier/", _s(200, 200, 404, 404, 404)),
    "milestone_add": (lambda o: f"/reseau/actions/{o['action'].pk}/jalons/", _s(200, 200, 404, 404, 404)),
    "funding_add": (lambda o: f"/reseau/actions/{o['action'].pk}/financements/", _s(200, 200, 404, 404, 404)),
    "outputs": (lambda o: f"/reseau/actions/{o['action'].pk}/resultats/", _s(200, 200, 404, 404, 404)),
    "milestone_edit": (lambda o: f"/reseau/jalons/{o['milestone'].pk}/modifier/", _s(200, 200, 404, 404, 404)),
    "cycles": (lambda o: "/reseau/formations/", _s(200, 200, 200, 200, 200)),
    "cycle_create": (lambda o: "/reseau/formations/nouveau/", _s(200, 200, 200, 404, 404)),
    "cycle_detail": (lambda o: f"/reseau/formations/{o['cycle'].pk}/", _s(200, 200, 200, 200, 200)),
    "cycle_edit": (lambda o: f"/reseau/formations/{o['cycle'].pk}/modifier/", _s(200, 200, 404, 404, 404)),
    "session_add": (lambda o: f"/reseau/formations/{o['cycle'].pk}/sessions/", _s(200, 200, 404, 404, 404)),
    "session_edit": (lambda o: f"/reseau/formations/sessions/{o['session'].pk}/modifier/", _s(200, 200, 404, 404, 404)),
    "attendance": (lambda o: f"/reseau/formations/sessions/{o['session'].pk}/emargement/", _s(200, 200, 404, 404, 404)),
    "register": (lambda o: f"/reseau/formations/{o['cycle'].pk}/inscription/", _s(405, 405, 405, 405, 405)),
    "withdraw": (lambda o: f"/reseau/formations/{o['cycle'].pk}/desistement/", _s(405, 405, 405, 405, 405)),
    # The trainee (the practitioner) answers once she attended; the cycle's managers read the summary.
    "evaluation": (lambda o: f"/reseau/formations/{o['cycle'].pk}/evaluation/", _s(404, 404, 404, 200, 404)),
    "evaluation_summary": (lambda o: f"/reseau/formations/{o['cycle'].pk}/bilan/", _s(200, 200, 404, 404, 404)),
    "certificate": (lambda o: f"/reseau/formations/inscriptions/{o['registration'].pk}/attestation.pdf", _s(200, 200, 404, 200, 404)),
    "schools": (lambda o: "/reseau/milieu-scolaire/", _s(200, 200, 200, 200, 200)),
    "school_create": (lambda o: "/reseau/milieu-scolaire/nouvelle/", _s(200, 200, 200, 404, 404)),
    "school_edit": (lambda o: f"/reseau/milieu-scolaire/{o['school'].pk}/modifier/", _s(200, 200, 404, 404, 404)),
    "groups": (lambda o: "/reseau/groupes/", _s(200, 200, 200, 200, 200)),
    "group_create": (lambda o: "/reseau/groupes/nouveau/", _s(200, 404, 404, 404, 404)),
    "group_detail": (lambda o: f"/reseau/groupes/{o['group'].pk}/", _s(200, 200, 200, 200, 200)),
    "group_edit": (lambda o: f"/reseau/groupes/{o['group'].pk}/modifier/", _s(200, 200, 404, 404, 404)),
    "meeting_add": (lambda o: f"/reseau/groupes/{o['group'].pk}/reunions/", _s(200, 200, 404, 404, 404)),
    "meeting_edit": (lambda o: f"/reseau/groupes/reunions/{o['meeting'].pk}/modifier/", _s(200, 200, 404, 404, 404)),
    "task_add": (lambda o: f"/reseau/groupes/{o['group'].pk}/taches/", _s(200, 200, 404, 404, 404)),
    # POST only; the owner (the practitioner) and the group's managers may mark it done, others get 404 on POST.
    "task_done": (lambda o: f"/reseau/groupes/taches/{o['task'].pk}/faite/", _s(405, 405, 405, 405, 405)),
    "calendar": (lambda o: "/reseau/calendrier/", _s(200, 200, 200, 200, 200)),
    "feed_create": (lambda o: "/reseau/calendrier/abonnements/", _s(405, 405, 405, 405, 405)),
    "feed_revoke": (lambda o: "/reseau/calendrier/abonnements/1/revoquer/", _s(405, 405, 405, 405, 405)),
    # A calendar client cannot log in: the feed answers to its secret token alone, 404 to any other.
    "feed": (lambda o: "/reseau/calendrier/abonnement/inconnu.ics", _s(404, 404, 404, 404, 404, 404)),
    "actions_export": (lambda o: "/reseau/plan/export.xlsx", _s(200, 200, 200, 200, 200)),
}


def network_routes():
    return {route.name.removeprefix("network:"): route for route in walk() if route.name and route.name.startswith("network:")}


def test_every_url_has_an_entry():
    assert set(network_routes()) == set(PAGES)


def test_every_route_is_under_reseau():
    assert all(route.route.startswith("reseau/") for route in network_routes().values())


@pytest.mark.parametrize("name", sorted(PAGES))
def test_personas(name, network, clients):
    path, expected = PAGES[name]
    url = path(network)
    got = {persona: clients[persona].get(url).status_code for persona in PERSONAS}
    assert got == expected, url


def test_unknown_objects_answer_404(clients):
    for url in (
        "/reseau/actions/999999/",
        "/reseau/actions/999999/modifier/",
        "/reseau/jalons/999999/modifier/",
        "/reseau/plans/999999/modifier/",
    ):
        assert clients["coordinator"].get(url).status_code == 404


def test_a_password_only_session_sees_nothing(network):
    from django.test import Client

    client = Client()
    client.force_login(network["members"]["coordinator"].user)  # no second factor
    response = client.get("/reseau/plan/")
    assert response.status_code == 302 and "/comptes/" in response.url
