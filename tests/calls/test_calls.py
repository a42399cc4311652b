"""The rules of the calls for projects: applications from the territory only, within budget and envelope; reviews by
criterion, outdated when the application changes; the summary per application; decisions whose awarded total never
exceeds the envelope, enforced by the database; the final report of a funded project."""

import contextlib
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calls import actions
from calls.models import Application, Award, CallForProjects, Document, FinalReport, Review
from territory.models import Commune
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.calls.conftest import CAPH, make_application
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def _application_form(communes, **changes):
    data = {
        "title": "Permanence d'écoute au centre social (fictif)",
        "summary": "Une permanence hebdomadaire.",
        "audience": "victims",
        "communes": [c.pk for c in communes],
        "budget_total": "8000",
        "requested_amount": "4000",
        "starts_on": "",
        "ends_on": "",
    }
    data.update(changes)
    return data


def test_an_association_of_the_territory_files_an_application(org_admin_client, call, organisation):
    communes = list(organisation.communes.all()[:2])
    response = org_admin_client.post(f"/reseau/appels/{call.pk}/deposer/", _application_form(communes))
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.organisation, application.requested_amount, application.version) == (organisation, 4000, 1)
    assert set(application.communes.all()) == set(communes)


def test_an_application_from_outside_the_territory_is_refused(call):
    caph = OrganisationFactory(name="Association Gamma de la Porte du Hainaut (fictive)")
    caph.communes.set(Commune.objects.filter(epci_id=CAPH)[:3])
    admin = MembershipFactory(organisation=caph, role="org_admin")
    client = verified_client(admin.user, admin)
    response = client.post(f"/reseau/appels/{call.pk}/deposer/", _application_form(list(call.epcis.first().communes.all()[:1])))
    assert response.status_code == 422
    assert "Organisation : Association Gamma de la Porte du Hainaut (fictive) n&#x27;intervient sur aucune commune" in response.text
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"requested_amount": "9000"}, "ne peut pas dépasser le budget total"),
        ({"requested_amount": "25000", "budget_total": "30000"}, "dépasse l&#x27;enveloppe de l&#x27;appel (20000 €)"),
        ({"budget_total": "-5"}, "Budget total du projet (€) : "),
        ({"communes": ["99999"]}, "Communes concernées : "),
    ],
)
def test_bad_amounts_and_communes_are_named(org_admin_client, call, organisation, changes, message):
    data = {**_application_form(list(organisation.communes.all()[:1])), **changes}
    response = org_admin_client.post(f"/reseau/appels/{call.pk}/deposer/", data)
    assert response.status_code == 422 and message in response.text
    assert not Application.objects.exists()


