"""The import of the example spreadsheets, end to end through the pages: upload, mapping guessed and remembered, dry run
that writes nothing, all-or-nothing commit through the models' code (encryption, blind indexes, name keys, journal,
perpetrator links), and the example with errors reported cell by cell."""

import datetime
import io

import pytest
from django.db import connection

from audit.models import Entry
from casework.models import Event, PerpetratorLink, Person, PersonNameKey, PersonRole, Situation
from imports.models import ColumnMapping, ImportChunk, ImportJob, ImportStatus
from notifications.models import Kind, Notification
from tests.accounts.factories import MembershipFactory
from tests.casework.factories import PersonFactory, SituationFactory
from tests.conftest import verified_client
from tests.imports.conftest import accept_guessed_mapping, example, upload

pytestmark = pytest.mark.django_db


def _checked(client, content, name, **extra):
    response = upload(client, content, name, **extra)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("pk")
    assert response["Location"] == f"/reprise/{job.pk}/colonnes/"
    assert client.get(response["Location"]).status_code == 200
    response = accept_guessed_mapping(client, job)
    assert response.status_code == 302, response.content.decode()[:3000]
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("name", ["suivi-exemple.csv", "suivi-exemple.xlsx"])
def test_the_example_is_checked_then_imported_through_the_models(territory, org_admin, org_admin_client, organisation, name):
    job = _checked(org_admin_client, example(name), name)
    assert job.status == ImportStatus.CHECKED, job.report["problems"]
    assert job.report["counts"] == {"situations": 3, "people": 5, "events": 6}
    assert not Situation.objects.exists()  # the dry run wrote nothing
    page = org_admin_client.get(f"/reprise/{job.pk}/").text
    assert "À créer : 3 situation(s), 5 personne(s), 6 événement(s)." in page
    assert org_admin_client.post(f"/reprise/{job.pk}/importer/").status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.report["created"]["situations"] == 3
    assert not ImportChunk.objects.filter(job=job).exists()  # the file is erased once imported
    assert Situation.objects.filter(organisation=organisation).count() == 3
    closed = Situation.objects.get(status="closed")
    assert closed.closed_on == datetime.date(2022, 6, 30) and closed.commune_id == "59014" and closed.relationship == "former"
    aurore = Person.objects.get(role=PersonRole.VICTIM, situation__events__kind="tgd_granted")
    assert aurore.first_name == "Aurore" and aurore.birth_date == datetime.date(1988, 4, 12) and aurore.phone == "06 00 00 00 01"
    assert aurore.identity_index and aurore.phonetic_index and PersonNameKey.objects.filter(person=aurore).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name, birth_date FROM casework_person WHERE id = %s", [aurore.pk])
        assert all(value.startswith("fernet:") for value in cursor.fetchone())
    events = Event.objects.filter(situation=aurore.situation).order_by("date", "pk")
    assert [e.kind for e in events] == ["complaint", "tgd_granted", "protection_order"]
    assert events[2].end_date == datetime.date(2021, 9, 20) and all(e.owner_id == organisation.pk for e in events)
    # Every record created is journaled, as the pages do.
    for model, count in (("casework.Situation", 3), ("casework.Person", 5), ("casework.Event", 6)):
        assert Entry.objects.filter(target_type=model, action="create", organisation_id=organisation.pk).count() == count
    # The mapping is remembered for the organisation's next file.
    assert ColumnMapping.objects.get(organisation=organisation, kind="casework").columns["nom auteur"] == "perpetrator_last_name"


def test_the_example_with_errors_is_reported_cell_by_cell_and_nothing_is_imported(territory, org_admin_client):
    job = _checked(org_admin_client, example("suivi-avec-erreurs.csv"), "suivi-avec-erreurs.csv")
    assert job.encoding == "cp1252" and job.headers[5] == "Nom" and job.headers[3] == "Date de clôture"
    assert job.status == ImportStatus.INVALID
    problems = {(p["row"], p["column"], p["value"]): p["expected"] for p in job.report["problems"]}
    assert problems[(2, "B (Date d'ouverture)", "31/02/2021")].startswith("une date qui existe")
    assert problems[(3, "B (Date d'ouverture)", "03/25/2021")].startswith("une date qui existe, jour puis mois")
    assert "commune du territoire" in problems[(3, "E (Commune)", "Atlantide")]
    assert "type d'événement" in problems[(3, "P (Événement)", "pique-nique")]
    assert "la même personne qu'à la ligne 2" in problems[(4, "F (Nom)", "Aurore Exemple-Fictive")]
    assert "nombre entier" in problems[(5, "O (Enfants)", "deux")]
    assert "date de clôture d'un dossier clos" in problems[(5, "D (Date de clôture)", "")]
    assert "après la date de l'événement" in problems[(5, "R (Date de fin)", "01/03/2021")]
    assert "hors des colonnes nommées" in problems[(5, "U", "cellule hors colonnes")]
    assert job.report["problem_count"] == len(problems) == 9
    # The unknown column « Couleur du dossier » is ignored, not an error.
    assert job.mapping["19"] == ""
    page = org_admin_client.get(f"/reprise/{job.pk}/").text
    assert "9 problèmes à corriger" in page and "Atlantide" in page and "Importer maintenant" not in page
    assert org_admin_client.post(f"/reprise/{job.pk}/importer/").status_code == 302
    assert not Situation.objects.exists() and not Person.objects.exists()


