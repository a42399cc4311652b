"""School prevention sessions summarised per school year, commune and theme; working groups with meetings, decisions
and tasks (a task without owner refused, overdue tasks standing out)."""

import datetime

import pytest
from django.apps import apps

from network.models import GroupTask, SchoolSession
from tests.fuzz import fuzz, text, values

pytestmark = pytest.mark.django_db
WATCHED = list(apps.get_app_config("network").get_models())


def test_school_sessions_summarised_per_year_commune_and_theme(network, clients, territory):
    from territory.models import Commune

    denain = Commune.objects.get(name="Denain")
    common = {"school": "Lycée fictif", "class_level": "2nde", "organisation": network["lead"]}
    SchoolSession.objects.create(date=datetime.date(2026, 3, 2), commune=denain, pupils=30, theme="equality", **common)
    SchoolSession.objects.create(date=datetime.date(2026, 9, 15), commune=denain, pupils=20, theme="consent", **common)
    page = clients["practitioner"].get("/reseau/milieu-scolaire/").text
    assert "3 interventions, 75 élèves." in page
    assert "<td>2025-2026</td><td>2</td><td>55</td>" in page and "<td>2026-2027</td><td>1</td><td>20</td>" in page
    assert "<td>Denain</td><td>2</td><td>50</td>" in page
    assert "<td>Égalité filles-garçons</td><td>2</td><td>55</td>" in page
    page = clients["practitioner"].get("/reseau/milieu-scolaire/", {"year": "2026-2027"}).text
    assert "1 interventions, 20 élèves." in page
    bad = clients["practitioner"].get("/reseau/milieu-scolaire/", {"year": "2026"})
    assert bad.status_code == 400 and "Année scolaire : Année scolaire attendue sous la forme 2025-2026." in bad.text


def test_school_session_form_names_bad_fields_and_fixes_the_organisation(network, clients):
    data = {"date": "2026-02-30", "school": "", "commune": "59606", "class_level": "4e", "pupils": "0", "theme": "equality"}
    before = SchoolSession.objects.count()
    response = clients["other_admin"].post("/reseau/milieu-scolaire/nouvelle/", data)
    assert response.status_code == 422
    for message in ("Date : ", "Établissement : Ce champ est obligatoire.", "Nombre d&#x27;élèves : "):
        assert message in response.text
    assert SchoolSession.objects.count() == before
    data.update(date="2026-02-03", school="Collège fictif 2", pupils="24", organisation=network["lead"].pk)
    assert clients["other_admin"].post("/reseau/milieu-scolaire/nouvelle/", data).status_code == 302
    assert SchoolSession.objects.get(school="Collège fictif 2").organisation == network["other"]


def test_a_task_without_owner_is_refused(network, clients):
    group = network["group"]
    before = GroupTask.objects.count()
    response = clients["lead_admin"].post(f"/reseau/groupes/{group.pk}/taches/", {"title": "Relire", "due_on": "2026-12-01"})
    assert response.status_code == 422
    assert "Responsable : Une tâche sans responsable n&#x27;est pas suivie" in response.text
    # Someone outside the group is no owner either.
    response = clients["lead_admin"].post(
        f"/reseau/groupes/{group.pk}/taches/", {"title": "Relire", "due_on": "2026-12-01", "owner": network["members"]["analyst"].pk}
    )
    assert response.status_code == 422 and "Responsable : " in response.text
    assert GroupTask.objects.count() == before
    response = clients["lead_admin"].post(
        f"/reseau/groupes/{group.pk}/taches/", {"title": "Relire", "due_on": "2026-12-01", "owner": network["members"]["other_admin"].pk}
    )
    assert response.status_code == 302 and GroupTask.objects.count() == before + 1


