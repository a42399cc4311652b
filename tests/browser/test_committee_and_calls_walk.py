"""The coordinator's walk in Chromium through the committee and the calls for projects, axe-core on every page,
screenshots in test-artifacts/ (committee-*.png, calls-*.png).

Committee: she creates a meeting (forgetting the attendees first), an association puts a situation forward, she records
a decision and gives an action, then reads the minutes and their PDF. Calls: she opens a call (dates in the wrong order
first), adds a criterion and a reviewer, decides an award above what is left of the envelope (refused, in French),
then within it."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from calls.models import Award, CallForProjects
from casework.models import DangerLevel, PersonRole, Side
from committee import actions as committee_actions
from committee.models import Basis, CommitteeAction, Decision, Meeting, Reason
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.browser.conftest import login, screenshot, serious_violations
from tests.calls.conftest import VM, make_application
from tests.casework.factories import PersonFactory, SituationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page):
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_load_state()


def test_the_coordinator_steers_a_committee_meeting(page, live_server):
    alpha = OrganisationFactory(name="Association Alpha (fictive)", accompanies="victims")
    beta = OrganisationFactory(name="Association Bêta (fictive)", accompanies="victims")
    member = MembershipFactory(organisation=alpha, role=Role.PRACTITIONER)
    coordinator = MembershipFactory(organisation=OrganisationFactory(name="Agglomération fictive"), role=Role.COORDINATOR)
    situation = SituationFactory(organisation=alpha, side=Side.VICTIM, danger_level=DangerLevel.HIGH, flagged_for_committee=True)
    PersonFactory(situation=situation, role=PersonRole.VICTIM, first_name="Zélie", last_name="Fictive-Martin")

    login(page, live_server.url, coordinator.user)
    page.goto(f"{live_server.url}/reseau/comite/")
    assert serious_violations(page) == []
    page.click("main >> text=Nouvelle séance")
    day = timezone.localdate() + datetime.timedelta(days=7)
    page.fill("#id_date", day.isoformat())
    page.fill("#id_place", "Salle du conseil")
    _submit(page)
    assert "Organisations participantes : Ce champ est obligatoire." in page.inner_text("main")
    assert not Meeting.objects.exists()
    assert serious_violations(page) == []
    screenshot(page, "committee-meeting-form-error")
    page.get_by_label("Association Alpha (fictive)").check()
    page.get_by_label("Association Bêta (fictive)").check()
    _submit(page)
    page.wait_for_selector("h1:has-text('Comité de suivi')")
    meeting = Meeting.objects.get()

    committee_actions.put_forward(membership=member, meeting=meeting, situation=situation, reason=Reason.HIGH_DANGER, basis=Basis.CONSENT)
    page.reload()
    assert situation.reference in page.inner_text("main")
    assert "Zélie" not in page.content() and "Fictive-Martin" not in page.content()
    page.click("text=Enregistrer une décision")
    page.fill(f"#d{meeting.items.get().pk}-text", "Demande de téléphone grave danger au parquet.")
    page.click("main details form button[type=submit]")
    page.wait_for_selector("text=Décision enregistrée.")
    assert Decision.objects.get().text == "Demande de téléphone grave danger au parquet."
    page.click("text=Confier une action")
    page.fill("#id_description", "Proposer un accompagnement juridique.")
    page.select_option("#id_owner", label="Association Bêta (fictive)")
    page.fill("#id_due_on", (day + datetime.timedelta(days=20)).isoformat())
    assert serious_violations(page) == []
    _submit(page)
    page.wait_for_selector("text=Action confiée à Association Bêta (fictive).")
    assert CommitteeAction.objects.get().owner == beta
    assert serious_violations(page) == []
    screenshot(page, "committee-meeting")
    page.click("main >> text=Compte rendu >> nth=0")
    page.wait_for_selector("h1:has-text('Compte rendu')")
    assert "Proposer un accompagnement juridique." in page.inner_text("main")
    assert serious_violations(page) == []
    screenshot(page, "committee-minutes")
    pdf = page.request.get(f"{live_server.url}/reseau/comite/seances/{meeting.pk}/compte-rendu.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    (screenshot.__globals__["ARTIFACTS"] / "committee-minutes.pdf").write_bytes(pdf.body())
    page.goto(f"{live_server.url}/reseau/comite/actions/")
    assert "Proposer un accompagnement juridique." in page.inner_text("main")
    assert serious_violations(page) == []
    screenshot(page, "committee-actions")


def test_the_coordinator_runs_a_call_for_projects(page, live_server, territory):
    from territory.models import Commune

    alpha = OrganisationFactory(name="Association Alpha (fictive)", accompanies="victims")
    alpha.communes.set(Commune.objects.filter(epci_id=VM)[:4])
    reviewer = MembershipFactory(
        organisation=OrganisationFactory(name="Sous-préfecture fictive"),
        role=Role.PRACTITIONER,
        user__first_name="Rémi",
        user__last_name="Relecteur",
    )
    coordinator = MembershipFactory(organisation=OrganisationFactory(name="Agglomération fictive"), role=Role.COORDINATOR)
    today = timezone.localdate()

    login(page, live_server.url, coordinator.user)
    page.goto(f"{live_server.url}/reseau/appels/")
    assert serious_violations(page) == []
    page.click("main >> text=Nouvel appel à projets")
    page.fill("#id_title", "Appel à projets du CISPD (fictif)")
    page.fill("#id_year", str(today.year))
    page.fill("#id_funder", "CISPD")
    page.fill("#id_envelope", "20000")
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_closes_on", (today - datetime.timedelta(days=3)).isoformat())
    page.get_by_label("CA Valenciennes Métropole").check()
    _submit(page)
    assert "La date limite de dépôt doit suivre l'ouverture des candidatures." in page.inner_text("main")
    assert not CallForProjects.objects.exists()
    assert serious_violations(page) == []
    screenshot(page, "calls-form-error")
    page.fill("#id_closes_on", (today + datetime.timedelta(days=30)).isoformat())
    _submit(page)
    page.wait_for_selector("h1:has-text('Appel à projets du CISPD (fictif)')")
    call = CallForProjects.objects.get()
    page.click("text=Ajouter un critère")
    page.fill("#id_label", "Caractère novateur")
    page.fill("#id_max_score", "5")
    page.click("main form[action$='/criteres/'] button[type=submit]")
    page.wait_for_selector("text=Critère ajouté à la grille.")
    page.click("text=Désigner un membre")
    page.select_option("#id_membership", label="Rémi Relecteur (Sous-préfecture fictive)")
    page.click("main form[action$='/evaluateurs/'] button[type=submit]")
    page.wait_for_selector("text=Membre ajouté au comité de sélection.")
    assert list(call.reviewers.all()) == [reviewer]
    assert serious_violations(page) == []
    screenshot(page, "calls-call")

    application = make_application(call, alpha, requested=15_000, budget=18_000)
    other = make_application(call, alpha, title="Deuxième projet (fictif)", requested=8000, budget=9000)
    from calls import actions as call_actions

    call_actions.save_review(
        membership=reviewer, application=other, recommendation="fund", comment="", scores=dict.fromkeys(call.criteria.all(), 4)
    )
    page.goto(f"{live_server.url}/reseau/appels/dossiers/{application.pk}/")
    page.select_option("#id_outcome", "funded")
    page.fill("#id_amount", "15000")
    page.click("main form[action$='/decision/'] button[type=submit]")
    page.wait_for_selector("text=Décision enregistrée")
    page.goto(f"{live_server.url}/reseau/appels/dossiers/{other.pk}/")
    assert "total moyen 4" in page.inner_text("main")
    page.select_option("#id_outcome", "funded")
    page.fill("#id_amount", "8000")
    page.click("main form[action$='/decision/'] button[type=submit]")
    page.wait_for_selector("text=il dépasse ce qui reste de l'enveloppe (5000 €)")
    assert Award.objects.count() == 1
    assert serious_violations(page) == []
    screenshot(page, "calls-application-refused")
    page.fill("#id_amount", "5000")
    page.click("main form[action$='/decision/'] button[type=submit]")
    page.wait_for_selector("text=Décision enregistrée")
    page.goto(f"{live_server.url}/reseau/appels/{call.pk}/")
    assert serious_violations(page) == []
    screenshot(page, "calls-call-decided")
    assert sum(Award.objects.values_list("amount", flat=True)) == 20_000
