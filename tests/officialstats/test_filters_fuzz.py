"""The official statistics' filters and the report's form fuzzed with hypothesis: whatever is asked, never a server
error (a French 400 for what cannot be read), and nothing is written."""

import pytest

from accounts.models import Role
from officialstats.models import Dataset, Figure, Indicator, ReferenceArea
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.conftest import verified_client
from tests.fuzz import fuzz, values

pytestmark = pytest.mark.django_db
WATCHED = [Figure, Indicator, Dataset, ReferenceArea]
TERRITORIES = ("arrondissement:596", "epci:245901160", "commune:59606", "departement:59", "commune:99999", "region:32", "arrondissement:")
INDICATORS = ("coups-et-blessures-volontaires-intrafamiliaux", "violences-sexuelles", "local-plaintes")


@pytest.fixture
def analyst_client(official_statistics):
    analyst = MembershipFactory(organisation=OrganisationFactory(name="Observatoire (fictif)"), role=Role.ANALYST)
    return verified_client(analyst.user, analyst)


@pytest.mark.parametrize("path", ["comparaison.csv", "chiffres-locaux.csv", "carte.csv"])
def test_statistics_filters_never_fail(analyst_client, path):
    fields = {"territoire": values(*TERRITORIES), "indicateur": values(*INDICATORS)}

    def send(data):
        response = analyst_client.get(f"/observatoire/statistiques/{path}", {k: v.replace("\x00", "") for k, v in data.items()})
        assert response.status_code in (200, 400), (data, response.status_code)
        return response

    fuzz(send, fields, WATCHED, examples=15, accepted=(200,))


def test_report_form_never_fails(analyst_client):
    fields = {
        "territoire": values("commune:59606", "commune:99999", "epci:1"),
        "annee": values("2023", "3000", "1999", "deux"),
        "edition": values("pro", "public", "tout"),
    }

    def send(data):
        response = analyst_client.get("/observatoire/statistiques/rapport/annexe.xlsx", {k: v.replace("\x00", "") for k, v in data.items()})
        assert response.status_code in (200, 400), (data, response.status_code)
        return response

    fuzz(send, fields, WATCHED, examples=10, accepted=(200,))