def test_overdue_tasks_stand_out_and_their_owner_marks_them_done(network, clients):
    group, task = network["group"], network["task"]
    page = clients["other_admin"].get(f"/reseau/groupes/{group.pk}/").text
    assert 'class="row-late"' in page and "En retard" in page
    listing = clients["practitioner"].get("/reseau/groupes/").text
    assert "Tâches en retard de mon organisation" in listing and "Tâche fictive" in listing
    # Another member of the group who does not own it may not mark it done.
    assert clients["other_admin"].post(f"/reseau/groupes/taches/{task.pk}/faite/").status_code == 404
    assert clients["practitioner"].post(f"/reseau/groupes/taches/{task.pk}/faite/").status_code == 302
    task.refresh_from_db()
    assert task.done_on == datetime.date.today() and not task.overdue
    assert 'class="row-late"' not in clients["other_admin"].get(f"/reseau/groupes/{group.pk}/").text


def test_meetings_with_agenda_minutes_and_decisions(network, clients):
    group = network["group"]
    data = {"date": "2026-01-15", "place": "Salle fictive", "agenda": "1. Guides", "minutes": "Relu.", "decisions": "Imprimer\n- Diffuser"}
    assert clients["lead_admin"].post(f"/reseau/groupes/{group.pk}/reunions/", data).status_code == 302
    page = clients["analyst"].get(f"/reseau/groupes/{group.pk}/").text
    assert "<li>Imprimer</li>" in page and "<li>Diffuser</li>" in page and "Relu." in page
    response = clients["lead_admin"].post(f"/reseau/groupes/{group.pk}/reunions/", {"date": "", "agenda": ""})
    assert response.status_code == 422 and "Ordre du jour : Ce champ est obligatoire." in response.text


def test_group_and_school_forms_never_fail(network, clients):
    group = network["group"]
    dates = values("2026-03-01", "2026-02-30", "")
    fuzz(
        lambda data: clients["lead_admin"].post(f"/reseau/groupes/{group.pk}/taches/", data),
        {
            "title": text,
            "owner": values(str(network["members"]["practitioner"].pk), "0", "x"),
            "due_on": dates,
            "meeting": values(str(network["meeting"].pk), "9"),
        },
        WATCHED,
    )
    fuzz(
        lambda data: clients["lead_admin"].post(f"/reseau/groupes/{group.pk}/reunions/", data),
        {"date": dates, "place": text, "agenda": text, "minutes": text, "decisions": text},
        WATCHED,
    )
    fuzz(
        lambda data: clients["coordinator"].post("/reseau/groupes/nouveau/", data),
        {
            "name": text,
            "purpose": text,
            "convener": values(str(network["lead"].pk), "x"),
            "members": values(str(network["members"]["practitioner"].pk)),
        },
        WATCHED,
    )
    fuzz(
        lambda data: clients["lead_admin"].post("/reseau/milieu-scolaire/nouvelle/", data),
        {
            "date": dates,
            "school": text,
            "commune": values("59606", "x"),
            "class_level": values("4e", "zz"),
            "pupils": values("1", "0", "1001", "x"),
            "theme": values("equality", "x"),
        },
        WATCHED,
    )
    fuzz(
        lambda data: clients["practitioner"].get("/reseau/milieu-scolaire/", data),
        {"year": text, "commune": text, "theme": text},
        WATCHED,
        accepted=(200, 400),
    )


def test_the_owner_of_a_new_task_is_told_and_nobody_else(network, clients):
    """The task's owner gets a notification (linking to the group, naming nobody); a refused task tells nobody."""
    from notifications.models import Kind, Notification

    group, owner = network["group"], network["members"]["other_admin"]
    clients["lead_admin"].post(f"/reseau/groupes/{group.pk}/taches/", {"title": "Relire", "due_on": "2026-12-01"})
    assert not Notification.objects.filter(kind=Kind.GROUP_TASK).exists()
    response = clients["lead_admin"].post(
        f"/reseau/groupes/{group.pk}/taches/", {"title": "Relire le guide", "due_on": "2026-12-01", "owner": owner.pk}
    )
    assert response.status_code == 302
    (notification,) = Notification.objects.filter(kind=Kind.GROUP_TASK)
    assert notification.membership_id == owner.pk
    assert notification.url.endswith(f"/reseau/groupes/{group.pk}/")
    assert "Relire le guide" not in notification.title
