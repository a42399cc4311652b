"""The network's JSON API (/api/reseau/): the action plan and its outputs, trainings and registration, school
sessions, working groups and their tasks, the calendar. Same gate (network.access) and same forms as the pages: a bad
value gets the page's French message naming the field (422), an action the token may not change answers 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from casework.api import Id, _form_or_422
from network import access, calendar, queries, trainings
from network import actions as plan_actions
from network.forms import ActionFilterForm, ActionForm, GroupTaskForm, OutputForm, SchoolFilterForm
from network.models import Action, RegistrationStatus, TrainingCycle, WorkingGroup

router = Router(tags=["réseau"])


def _membership(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        raise HttpError(403, "Aucune organisation associée à ce jeton.")
    return membership


def _action_json(a, full=False):
    data = {
        "id": a.pk,
        "plan": a.plan.title,
        "title": a.title,
        "axis": a.axis,
        "kind": a.kind,
        "status": a.status,
        "audience": a.audience,
        "lead": {"id": a.lead_id, "name": a.lead.name},
        "partners": [{"id": p.pk, "name": p.name} for p in a.partners.all()],
        "communes": [c.insee_code for c in a.communes.all()],
        "starts_on": a.starts_on.isoformat(),
        "ends_on": a.ends_on.isoformat(),
        "budget": str(a.budget),
        "late_milestones": len(a.late_milestones()),
    }
    if full:
        output = a.reported_output
        data["milestones"] = [
            {
                "id": m.pk,
                "title": m.title,
                "due_on": m.due_on.isoformat(),
                "done_on": m.done_on.isoformat() if m.done_on else None,
                "late": m.late,
            }
            for m in a.milestones.all()
        ]
        data["fundings"] = [{"source": f.source, "amount": str(f.amount)} for f in a.fundings.all()]
        data["outputs"] = (
            None
            if output is None
            else {
                "people_reached": output.people_reached,
                "pupils_reached": output.pupils_reached,
                "documents_produced": output.documents_produced,
                "professionals_trained": {row.profession: row.count for row in output.trained.all()},
            }
        )
    return data


class ActionFilters(Schema):
    plan: str = ""
    axis: str = ""
    status: str = ""
    kind: str = ""
    organisation: str = ""
    commune: str = ""
    audience: str = ""


@router.get("/actions", summary="Les actions du plan, filtrées comme sur la page")
def action_list(request, filters: Query[ActionFilters]):
    _membership(request)
    form = ActionFilterForm({k: v for k, v in filters.dict().items() if v})
    _form_or_422((form, ""))
    return {"actions": [_action_json(a) for a in queries.filtered_actions(form.cleaned_data)]}


@router.get("/actions/{action_id}", summary="Une action : jalons, financements et résultats")
def action_detail(request, action_id: Id):
    _membership(request)
    action = get_object_or_404(Action.objects.with_related().prefetch_related("fundings", "output__trained"), pk=action_id)
    return _action_json(action, full=True)


class ActionIn(Schema):
    plan: int
    axis: str
    kind: str
    title: str = Field(max_length=200)
    description: str = ""
    lead: int | None = Field(None, description="Organisation pilote (la coordination seulement ; sinon l'organisation du jeton).")
    partners: list[int] = []
    audience: str
    communes: list[str] = []
    starts_on: str
    ends_on: str
    status: str = "planned"
    budget: str = "0"


@router.post("/actions", response={201: dict}, summary="Créer une action (coordination, ou administratrice pour son organisation)")
def action_create(request, payload: ActionIn):
    membership = _membership(request)
    if not access.may_create_action(membership):
        raise HttpError(403, "Seules la coordination et les administratrices d'une organisation créent des actions.")
    lead = None if access.steers(membership) else membership.organisation
    data = payload.dict()
    form = ActionForm({k: v for k, v in data.items() if v is not None}, lead=lead)
    _form_or_422((form, ""))
    action = plan_actions.save_action(form, membership=membership, request=request)
    return Status(201, {"id": action.pk})


class OutputIn(Schema):
    people_reached: int = Field(0, ge=0, le=1_000_000)
    pupils_reached: int = Field(0, ge=0, le=1_000_000)
    documents_produced: int = Field(0, ge=0, le=1_000_000)
    professionals_trained: dict[str, int] = Field(default_factory=dict, description="Par profession : police, justice, social, health…")
    notes: str = Field("", max_length=4000)


@router.put("/actions/{action_id}/resultats", summary="Déclarer les résultats d'une action (son organisation pilote ou la coordination)")
def action_outputs(request, action_id: Id, payload: OutputIn):
    membership = _membership(request)
    action = get_object_or_404(Action.objects.with_related(), pk=action_id)
    if not access.may_edit_action(membership, action):
        raise Http404
    data = payload.dict()
    trained = data.pop("professionals_trained")
    form = OutputForm({**data, **{f"trained_{k}": v for k, v in trained.items()}})
    unknown = [k for k in trained if f"trained_{k}" not in form.fields]
    _form_or_422((form, ""))
    if unknown:
        from casework.api import HttpError422

        raise HttpError422([{"field": f"professionals_trained.{k}", "message": "Profession inconnue."} for k in unknown])
    plan_actions.report_outputs(action, data=form.cleaned_data, trained=form.trained(), membership=membership, request=request)
    return _action_json(Action.objects.with_related().prefetch_related("fundings", "output__trained").get(pk=action.pk), full=True)


@router.get("/formations", summary="Les cycles de formation, leurs sessions et votre inscription")
def cycle_list(request):
    membership = _membership(request)
    mine = {r.cycle_id: r for r in membership.user.training_registrations.all()}
    cycles = TrainingCycle.objects.select_related("organiser").prefetch_related("sessions")
    return {
        "cycles": [
            {
                "id": c.pk,
                "title": c.title,
                "organiser": c.organiser.name,
                "starts_on": c.starts_on.isoformat(),
                "ends_on": c.ends_on.isoformat(),
                "objectives": c.objective_list(),
                "capacity": c.capacity,
                "registration_open": c.registration_open,
                "my_registration": mine[c.pk].status if c.pk in mine else None,
                "sessions": [
                    {
                        "id": s.pk,
                        "date": s.date.isoformat(),
                        "starts_at": s.starts_at.strftime("%H:%M"),
                        "ends_at": s.ends_at.strftime("%H:%M"),
                        "place": s.place,
                        "trainer": s.trainer,
                        "capacity": s.capacity,
                    }
                    for s in c.sessions.all()
                ],
            }
            for c in cycles
        ]
    }


def _registration_json(registration):
    return {"status": registration.status, "waiting_position": trainings.waiting_position(registration)}


@router.post(
    "/formations/{cycle_id}/inscription",
    response={201: dict},
    summary="S'inscrire à un cycle (liste d'attente s'il est complet)",
    openapi_extra={"x-maillage-errors": ["409"]},
)
def cycle_register(request, cycle_id: Id):
    from django.utils import timezone

    membership = _membership(request)
    cycle = get_object_or_404(TrainingCycle.objects.prefetch_related("sessions"), pk=cycle_id)
    if not cycle.registration_open or cycle.ends_on < timezone.localdate() or not cycle.sessions.exists():
        raise HttpError(409, "Les inscriptions à ce cycle sont closes.")
    return Status(201, _registration_json(trainings.register(cycle, membership=membership, request=request)))


@router.delete("/formations/{cycle_id}/inscription", summary="Se désister (la première personne en attente prend la place)")
def cycle_withdraw(request, cycle_id: Id):
    membership = _membership(request)
    registration = membership.user.training_registrations.filter(cycle_id=cycle_id).exclude(status=RegistrationStatus.WITHDRAWN).first()
    if registration is None:
        raise Http404
    trainings.withdraw(registration, membership=membership, request=request)
    registration.refresh_from_db()
    return _registration_json(registration)


class SchoolFilters(Schema):
    year: str = ""
    commune: str = ""
    theme: str = ""


@router.get("/milieu-scolaire", summary="Interventions en milieu scolaire et leur bilan par année, commune et thème")
def school_list(request, filters: Query[SchoolFilters]):
    _membership(request)
    form = SchoolFilterForm({k: v for k, v in filters.dict().items() if v})
    _form_or_422((form, ""))
    sessions = list(queries.school_sessions(form.cleaned_data))
    return {
        "sessions": [
            {
                "id": s.pk,
                "date": s.date.isoformat(),
                "school_year": s.school_year,
                "school": s.school,
                "commune": s.commune_id,
                "class_level": s.class_level,
                "pupils": s.pupils,
                "theme": s.theme,
                "organisation": s.organisation.name,
            }
            for s in sessions
        ],
        "summary": queries.school_summary(sessions),
    }


@router.get("/groupes", summary="Groupes de travail : réunions, décisions et tâches")
def group_list(request):
    _membership(request)
    groups = WorkingGroup.objects.select_related("convener").prefetch_related("meetings", "tasks__owner__organisation")
    return {
        "groups": [
            {
                "id": g.pk,
                "name": g.name,
                "convener": g.convener.name,
                "meetings": [
                    {"id": m.pk, "date": m.date.isoformat(), "agenda": m.agenda, "minutes": m.minutes, "decisions": m.decision_list()}
                    for m in g.meetings.all()
                ],
                "tasks": [
                    {
                        "id": t.pk,
                        "title": t.title,
                        "owner_organisation": t.owner.organisation.name,
                        "due_on": t.due_on.isoformat(),
                        "done_on": t.done_on.isoformat() if t.done_on else None,
                        "overdue": t.overdue,
                    }
                    for t in g.tasks.all()
                ],
            }
            for g in groups
        ]
    }


class TaskIn(Schema):
    title: str = Field(max_length=300)
    owner: int | None = Field(None, description="L'appartenance (membre du groupe) responsable : obligatoire.")
    due_on: str
    meeting: int | None = None


@router.post("/groupes/{group_id}/taches", response={201: dict}, summary="Confier une tâche à un membre du groupe")
def task_create(request, group_id: Id, payload: TaskIn):
    membership = _membership(request)
    group = get_object_or_404(WorkingGroup, pk=group_id)
    if not access.manages_group(membership, group):
        raise Http404
    form = GroupTaskForm({k: v for k, v in payload.dict().items() if v is not None}, group=group)
    _form_or_422((form, ""))
    from django.db import transaction

    from network.views.groups import _notify_task

    with transaction.atomic():
        task = plan_actions.save_child(form, membership=membership, request=request, group=group)
        _notify_task(task)
    return Status(201, {"id": task.pk})


@router.get("/calendrier", summary="Les dates de votre organisation : formations, réunions, tâches, jalons, comité, appels")
def calendar_items(request):
    membership = _membership(request)
    items = calendar.items_for(membership.organisation, whole_network=access.steers(membership))
    return {
        "items": [
            {
                "kind": i.kind,
                "title": i.title,
                "date": i.date.isoformat(),
                "start": i.start.isoformat() if i.start else None,
                "url": i.url,
                "late": i.late,
            }
            for i in items
        ]
    }
