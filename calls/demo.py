"""Demo of the calls for projects: the CISPD's yearly call (seed 002: 20 000 € for the partner associations' innovative
actions). Last year's call is decided: two projects funded (they feed the action plan), one not retained, one final
report. This year's call is open: three applications, scored by two reviewers designated by the coordinator, one
review outdated by a change of its application. Idempotent."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Role
from calls import actions
from calls.models import Application, CallForProjects, Criterion, FinalReport
from territory.models import Commune

VM = "245901160"
CRITERIA = [
    ("Caractère novateur de l'action", 5),
    ("Public touché et besoins du territoire", 5),
    ("Partenariats mobilisés", 5),
    ("Réalisme du budget et du calendrier", 5),
]
LAST_YEAR = [
    # (organisation key, title, audience, budget, requested, decision amount or 0, report outputs or None)
    (
        "cidff",
        "Permanences juridiques itinérantes dans les communes rurales",
        "victims",
        12_000,
        7000,
        7000,
        {"people_reached": 64, "professionals_trained": 0, "pupils_reached": 0, "documents_produced": 1, "spent_amount": 6800},
    ),
    ("ajar", "Théâtre-forum sur les violences dans les relations amoureuses des adolescents", "young", 15_000, 9000, 8000, None),
    ("lapose", "Groupe de parole pour hommes auteurs de violences", "perpetrators", 9000, 6000, 0, None),
]
THIS_YEAR = [
    ("ajar", "Lieu d'écoute, d'accueil et d'orientation (LEAO) : préfiguration", "victims", 30_000, 12_000),
    ("cidff", "Sensibilisation à l'égalité filles-garçons dans les collèges", "young", 10_000, 6000),
    ("lapose", "Stage de responsabilisation renforcé pour les auteurs", "perpetrators", 14_000, 8000),
]
REVIEWS = [
    # (application index, reviewer index, scores, recommendation)
    (0, 0, [5, 5, 4, 3], "fund"),
    (0, 1, [4, 5, 5, 3], "partly"),
    (1, 0, [3, 4, 4, 5], "fund"),
    (1, 1, [3, 3, 4, 4], "fund"),
    (2, 0, [2, 3, 3, 4], "partly"),
]


def _application(call, organisation, title, audience, budget, requested, communes, by=None):
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        title=title,
        summary="Projet de démonstration (fictif) : " + title.lower() + ".",
        audience=audience,
        budget_total=budget,
        requested_amount=requested,
        starts_on=call.decision_on,
        ends_on=call.decision_on + datetime.timedelta(days=300) if call.decision_on else None,
        created_by=by,
    )
    application.communes.set(communes)
    return application


def _call(title, year, opens_on, closes_on, decision_on, coordinator):
    call = CallForProjects.objects.create(
        title=title,
        year=year,
        funder="CISPD",
        description="Appel à projets propre au CISPD, pour accompagner les partenaires associatifs proposant des actions novatrices pour le territoire.",
        envelope=20_000,
        opens_on=opens_on,
        closes_on=closes_on,
        decision_on=decision_on,
        created_by=coordinator.user,
    )
    call.epcis.set([VM])
    for order, (label, top) in enumerate(CRITERIA, start=1):
        Criterion.objects.create(call=call, label=label, max_score=top, order=order)
    return call


@transaction.atomic
def load(rng, context):
    organisations = context.get("organisations") or {}
    if not organisations or CallForProjects.objects.exists():
        return
    coordinator = Membership.objects.active().filter(role=Role.COORDINATOR).first()
    reviewers = [
        m
        for m in (
            Membership.objects.active().filter(organisation=organisations.get("parquet"), role=Role.PRACTITIONER).first(),
            Membership.objects.active().filter(organisation=organisations.get("isc_police"), role=Role.PRACTITIONER).first(),
        )
        if m is not None
    ]
    if coordinator is None or len(reviewers) < 2:
        return
    today = timezone.localdate()
    vm_communes = list(Commune.objects.filter(epci_id=VM).order_by("name"))
    if not vm_communes:
        return
    # Last year's call, decided.
    past = _call(
        f"Appel à projets du CISPD {today.year - 1}",
        today.year - 1,
        datetime.date(today.year - 1, 1, 15),
        datetime.date(today.year - 1, 3, 31),
        datetime.date(today.year - 1, 5, 15),
        coordinator,
    )
    past.reviewers.set(reviewers)
    for index, (key, title, audience, budget, requested, amount, report) in enumerate(LAST_YEAR):
        application = _application(past, organisations[key], title, audience, budget, requested, vm_communes[index * 3 : index * 3 + 4])
        for reviewer in reviewers:
            actions.save_review(
                membership=reviewer,
                application=application,
                recommendation="fund" if amount else "reject",
                comment="",
                scores=dict.fromkeys(past.criteria.all(), 4 if amount else 2),
            )
        award = actions.decide(membership=coordinator, application=application, outcome="funded" if amount else "rejected", amount=amount)
        award.decided_on = past.decision_on
        award.save(update_fields=["decided_on"])
        if report:
            admin = Membership.objects.active().filter(organisation=organisations[key]).first() or coordinator
            report_row = FinalReport.objects.create(
                application=application, summary="Bilan de démonstration (fictif).", submitted_by=admin.user, **report
            )
            application.refresh_from_db()
            from calls import plan

            plan.report_to_plan(report_row, admin)
    # This year's call, open.
    current = _call(
        f"Appel à projets du CISPD {today.year}",
        today.year,
        today - datetime.timedelta(days=30),
        today + datetime.timedelta(days=45),
        today + datetime.timedelta(days=75),
        coordinator,
    )
    current.reviewers.set(reviewers)
    criteria = list(current.criteria.all())
    filed = []
    for index, (key, title, audience, budget, requested) in enumerate(THIS_YEAR):
        filed.append(_application(current, organisations[key], title, audience, budget, requested, vm_communes[index * 4 : index * 4 + 3]))
    for app_index, reviewer_index, scores, recommendation in REVIEWS:
        actions.save_review(
            membership=reviewers[reviewer_index],
            application=filed[app_index],
            recommendation=recommendation,
            comment="",
            scores=dict(zip(criteria, scores, strict=True)),
        )
    # The LEAO's application changed after its reviews: they are shown outdated.
    Application.objects.filter(pk=filed[0].pk).update(version=2, updated_at=timezone.now(), requested_amount=11_000)
    stdout = context.get("stdout")
    if stdout is not None:
        stdout.write(f"  appels à projets : {CallForProjects.objects.count()} appels du CISPD, {Application.objects.count()} dossiers")
