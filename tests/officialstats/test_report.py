"""The annual diagnostic report: rendered to PDF and read back (its text holds the key figures), its XLSX annex, the
professional and public editions (the observatory's secrecy in public), the command and the interface."""

import io
import subprocess

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Role
from officialstats import report as reports
from officialstats.queries import area_for
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.conftest import verified_client
from tests.observatory import cohorts

pytestmark = pytest.mark.django_db
NNBSP = " "


def pdf_text(pdf):
    # pdftotext writes the narrow no-break spaces of French numbers as plain spaces.
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def seed_cohorts(official_statistics):
    """The seed 001 programmes of 2022 (AIR 90 people, perpetrators' pathway 76), followed in Valenciennes."""
    from territory.models import Commune

    carrier = OrganisationFactory(name="Valenciennes Métropole (fictive)")
    valenciennes = Commune.objects.get(insee_code="59606")
    cohorts.build(cohorts.AIR, carrier, commune=valenciennes)
    cohorts.build(cohorts.PATHWAY, carrier, commune=valenciennes)


def test_professional_pdf_holds_the_key_figures(seed_cohorts):
    report = reports.build(area_for("arrondissement", "596"), 2022, "pro")
    text = pdf_text(reports.render_pdf(report))
    assert "Diagnostic annuel 2022" in text and "Arrondissement de Valenciennes" in text and "Édition professionnelle" in text
    # Seed 001: the police complaints and their computed evolution.
    assert f"1{NNBSP}053" in text and f"+49{NNBSP}%" in text
    # SSMSI: the Nord's victims of intra-family violence in 2022 and its rate per 1 000 (10 917 / 2 615 635).
    assert f"10{NNBSP}917" in text and "4,17" in text and "Hauts-de-France" in text and f"194{NNBSP}503" in text
    # Seed 001 programmes through the observatory's registry: 90 AIR participants, 56 positive exits out of 86 (65 %).
    assert "Accompagnement individuel renforcé" in text or "AIR" in text
    assert "90" in text and "56 sur 86" in text and "45 sur 90" in text
    # Nothing of 2023 in a 2022 report.
    assert f"11{NNBSP}971" not in text


def test_public_pdf_applies_the_observatory_secrecy_and_publishes_no_flows(seed_cohorts):
    report = reports.build(area_for("arrondissement", "596"), 2022, "public")
    assert all(f.value is None for f in report.network if f.suppressed)
    text = pdf_text(reports.render_pdf(report))
    assert "Édition publique" in text and f"1{NNBSP}053" in text and f"+49{NNBSP}%" in text
    assert "Les orientations entre partenaires ne sont pas publiées" in text
    assert "Après secret statistique" in text
    # The public figures are the open data's cells (« Tous territoires », 2022), never a new aggregate.
    from observatory import indicators, queries

    participants = {(r["epci"], r["year"]): r for r in queries.publication(indicators.get("programme_participants"))}
    published = next(f for f in report.network if f.label == indicators.get("programme_participants").label)
    assert published.value == participants[(None, 2022)]["count"] == 166


def test_public_edition_of_a_commune_publishes_no_follow_up_indicator(seed_cohorts):
    report = reports.build(area_for("commune", "59606"), 2022, "public")
    assert report.network == [] and "par intercommunalité" in report.network_note
    assert report.flows == []


def test_xlsx_annex_holds_each_table(seed_cohorts):
    report = reports.build(area_for("arrondissement", "596"), 2022, "pro")
    book = openpyxl.load_workbook(io.BytesIO(reports.render_xlsx(report)))
    assert {"Présentation", "Chiffres locaux", "Indicateurs du réseau", "Carte des communes"} <= set(book.sheetnames)
    local = list(book["Chiffres locaux"].iter_rows(values_only=True))[1:]
    assert [(r[1], r[2]) for r in local] == [(2019, 705), (2021, 997), (2022, 1053)]
    vif = book["SSMSI violences intrafamiliales"]
    by_year = {row[0]: row for row in vif.iter_rows(values_only=True) if isinstance(row[0], int)}
    assert 10917 in by_year[2022] and 2023 not in by_year


def test_command_writes_pdf_and_xlsx(seed_cohorts, tmp_path):
    out = io.StringIO()
    call_command("generate_report", territory="596", year=2022, edition="public", output=str(tmp_path), stdout=out)
    pdf = tmp_path / "diagnostic-arrondissement-de-valenciennes-2022-public.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.with_suffix(".xlsx").exists()
    assert "édition publique" in out.getvalue()
    with pytest.raises(CommandError, match="Territoire inconnu"):
        call_command("generate_report", territory="99999", year=2022, edition="pro", output=str(tmp_path))


def test_interface_downloads_and_bad_input(official_statistics):
    analyst = MembershipFactory(organisation=OrganisationFactory(name="Observatoire (fictif)"), role=Role.ANALYST)
    client = verified_client(analyst.user, analyst)
    page = client.get("/observatoire/statistiques/rapport/")
    assert page.status_code == 200 and "Diagnostic annuel" in page.text
    query = "?territoire=epci:245901160&annee=2023&edition=pro"
    pdf = client.get("/observatoire/statistiques/rapport/diagnostic.pdf" + query)
    assert pdf["Content-Type"] == "application/pdf" and "Valenciennes Métropole" in pdf_text(pdf.content)
    xlsx = client.get("/observatoire/statistiques/rapport/annexe.xlsx" + query)
    assert xlsx.content.startswith(b"PK")
    for bad, message in (
        ("?territoire=epci:1&annee=2023&edition=pro", "Territoire : Territoire inconnu"),
        ("?territoire=arrondissement:596&annee=3000&edition=pro", "Année : Année à venir"),
        ("?territoire=arrondissement:596&annee=deux&edition=pro", "Année : Saisissez une année en chiffres"),
        ("?territoire=arrondissement:596&annee=2023&edition=tout", "Édition : Édition inconnue"),
    ):
        refused = client.get("/observatoire/statistiques/rapport/diagnostic.pdf" + bad)
        assert refused.status_code == 400 and message in refused.content.decode()


def test_the_scheduled_reports_job_writes_last_years_two_editions(seed_cohorts, tmp_path, settings):
    """The « reports » job calls the command without options: last year's report of the installation's arrondissement,
    professional and public editions, in MAILLAGE_REPORTS_DIR (it failed every night when the options were required)."""
    from django.utils import timezone

    from operations import jobs
    from operations.models import RunStatus

    settings.MAILLAGE_REPORTS_DIR = tmp_path / "rapports"
    record = jobs.run("reports")
    assert record.status == RunStatus.SUCCEEDED, record.output
    year = timezone.localdate().year - 1
    written = sorted(path.name for path in settings.MAILLAGE_REPORTS_DIR.iterdir())
    assert written == [
        f"diagnostic-arrondissement-de-valenciennes-{year}-{edition}.{kind}" for edition in ("pro", "public") for kind in ("pdf", "xlsx")
    ]
