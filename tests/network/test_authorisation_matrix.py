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
