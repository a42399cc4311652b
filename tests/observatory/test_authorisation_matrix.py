"""Every page of the observatory for every persona; a route added under /observatoire/ without its row fails."""

import pytest
from django.test import Client

from tests.casework import urlwalk
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db

PERSONAS = ["analyst", "coordinator", "practitioner", "org_admin", "password_only", "anonymous"]


def _s(analyst, coordinator, practitioner, org_admin, password_only, anonymous):
    return dict(zip(PERSONAS, (analyst, coordinator, practitioner, org_admin, password_only, anonymous), strict=True))


# Route name -> (path, expected status by persona). The dashboard sends the other roles and visitors to the public
# edition (302); the professional pages answer 404 to them, as for a page that does not exist.
PAGES = {
    "observatory:home": ("/observatoire/", _s(200, 200, 302, 302, 302, 302)),
    "observatory:indicator": ("/observatoire/indicateurs/situations_opened/", _s(200, 200, 404, 404, 302, 302)),
    "observatory:indicator_csv": ("/observatoire/indicateurs/situations_opened/donnees.csv", _s(200, 200, 404, 404, 302, 302)),
    "observatory:indicator_xlsx": ("/observatoire/indicateurs/situations_opened/donnees.xlsx", _s(200, 200, 404, 404, 302, 302)),
    "observatory:indicator_svg": ("/observatoire/indicateurs/situations_opened/graphique.svg", _s(200, 200, 404, 404, 302, 302)),
    "observatory:flows_download": ("/observatoire/orientations.csv", _s(200, 200, 404, 404, 302, 302)),
    "observatory:open_data": ("/observatoire/donnees-ouvertes/", _s(200, 200, 200, 200, 200, 200)),
    "observatory:open_data_csv": ("/observatoire/donnees-ouvertes/observatoire.csv", _s(200, 200, 200, 200, 200, 200)),
}


def test_every_url_has_an_entry():
    # The official statistics (app officialstats, under « observatoire/statistiques/ ») have their own matrix.
    names = {
        route.key
        for route in urlwalk.walk()
        if route.route.startswith("observatoire/") and not route.route.startswith("observatoire/statistiques/")
    }
    assert names == set(PAGES)


@pytest.fixture
def clients(analyst, coordinator, member, org_admin):
    password_only = Client()
    password_only.force_login(analyst.user)  # the second factor not yet passed
    return {
        "analyst": verified_client(analyst.user, analyst),
        "coordinator": verified_client(coordinator.user, coordinator),
        "practitioner": verified_client(member.user, member),
        "org_admin": verified_client(org_admin.user, org_admin),
        "password_only": password_only,
        "anonymous": Client(),
    }


@pytest.mark.parametrize("name", sorted(PAGES))
def test_personas(name, clients):
    path, expected = PAGES[name]
    got = {persona: clients[persona].get(path).status_code for persona in PERSONAS}
    assert got == expected, path