def test_merged_cells_are_reported(territory, org_admin_client):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Référence", "Nom", "Prénom", "Événement", "Date"])
    sheet.append(["M-1", "Fusion-Fictive", "Alba", "plainte", "01/02/2023"])
    sheet.append([None, None, None, "main courante", "03/02/2023"])
    sheet.merge_cells("A2:A3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = _checked(org_admin_client, buffer.getvalue(), "fusion.xlsx")
    found = [(p["row"], p["column"], p["value"]) for p in job.report["problems"]]
    assert found[0] == (2, "A (Référence)", "A2:A3") and "fusionnées" in job.report["problems"][0]["expected"]
    # Its consequence, named too: the merged row has lost its reference, so it reads as a file without a name.
    assert found[1:] == [(3, "B (Nom)", "")]


def test_a_victim_the_organisation_already_follows_is_a_duplicate(territory, org_admin_client, organisation):
    existing = SituationFactory(organisation=organisation)
    PersonFactory(situation=existing, first_name="Aurore", last_name="Exemple-Fictive", birth_date=datetime.date(1988, 4, 12))
    job = _checked(org_admin_client, example("suivi-exemple.csv"), "suivi.csv")
    assert job.status == ImportStatus.INVALID
    [problem] = job.report["problems"]
    assert problem["row"] == 2 and existing.reference in problem["expected"]
    assert problem["value"] == ""  # the name is not repeated back from the database


def test_an_imported_perpetrator_is_linked_to_the_households_where_he_appears(territory, situation, member, perpetrator_org):
    """Gamma, accompanying perpetrators, imports its files: the man of Alpha's household is among them. The link is
    recorded as if typed in, and Alpha is told (never Gamma)."""
    gamma_admin = MembershipFactory(organisation=perpetrator_org, role="org_admin")
    client = verified_client(gamma_admin.user, gamma_admin)
    man = situation.people.get(role=PersonRole.PERPETRATOR)
    content = f"Nom auteur;Prénom auteur;Date de naissance auteur\n{man.last_name};{man.first_name};{man.birth_date:%d/%m/%Y}\n".encode()
    job = _checked(client, content, "auteurs.csv", side="perpetrator")
    assert job.status == ImportStatus.CHECKED, job.report
    client.post(f"/reprise/{job.pk}/importer/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.report["created"]["perpetrator_links"] >= 1
    assert PerpetratorLink.objects.filter(situation=situation, organisation=perpetrator_org).exists()
    assert Notification.objects.filter(membership=member, kind=Kind.PERPETRATOR_LINK).exists()
    assert not Notification.objects.filter(membership=gamma_admin).exists()


def test_an_organisation_with_teams_chooses_the_team_that_will_see_the_situations(territory, org_admin, org_admin_client, organisation):
    from accounts.models import Team

    victims = Team.objects.create(organisation=organisation, name="Aide aux victimes", accompanies="victims")
    Team.objects.create(organisation=organisation, name="Auteurs", accompanies="perpetrators")
    response = upload(org_admin_client, example("suivi-exemple.csv"), "suivi.csv")
    assert response.status_code == 422 and "Choisissez l&#x27;équipe" in response.text
    assert not ImportJob.objects.exists()
    job = _checked(org_admin_client, example("suivi-exemple.csv"), "suivi.csv", team=str(victims.pk))
    org_admin_client.post(f"/reprise/{job.pk}/importer/")
    assert set(Situation.objects.values_list("team_id", flat=True)) == {victims.pk}


def test_the_guides_services_are_proposed_for_review(territory, org_admin_client, organisation, coordinator):
    from directory.models import ChangeRequest, Service

    job = _checked(org_admin_client, example("guide-exemple.csv"), "guide.csv", kind="directory")
    assert job.status == ImportStatus.CHECKED, job.report["problems"]
    org_admin_client.post(f"/reprise/{job.pk}/importer/")
    services = Service.objects.filter(organisation=organisation).order_by("name")
    assert [s.is_published for s in services] == [False, False]
    assert services[1].hours == "Mo-Fr 09:00-12:00" and services[1].phone == "+33327000000"
    assert services[1].category_codes == ["listening", "victim_support"]
    assert ChangeRequest.objects.pending().count() == 2
    assert Notification.objects.filter(membership=coordinator, kind=Kind.DIRECTORY_REVIEW).count() == 1


def test_a_file_that_is_not_a_spreadsheet_is_refused_by_name(org_admin_client):
    response = upload(org_admin_client, b"\x00\x01\x02binary", "photo.csv")
    assert response.status_code == 422 and "ni un CSV ni un classeur" in response.text
    response = upload(org_admin_client, b"not a zip", "suivi.xlsx")
    assert response.status_code == 422 and "pas un classeur Excel lisible" in response.text
    response = upload(org_admin_client, b"a;b\n", "vieux.xls")
    assert response.status_code == 422 and "enregistrez le tableur au format .xlsx ou .csv" in response.text
    assert not ImportJob.objects.exists()


def test_a_file_too_large_is_refused(org_admin_client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = upload(org_admin_client, b"Nom;Pr\xc3\xa9nom\n" + b"Fictive;Anne\n" * 200, "gros.csv")
    assert response.status_code == 422 and "trop volumineux" in response.text
    assert not ImportJob.objects.exists()


def test_cancelling_erases_the_file(territory, org_admin_client):
    job = _checked(org_admin_client, example("suivi-exemple.csv"), "suivi.csv")
    assert ImportChunk.objects.filter(job=job).exists()
    org_admin_client.post(f"/reprise/{job.pk}/annuler/")
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED and not ImportChunk.objects.filter(job=job).exists()


def test_the_file_is_stored_encrypted(org_admin_client):
    upload(org_admin_client, example("suivi-exemple.csv"), "suivi Exemple-Fictive.csv")
    job = ImportJob.objects.get()
    raw = b"".join(bytes(c) for c in ImportChunk.objects.filter(job=job).values_list("data", flat=True))
    assert b"Exemple-Fictive" not in raw and b"Aurore" not in raw
    with connection.cursor() as cursor:
        cursor.execute("SELECT filename FROM imports_importjob")
        assert "Exemple-Fictive" not in cursor.fetchone()[0]


def _plan():
    from network.models import ActionPlan

    return ActionPlan.objects.create(
        title="Plan fictif", territory="arrondissement fictif", starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2030, 12, 31)
    )


def test_the_action_plan_example_is_checked_then_imported_as_the_organisations_actions(org_admin_client, org_admin, organisation):
    """Issue 14: « the same for directory entries and, once it lands, for the action plan »."""
    from network.models import Action as PlanAction

    plan = _plan()
    job = _checked(org_admin_client, example("actions-exemple.csv"), "actions.csv", kind="actions")
    assert job.status == ImportStatus.CHECKED, job.report["problems"]
    assert job.report["counts"] == {"actions": 2} and not PlanAction.objects.exists()
    org_admin_client.post(f"/reprise/{job.pk}/importer/")
    actions = list(PlanAction.objects.order_by("starts_on"))
    assert [(a.plan, a.lead, a.axis, a.kind, a.audience, a.status) for a in actions] == [
        (plan, organisation, "victims", "service", "victims", "in_progress"),
        (plan, organisation, "prevention", "school_session", "pupils", "planned"),
    ]
    assert (actions[0].budget, actions[1].budget) == (4500, 800.5)
    assert Entry.objects.filter(target_type="network.Action", action="create").count() == 2


def test_an_action_file_with_errors_names_each_cell_and_writes_nothing(org_admin_client, organisation):
    from network.models import Action as PlanAction

    content = (
        "Intitulé;Axe;Type;Public visé;Début;Fin;État;Budget\n"
        "Action fictive;Axe inconnu;Campagne;Grand public;01/02/2026;01/01/2026;Prévue;mille\n"
        "Action fictive;Coordination;Campagne;Grand public;01/02/2026;01/03/2026;Prévue;0\n"
        ";Coordination;Groupe de travail;Grand public;01/02/2026;01/03/2026;Prévue;0\n"
    ).encode()
    _plan()
    job = _checked(org_admin_client, content, "actions.csv", kind="actions")
    assert job.status == ImportStatus.INVALID
    problems = {(p["row"], p["column"].split(" ")[0], p["expected"].split(" :")[0]) for p in job.report["problems"]}
    assert (2, "B", "un axe") in problems
    assert (2, "F", "une date de fin après le début") in problems
    assert (2, "H", "un montant en euros (par exemple 1 500 ou 1500,50)") in problems
    assert (3, "A", "un intitulé unique") in problems
    assert (4, "A", "l'intitulé de l'action") in problems
    assert org_admin_client.post(f"/reprise/{job.pk}/importer/").status_code in (302, 409, 422)
    assert not PlanAction.objects.exists()


def test_without_an_action_plan_the_dry_run_says_the_coordination_must_create_one(org_admin_client):
    job = _checked(org_admin_client, example("actions-exemple.csv"), "actions.csv", kind="actions")
    assert job.status == ImportStatus.INVALID
    assert any("plan d'action en cours" in p["expected"] for p in job.report["problems"])
