"""The action plan's pages: who creates and edits what, outputs, late milestones, filters, "qui fait quoi"."""

import datetime

import pytest
from django.apps import apps

from network.models import Action, ActionOutput, Milestone
from tests.network.factories import ActionFactory, MilestoneFactory

pytestmark = pytest.mark.django_db
WATCHED = list(apps.get_app_config("network").get_models())


def counts():
    return {m._meta.label: m._default_manager.count() for m in WATCHED}


def action_data(network, **overrides):
    data = {
        "plan": network["plan"].pk,
        "axis": "training",
        "kind": "training",
        "title": "Formation au repérage (fictive)",
        "lead": network["lead"].pk,
        "partners": [network["other"].pk],
        "audience": "professionals",
        "starts_on": "2026-01-10",
        "ends_on": "2026-03-10",
        "status": "planned",
        "budget": "1500",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_an_action_for_any_lead(network, clients):
    response = clients["coordinator"].post("/reseau/actions/nouvelle/", action_data(network))
    assert response.status_code == 302
    action = Action.objects.get(title="Formation au repérage (fictive)")
    assert action.lead == network["lead"] and list(action.partners.all()) == [network["other"]]


def test_org_admin_creates_actions_her_organisation_leads_whatever_is_posted(network, clients):
    response = clients["other_admin"].post("/reseau/actions/nouvelle/", action_data(network, lead=network["lead"].pk, partners=[]))
    assert response.status_code == 302
    assert Action.objects.get(title="Formation au repérage (fictive)").lead == network["other"]


def test_other_admin_cannot_edit_nor_report_and_writes_nothing(network, clients):
    before = counts()
    action = network["action"]
    assert clients["other_admin"].post(f"/reseau/actions/{action.pk}/modifier/", action_data(network)).status_code == 404
    assert clients["other_admin"].post(f"/reseau/actions/{action.pk}/resultats/", {"people_reached": 3}).status_code == 404
    assert clients["practitioner"].post(f"/reseau/actions/{action.pk}/jalons/", {"title": "x", "due_on": "2026-01-01"}).status_code == 404
    assert counts() == before


def test_end_before_start_is_refused_naming_the_field_and_writes_nothing(network, clients):
    before = counts()
    response = clients["coordinator"].post("/reseau/actions/nouvelle/", action_data(network, ends_on="2025-01-01"))
    assert response.status_code == 422
    assert "Fin : La fin de l&#x27;action précède son début." in response.text
    assert counts() == before


def test_action_outside_the_plan_period_is_refused(network, clients):
    response = clients["coordinator"].post("/reseau/actions/nouvelle/", action_data(network, starts_on="2030-01-01", ends_on="2030-02-01"))
    assert response.status_code == 422 and "Début : L&#x27;action doit se dérouler" in response.text


def test_lead_cannot_be_its_own_partner(network, clients):
    response = clients["coordinator"].post("/reseau/actions/nouvelle/", action_data(network, partners=[network["lead"].pk]))
    assert response.status_code == 422 and "Partenaires : L&#x27;organisation pilote" in response.text


def test_missing_and_negative_values_are_named(network, clients):
    response = clients["coordinator"].post("/reseau/actions/nouvelle/", action_data(network, title="", budget="-5"))
    assert response.status_code == 422
    assert "Intitulé : Ce champ est obligatoire." in response.text
    assert "Budget total (€) : " in response.text


def test_lead_admin_reports_outputs_and_they_show(network, clients):
    action = network["action"]
    data = {
        "people_reached": "120",
        "pupils_reached": "80",
        "documents_produced": "2",
        "trained_social": "12",
        "trained_police": "3",
        "notes": "Bilan",
    }
    assert clients["lead_admin"].post(f"/reseau/actions/{action.pk}/resultats/", data).status_code == 302
    output = ActionOutput.objects.get(action=action)
    assert (output.people_reached, output.pupils_reached, output.professionals_trained) == (120, 80, 15)
    # Reported again: replaced, not added.
    data["trained_police"] = ""
    clients["lead_admin"].post(f"/reseau/actions/{action.pk}/resultats/", data)
    assert ActionOutput.objects.get(action=action).professionals_trained == 12
    page = clients["practitioner"].get("/reseau/plan/qui-fait-quoi/").text
    assert "Campagne fictive" in page and "120 personnes touchées" in page


def test_negative_output_is_refused(network, clients):
    action = network["action"]
    response = clients["lead_admin"].post(
        f"/reseau/actions/{action.pk}/resultats/", {"people_reached": "-1", "pupils_reached": "0", "documents_produced": "0"}
    )
    assert response.status_code == 422 and "Personnes touchées : " in response.text
    assert not ActionOutput.objects.exists()


def test_late_milestones_stand_out(network, clients):
    today = datetime.date.today()
    MilestoneFactory(action=network["action"], title="Jalon oublié", due_on=today - datetime.timedelta(days=3))
    MilestoneFactory(action=network["action"], title="Jalon tenu", due_on=today - datetime.timedelta(days=3), done_on=today)
    timeline = clients["practitioner"].get("/reseau/plan/frise/").text
    assert 'class="row-late"' in timeline and "Jalon oublié" in timeline
    assert timeline.count("ms-late") == 2  # the 2025 milestone of the factory and the forgotten one
    home = clients["practitioner"].get("/reseau/").text
    assert "Jalon oublié" in home and "Jalon tenu" not in home
    assert "Jalon en retard" in clients["practitioner"].get("/reseau/plan/").text


def test_milestone_reached_is_no_longer_late(network, clients):
    milestone = network["milestone"]
    response = clients["lead_admin"].post(
        f"/reseau/jalons/{milestone.pk}/modifier/", {"title": milestone.title, "due_on": "2025-06-01", "done_on": "2025-06-03"}
    )
    assert response.status_code == 302
    assert not Milestone.objects.get(pk=milestone.pk).late


def test_filters(network, clients, territory):
    from territory.models import Commune

    valenciennes, denain = Commune.objects.get(insee_code="59606"), Commune.objects.get(name="Denain")
    there = ActionFactory(plan=network["plan"], axis="victims", lead=network["other"], title="Action à Denain")
    there.communes.add(denain)
    client = clients["practitioner"]
    page = client.get("/reseau/plan/", {"axis": "victims"}).text
    assert "Action à Denain" in page and "Campagne fictive" not in page
    # A commune keeps its actions and those of the whole territory.
    page = client.get("/reseau/plan/", {"commune": valenciennes.pk}).text
    assert "Action à Denain" not in page and "Campagne fictive" in page
    page = client.get("/reseau/plan/", {"organisation": network["other"].pk}).text
    assert "Action à Denain" in page and "Campagne fictive" in page  # as lead, as partner
    page = client.get("/reseau/plan/", {"status": "done"}).text
    assert "Aucune action ne correspond" in page


def test_unknown_filter_value_is_a_french_400(clients, network):
    response = clients["practitioner"].get("/reseau/plan/", {"axis": "nimporte", "organisation": "abc"})
    assert response.status_code == 400
    assert "Axe : Sélectionnez un choix valide." in response.text


def test_funding_source_once_per_action(network, clients):
    url = f"/reseau/actions/{network['action'].pk}/financements/"
    assert clients["coordinator"].post(url, {"source": "fipd", "amount": "1000"}).status_code == 302
    response = clients["coordinator"].post(url, {"source": "fipd", "amount": "500"})
    assert response.status_code == 422 and "Financeur : Ce financeur est déjà indiqué" in response.text


def test_network_home_links_to_the_committee_and_calls_only_when_they_exist(clients, network):
    from django.urls import NoReverseMatch, reverse

    text = clients["practitioner"].get("/reseau/").text
    for name in ("committee:home", "calls:home"):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        assert f'href="{url}"' in text


def test_who_does_what_unknown_plan_is_404(clients, network):
    assert clients["practitioner"].get("/reseau/plan/qui-fait-quoi/", {"plan": "abc"}).status_code == 404
    assert clients["practitioner"].get("/reseau/plan/qui-fait-quoi/", {"plan": "99999"}).status_code == 404


def test_timeline_coordinates_are_not_localised(network, clients):
    """French formats write « 412,5 »: an SVG coordinate must keep its point."""
    import re

    text = clients["practitioner"].get("/reseau/plan/frise/").text
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert not re.search(r'(?:x|x1|width)="\d+,\d', svg)
    assert re.search(r'<rect x="\d+(\.\d+)?" y="\d+" width="\d+(\.\d+)?"', svg)
