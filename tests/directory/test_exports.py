"""Exports (data·inclusion validated by its own models, HSDS) and the all-or-nothing import of a data·inclusion file."""

import json

from data_inclusion.schema.v1 import Service as DiService
from data_inclusion.schema.v1 import Structure as DiStructure

from directory.exports import datainclusion_services, datainclusion_structures, hsds_document, import_datainclusion
from directory.models import ChangeRequest, Service


def test_datainclusion_export_validates_against_the_schema_models(guide):
    rows = datainclusion_services()
    assert len(rows) == 4  # three services at one place each, one remote
    for row in rows:
        DiService.model_validate(row)
    for row in datainclusion_structures():
        DiStructure.model_validate(row)
    permanence = next(r for r in rows if r["nom"] == "Permanence juridique fictive")
    assert permanence["horaires_accueil"] == "Tu[2,4] 09:00-12:00; PH off"
    assert permanence["code_insee"] == "59526"
    assert "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits" in permanence["thematiques"]
    assert permanence["telephone"] == "+33327000000"


def test_datainclusion_export_hides_the_confidential_address(guide):
    shelter = next(r for r in datainclusion_services() if r["nom"] == "Hébergement d'urgence fictif")
    assert shelter["adresse"] is None and shelter["latitude"] is None
    assert shelter["commune"] == "Denain"


def test_hsds_document(guide):
    document = hsds_document()
    assert {s["name"] for s in document["services"]} >= {"Permanence juridique fictive", "Écoute téléphonique fictive"}
    schedules = [s for link in document["service_at_locations"] for s in link["schedules"]]
    assert {"freq": "MONTHLY", "byday": "2TU,4TU", "opens_at": "09:00", "closes_at": "12:00"}.items() <= next(
        s for s in schedules if s.get("freq") == "MONTHLY"
    ).items()
    assert "Secrète" not in json.dumps(document)


def _row(**overrides):
    row = {
        "source": "partenaire",
        "structure_id": "partenaire--1",
        "id": "partenaire--42",
        "nom": "Permanence d'accès au droit fictive",
        "description": "Des juristes informent gratuitement sur les droits.",
        "date_maj": "2026-09-01",
        "thematiques": ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
        "code_insee": "59172",
        "commune": "Denain",
        "adresse": "5 rue Fictive",
        "telephone": "+33327000099",
        "horaires_accueil": "Tu[2,4] 09:00-12:00; PH off",
        "modes_mobilisation": ["se-presenter"],
    }
    row.update(overrides)
    return row


def test_import_creates_unpublished_services_sent_to_review(territory, member):
    content = "\n".join(json.dumps(r) for r in [_row(), _row(id="partenaire--43", nom="Écoute fictive", code_insee=None, adresse=None)])
    report = import_datainclusion(content.encode(), organisation=member.organisation, acting_membership=member)
    assert report.ok, report.errors
    assert report.created == 2
    service = Service.objects.get(name="Permanence d'accès au droit fictive")
    assert not service.is_published
    assert service.category_codes == ["legal"]
    assert service.locations.get().place.commune.name == "Denain"
    assert ChangeRequest.objects.pending().count() == 2


def test_invalid_import_names_line_and_field_and_writes_nothing(territory, member):
    rows = [
        _row(),
        _row(id="x2", nom="ab"),
        _row(id="x3", code_insee="75056"),
        _row(id="x4", horaires_accueil="lundi matin"),
        _row(id="x5", date_maj="hier"),
    ]
    content = "\n".join(json.dumps(r) for r in rows)
    report = import_datainclusion(content, organisation=member.organisation, acting_membership=member)
    assert not report.ok
    found = {(e["line"], e["field"]) for e in report.errors}
    assert {(2, "nom"), (3, "code_insee"), (4, "horaires_accueil"), (5, "date_maj")} <= found
    assert all(e["line"] != 1 for e in report.errors)
    assert not Service.objects.exists()


def test_import_of_a_json_array_and_broken_json(territory, member):
    report = import_datainclusion(json.dumps([_row(), {"nom": "x"}]), organisation=member.organisation)
    assert not report.ok and {e["line"] for e in report.errors} == {2}
    report = import_datainclusion('{"nom": "x"\n', organisation=member.organisation)
    assert report.errors[0]["line"] == 1 and "JSON illisible" in report.errors[0]["message"]
    assert not Service.objects.exists()