def test_a_closed_call_takes_no_application(org_admin_client, call, organisation):
    CallForProjects.objects.filter(pk=call.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    response = org_admin_client.post(f"/reseau/appels/{call.pk}/deposer/", _application_form(list(organisation.communes.all()[:1])))
    assert response.status_code == 302 and not Application.objects.exists()


def _scores(call, *values):
    return {f"score_{c.pk}": str(v) for c, v in zip(call.criteria.all(), values, strict=True)}


def test_reviews_are_summed_and_averaged_and_outdated_once_the_application_changes(
    reviewer_client, reviewer, coordinator_client, org_admin_client, call, application, organisation
):
    second = MembershipFactory(organisation=OrganisationFactory(name="Département fictif"))
    call.reviewers.add(second)
    second_client = verified_client(second.user, second)
    url = f"/reseau/appels/dossiers/{application.pk}/evaluer/"
    assert reviewer_client.post(url, {**_scores(call, 4, 3, 8), "recommendation": "fund"}).status_code == 302
    assert second_client.post(url, {**_scores(call, 2, 5, 6), "recommendation": "partly"}).status_code == 302
    page = coordinator_client.get(f"/reseau/appels/dossiers/{application.pk}/").text
    assert "total moyen 14.0 / 20" in page or "total moyen 14,0 / 20" in page
    assert "à revoir" not in page
    # A score above its criterion's maximum is refused, naming the criterion.
    response = reviewer_client.post(url, {**_scores(call, 6, 3, 8), "recommendation": "fund"})
    assert response.status_code == 422 and "Caractère novateur (sur 5) : La note est au plus 5." in response.text
    # The association changes its application: both reviews are outdated.
    response = org_admin_client.post(
        f"/reseau/appels/dossiers/{application.pk}/modifier/",
        _application_form(list(application.communes.all()), title=application.title, requested_amount="5000"),
    )
    assert response.status_code == 302
    page = coordinator_client.get(f"/reseau/appels/dossiers/{application.pk}/").text
    assert page.count("à revoir : dossier modifié depuis") == 2
    assert "2 à revoir" in coordinator_client.get(f"/reseau/appels/{call.pk}/").text
    # The reviewer scores again: hers is current, the other still outdated.
    assert reviewer_client.post(url, {**_scores(call, 4, 4, 8), "recommendation": "fund"}).status_code == 302
    page = coordinator_client.get(f"/reseau/appels/dossiers/{application.pk}/").text
    assert page.count("à revoir : dossier modifié depuis") == 1
    assert Review.objects.count() == 2


def test_a_new_document_outdates_the_reviews(reviewer, org_admin_client, call, application):
    actions.save_review(
        membership=reviewer, application=application, recommendation="fund", comment="", scores=dict.fromkeys(call.criteria.all(), 1)
    )
    upload = SimpleUploadedFile("budget prévisionnel.pdf", b"%PDF-1.4 fictif", content_type="application/pdf")
    assert org_admin_client.post(f"/reseau/appels/dossiers/{application.pk}/pieces/", {"file": upload}).status_code == 302
    assert Document.objects.get().name == "budget prévisionnel.pdf"
    assert Review.objects.get().outdated


def test_a_document_of_another_type_is_refused(org_admin_client, application):
    upload = SimpleUploadedFile("script.html", b"<script>alert(1)</script>", content_type="text/html")
    response = org_admin_client.post(f"/reseau/appels/dossiers/{application.pk}/pieces/", {"file": upload}, follow=True)
    assert "Ce type de fichier n&#x27;est pas accepté" in response.text and not Document.objects.exists()


def test_a_reviewer_never_scores_her_own_organisations_application(call, organisation):
    own = MembershipFactory(organisation=organisation)
    call.reviewers.add(own)
    application = make_application(call, organisation)
    assert verified_client(own.user, own).get(f"/reseau/appels/dossiers/{application.pk}/evaluer/").status_code == 404


def test_awards_stay_within_the_envelope(coordinator_client, call, organisation, other_organisation):
    first = make_application(call, organisation, requested=15_000, budget=20_000)
    second = make_application(call, other_organisation, title="Campagne d'affichage (fictif)", requested=8000, budget=9000)
    response = coordinator_client.post(f"/reseau/appels/dossiers/{first.pk}/decision/", {"outcome": "funded", "amount": "15000"})
    assert response.status_code == 302 and Award.objects.get().amount == 15_000
    response = coordinator_client.post(
        f"/reseau/appels/dossiers/{second.pk}/decision/", {"outcome": "funded", "amount": "8000"}, follow=True
    )
    assert "Montant accordé : il dépasse ce qui reste de l&#x27;enveloppe (5000 €)" in response.text
    assert Award.objects.count() == 1
    response = coordinator_client.post(f"/reseau/appels/dossiers/{second.pk}/decision/", {"outcome": "funded", "amount": "5000"})
    assert sum(Award.objects.values_list("amount", flat=True)) == 20_000
    # More than requested is refused too; a second decision on the same application as well.
    third = make_application(call, other_organisation, title="Formation des bénévoles (fictif)", requested=100, budget=200)
    response = coordinator_client.post(f"/reseau/appels/dossiers/{third.pk}/decision/", {"outcome": "funded", "amount": "150"}, follow=True)
    assert "dépasse le montant demandé (100 €)" in response.text
    response = coordinator_client.post(f"/reseau/appels/dossiers/{third.pk}/decision/", {"outcome": "rejected"})
    assert Award.objects.get(application=third).amount == 0


def test_the_database_refuses_an_award_above_the_envelope_whatever_writes_it(call, organisation, coordinator):
    """Past the application code: an insert, an update, or a smaller envelope that the awards would exceed."""
    first = make_application(call, organisation, requested=15_000, budget=20_000)
    second = make_application(call, organisation, title="Second projet (fictif)", requested=8000, budget=9000)
    Award.objects.create(application=first, call=call, outcome="funded", amount=15_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(application=second, call=call, outcome="funded", amount=6000)
    award = Award.objects.create(application=second, call=call, outcome="funded", amount=5000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.filter(pk=award.pk).update(amount=5001)
    with pytest.raises(IntegrityError), transaction.atomic():
        CallForProjects.objects.filter(pk=call.pk).update(envelope=19_999)
    CallForProjects.objects.filter(pk=call.pk).update(envelope=25_000)
    assert sum(Award.objects.values_list("amount", flat=True)) == 20_000


def test_lowering_the_envelope_below_the_awards_is_refused_on_the_form(coordinator_client, call, funded):
    data = {
        "title": call.title,
        "year": call.year,
        "funder": call.funder,
        "description": "",
        "envelope": "4000",
        "opens_on": call.opens_on.isoformat(),
        "closes_on": call.closes_on.isoformat(),
        "decision_on": "",
        "epcis": [e.pk for e in call.epcis.all()],
    }
    response = coordinator_client.post(f"/reseau/appels/{call.pk}/modifier/", data)
    assert response.status_code == 422 and "inférieure au total déjà accordé" in response.text
    call.refresh_from_db()
    assert call.envelope == 20_000


@settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=st.lists(st.integers(min_value=0, max_value=25_000), min_size=1, max_size=6), envelope=st.integers(1, 30_000))
def test_whatever_the_decisions_the_awarded_total_never_exceeds_the_envelope(call, organisation, coordinator, amounts, envelope):
    Award.objects.filter(call=call).delete()
    Application.objects.filter(call=call).delete()
    CallForProjects.objects.filter(pk=call.pk).update(envelope=envelope)
    for index, amount in enumerate(amounts):
        application = make_application(call, organisation, title=f"Projet {index}", requested=max(amount, 1), budget=max(amount, 1))
        with contextlib.suppress(actions.EnvelopeExceeded):
            actions.decide(membership=coordinator, application=application, outcome="funded" if amount else "rejected", amount=amount)
        total = sum(Award.objects.filter(call=call).values_list("amount", flat=True))
        assert total <= envelope


def test_a_funded_project_reports_its_outputs(org_admin_client, coordinator_client, funded, application):
    assert org_admin_client.get(f"/reseau/appels/dossiers/{application.pk}/bilan/").status_code == 404  # not funded
    data = {
        "summary": "Douze séances dans quatre collèges.",
        "spent_amount": "4800",
        "people_reached": "0",
        "professionals_trained": "6",
        "pupils_reached": "420",
        "documents_produced": "1",
    }
    assert org_admin_client.post(f"/reseau/appels/dossiers/{funded.pk}/bilan/", {**data, "pupils_reached": "-3"}).status_code == 422
    assert org_admin_client.post(f"/reseau/appels/dossiers/{funded.pk}/bilan/", data).status_code == 302
    report = FinalReport.objects.get()
    assert (report.pupils_reached, report.professionals_trained, report.spent_amount) == (420, 6, 4800)
    assert "420" in coordinator_client.get(f"/reseau/appels/dossiers/{funded.pk}/").text


def test_calendar_items_give_each_calls_dates(call):
    from calls.queries import calendar_items

    items = calendar_items(None)
    assert {(i["kind"], i["date"]) for i in items} == {("call_opens", call.opens_on), ("call_deadline", call.closes_on)}
    assert all(i["url"] == f"/reseau/appels/{call.pk}/" for i in items)


def test_a_funded_project_feeds_the_action_plan_and_its_report_the_actions_outputs(coordinator_client, org_admin_client, call, application):
    from network.models import Action, ActionPlan

    today = timezone.localdate()
    plan = ActionPlan.objects.create(
        title="Plan fictif", territory="Valenciennes", starts_on=today.replace(month=1, day=1), ends_on=today.replace(month=12, day=31)
    )
    response = coordinator_client.post(f"/reseau/appels/dossiers/{application.pk}/decision/", {"outcome": "funded", "amount": "6000"})
    assert response.status_code == 302
    action = Action.objects.get()
    application.refresh_from_db()
    assert application.plan_action == action
    assert (action.plan, action.lead, action.axis, action.title) == (plan, application.organisation, "victims", application.title)
    assert [(f.source, int(f.amount)) for f in action.fundings.all()] == [("cispd", 6000)]
    assert set(action.communes.all()) == set(application.communes.all())
    data = {
        "summary": "Dix groupes de parole.",
        "spent_amount": "5900",
        "people_reached": "37",
        "professionals_trained": "2",
        "pupils_reached": "0",
        "documents_produced": "1",
    }
    assert org_admin_client.post(f"/reseau/appels/dossiers/{application.pk}/bilan/", data).status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert (action.output.people_reached, action.output.documents_produced, action.output.professionals_trained) == (37, 1, 2)
    assert application.title in coordinator_client.get("/reseau/plan/qui-fait-quoi/").text


def test_without_a_plan_for_the_year_the_award_stands_alone(coordinator_client, application):
    from network.models import Action

    response = coordinator_client.post(f"/reseau/appels/dossiers/{application.pk}/decision/", {"outcome": "funded", "amount": "6000"})
    assert response.status_code == 302 and Award.objects.get().amount == 6000 and not Action.objects.exists()
