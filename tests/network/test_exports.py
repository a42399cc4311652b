"""The plan and its outputs as XLSX: its sheets, the filters applied, formulas never written from a text."""

import io

import pytest
from openpyxl import load_workbook

from network.models import ActionOutput, Funding, TrainedProfessionals
from tests.network.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_the_workbook_holds_actions_outputs_funding_and_milestones(network, clients):
    action = network["action"]
    output = ActionOutput.objects.create(action=action, people_reached=40, pupils_reached=12, documents_produced=1)
    TrainedProfessionals.objects.create(output=output, profession="social", count=7)
    Funding.objects.create(action=action, source="fipd", amount=1500)
    ActionFactory(plan=network["plan"], lead=network["other"], title='=HYPERLINK("http://pirate.test")', axis="victims")
    response = clients["practitioner"].get("/reseau/plan/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Actions", "Résultats", "Financements", "Jalons"]
    titles = [row[4] for row in book["Actions"].iter_rows(min_row=2, values_only=True)]
    assert "Campagne fictive" in titles and '=HYPERLINK("http://pirate.test")' in titles
    cell = next(c for c in book["Actions"]["E"] if c.value == '=HYPERLINK("http://pirate.test")')
    assert cell.data_type == "s"
    results = list(book["Résultats"].iter_rows(min_row=1, values_only=True))
    header, row = results[0], results[1]
    assert row[header.index("Personnes touchées")] == 40 and row[header.index("Formés : Travail social")] == 7
    assert list(book["Financements"].iter_rows(min_row=2, values_only=True)) == [(action.pk, action.title, "FIPD", 1500)]
    filtered = load_workbook(io.BytesIO(clients["practitioner"].get("/reseau/plan/export.xlsx", {"axis": "victims"}).content))
    assert [row[4] for row in filtered["Actions"].iter_rows(min_row=2, values_only=True)] == ['=HYPERLINK("http://pirate.test")']
    assert clients["practitioner"].get("/reseau/plan/export.xlsx", {"axis": "x"}).status_code == 400
