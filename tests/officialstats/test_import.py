"""The import of official statistics: the real SSMSI files checked against their own lines, the long format with
« ndiff », the local figures' template, idempotence, and bad input that stops at its line and column, writing nothing."""

import csv
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from officialstats.importer import StatisticsImportError, import_file
from officialstats.models import Figure, Indicator, Level, ReferenceArea
from officialstats.queries import area_for, evolution, series
from tests.officialstats.conftest import write_csv

pytestmark = pytest.mark.django_db

DEP_FILE = settings.REFERENCE_DATA_DIR / "ssmsi" / "donnee-dep-2023.csv"
REG_FILE = settings.REFERENCE_DATA_DIR / "ssmsi" / "donnee-reg-2023.csv"
VIF = "coups-et-blessures-volontaires-intrafamiliaux"


def source_rows(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_departement_figures_are_the_source_lines(official_statistics):
    """Every figure of the Nord and of Paris is the `faits` of its line, with the publisher's rate, source and edition."""
    lines = [r for r in source_rows(DEP_FILE) if r["Code.département"] in ("59", "75")]
    assert len(lines) == 2 * 16 * 8
    for row in lines:
        figure = Figure.objects.get(
            indicator__label=row["classe"], level=Level.DEPARTEMENT, code=row["Code.département"], year=2000 + int(row["annee"])
        )
        assert figure.count == int(row["faits"])
        assert figure.source_rate == pytest.approx(float(row["tauxpourmille"].replace(",", ".")))
        assert figure.edition == "2023" and figure.source.startswith("SSMSI") and figure.dataset.file_name == "donnee-dep-2023.csv"
    nord = {f.year: f.count for f in Figure.objects.filter(indicator__code=VIF, level=Level.DEPARTEMENT, code="59")}
    # From the file: the Nord's victims of intra-family violence, 2016 and 2023.
    assert nord[2016] == 5139 and nord[2023] == 11971
    assert Indicator.objects.get(code=VIF).unit == "victime"


def test_region_figures_and_national_sum_of_departements(official_statistics):
    hauts_de_france = series(Indicator.objects.get(code=VIF), area_for(Level.REGION, "32"))
    assert hauts_de_france[2023].count == 25917  # line of donnee-reg-2023.csv
    france = series(Indicator.objects.get(code=VIF), area_for(Level.FRANCE, "FR"))
    by_year = {}
    for row in source_rows(DEP_FILE):
        if row["classe"] == "Coups et blessures volontaires intrafamiliaux" and row["Code.département"] != "NA":
            by_year[2000 + int(row["annee"])] = by_year.get(2000 + int(row["annee"]), 0) + int(row["faits"])
    assert {year: point.count for year, point in france.items()} == by_year
    # The publisher's régions add up to the same national figure: the sum is computed from the départements only.
    regions = sum(
        int(r["faits"])
        for r in source_rows(REG_FILE)
        if r["classe"] == "Coups et blessures volontaires intrafamiliaux" and r["annee"] == "23"
    )
    assert france[2023].count == regions == 212615
    assert not Figure.objects.filter(level=Level.FRANCE).exists()


def test_rates_per_thousand_use_the_legal_populations(official_statistics):
    nord = area_for(Level.DEPARTEMENT, "59")
    population = ReferenceArea.objects.get(level=Level.DEPARTEMENT, code="59").population
    assert nord.population == population == 2615635  # sum of PMUN of the Nord's communes (INSEE 2023)
    point = series(Indicator.objects.get(code=VIF), nord)[2022]
    assert point.rate == pytest.approx(10917 * 1000 / 2615635)
    france = series(Indicator.objects.get(code=VIF), area_for(Level.FRANCE, "FR"))[2023]
    assert 3.0 < france.rate < 3.2  # 212 615 victims for about 68 million inhabitants (Mayotte, without population, left out)


def test_local_figures_keep_their_source_and_evolution_is_computed(official_statistics):
    figures = Figure.objects.filter(indicator__is_local=True, level=Level.ARRONDISSEMENT, code="596").order_by("year")
    assert [(f.year, f.count) for f in figures] == [(2019, 705), (2021, 997), (2022, 1053)]
    assert all(f.source.startswith("Valenciennes Métropole") and f.edition == "2023" and f.perimeter for f in figures)
    points = series(figures[0].indicator, area_for(Level.ARRONDISSEMENT, "596"))
    assert round(evolution(points[2019].count, points[2022].count)) == 49
    # The police district is not the arrondissement: no rate is computed on the arrondissement's population.
    assert points[2022].rate is None


def test_reimport_changes_nothing_and_a_revised_figure_is_reported(official_statistics, tmp_path, capsys):
    call_command("import_official_statistics")
    out = capsys.readouterr().out
    assert "donnee-dep-2023.csv (SSMSI départemental, format large) : 0 ajouté(s), 0 modifié(s), 12928 inchangé(s)" in out
    assert "chiffres-locaux-valenciennois.csv (chiffres locaux (modèle Maillage)) : 0 ajouté(s), 0 modifié(s), 3 inchangé(s)" in out
    assert "1 fait(s) non localisé(s)" in out  # the file's one offence placed in no département, said aloud
    revised = (settings.BASE_DIR / "officialstats" / "data" / "chiffres-locaux-valenciennois.csv").read_text().replace(";1053;", ";1054;")
    report = import_file(write_csv(tmp_path, "chiffres-locaux-revises.csv", revised), data_dir=settings.REFERENCE_DATA_DIR)
    assert (report.added, report.changed, report.unchanged) == (0, 1, 2)
    assert Figure.objects.get(indicator__is_local=True, year=2022).count == 1054


LONG = """annee,codgeo,indicateur,unite_de_compte,nombre,taux_pour_mille,insee_pop
2023,59606,Coups et blessures volontaires intrafamiliaux,victime,412,"9,5",43336
2023,59014,Coups et blessures volontaires intrafamiliaux,victime,ndiff,ndiff,13872
2023,59172,Coups et blessures volontaires intrafamiliaux,victime,57,"2,1",26925
2024,59606,Coups et blessures volontaires intrafamiliaux,victime,448,"10,3",43336
2024,59,Coups et blessures volontaires intrafamiliaux,victime,12410,"4,7",2615635
"""


def test_long_format_with_unpublished_small_values(territory, reference_areas, tmp_path):
    report = import_file(write_csv(tmp_path, "donnee-com-2024.csv", LONG), data_dir=settings.REFERENCE_DATA_DIR)
    assert (report.added, report.changed) == (5, 0)
    valenciennes = Figure.objects.get(level=Level.COMMUNE, code="59606", year=2023)
    assert valenciennes.count == 412 and valenciennes.edition == "2024" and valenciennes.indicator.code == VIF
    anzin = Figure.objects.get(level=Level.COMMUNE, code="59014", year=2023)
    assert anzin.count is None and not anzin.published and anzin.source_rate is None
    # The long format also carries départements.
    assert Figure.objects.get(level=Level.DEPARTEMENT, code="59", year=2024).count == 12410
    # The arrondissement sums its communes; a commune not published makes the sum partial, and it gets no rate.
    arrondissement = series(Indicator.objects.get(code=VIF), area_for(Level.ARRONDISSEMENT, "596"))
    assert arrondissement[2023].count == 469 and arrondissement[2023].partial and arrondissement[2023].rate is None


def test_long_format_maps_a_merged_commune_to_the_current_one(territory, reference_areas, tmp_path):
    text = "annee;codgeo;indicateur;nombre;taux_pour_mille\n2024;59070;Escroqueries;3;1,2\n2024;59006;Escroqueries;4;1,1\n"
    import_file(write_csv(tmp_path, "donnee-com-2024.csv", text), data_dir=settings.REFERENCE_DATA_DIR)
    # Bermeries (59070) merged into L'Orée de Mormal (59006) in 2025 (mouvements-communes.csv).
    assert Figure.objects.get(level=Level.COMMUNE, code="59006", year=2024).count == 7
    assert not Figure.objects.filter(code="59070").exists()


BAD_INPUTS = [
    ("inconnu.csv", "nom;prenom\nA;B\n", "ligne 1 : format inconnu", "SSMSI départemental, format large"),
    (
        "donnee-dep-2024.csv",
        '"classe";"annee";"Code.département";"Code.région";"unité.de.compte"\n"Homicides";"16";"59";"32";"victime"\n',
        "colonne(s) manquante(s) « faits »",
        "format attendu : SSMSI départemental",
    ),
    (
        "donnee-dep-2024.csv",
        '"classe";"annee";"Code.département";"Code.région";"unité.de.compte";"faits"\n"Homicides";"16";"59";"32";"victime";"3"\n'
        '"Homicides";"16";"99";"32";"victime";"3"\n',
        "ligne 3, colonne 3 (« Code.département ») : code de département inconnu « 99 »",
        "format attendu : SSMSI départemental",
    ),
    (
        "donnee-dep-2024.csv",
        '"classe";"annee";"Code.département";"Code.région";"unité.de.compte";"faits"\n"Homicides";"16";"59";"32";"victime";"douze"\n',
        "ligne 2, colonne 6 (« faits ») : nombre non numérique « douze »",
        "format attendu : SSMSI départemental",
    ),
    (
        "donnee-com-2024.csv",
        "annee,codgeo,indicateur,nombre,taux_pour_mille\n2024,59606,Homicides,1,0\n2024,99999,Homicides,2,0\n",
        "ligne 3, colonne 2 (« codgeo ») : code commune inconnu « 99999 »",
        "format attendu : SSMSI, format long",
    ),
    (
        "donnee-com-2024.csv",
        "annee,codgeo,indicateur,nombre,taux_pour_mille\n2024,59606,Homicides,-1,0\n",
        "ligne 2, colonne 4 (« nombre ») : nombre non numérique « -1 »",
        "ou « ndiff »",
    ),
    (
        "locaux.csv",
        "annee;niveau;code;indicateur;nombre;source;edition\n2022;arrondissement;596;Plaintes;mille;Préfecture;2023\n",
        "ligne 2, colonne 5 (« nombre ») : nombre non numérique « mille »",
        "format attendu : chiffres locaux (modèle Maillage)",
    ),
    (
        "locaux.csv",
        "annee;niveau;code;indicateur;nombre;source;edition\n2022;arrondissement;599;Plaintes;3;Préfecture;2023\n",
        "ligne 2, colonne 3 (« code ») : code de arrondissement inconnu « 599 »",
        "chiffres locaux",
    ),
    (
        "locaux.csv",
        "annee;niveau;code;indicateur;nombre;source;edition\n2022;commune;59606;Plaintes;3;;2023\n",
        "ligne 2, colonne 6 (« source ») : source vide",
        "chiffres locaux",
    ),
    (
        "locaux.csv",
        "annee;niveau;code;indicateur;nombre;source;edition\n22022;commune;59606;Plaintes;3;Préfecture;2023\n",
        "ligne 2, colonne 1 (« annee ») : année illisible",
        "chiffres locaux",
    ),
]


@pytest.mark.parametrize(("name", "text", "where", "expected"), BAD_INPUTS)
def test_bad_input_names_line_column_and_format_and_writes_nothing(territory, reference_areas, tmp_path, name, text, where, expected):
    before = (Figure.objects.count(), Indicator.objects.count())
    with pytest.raises(StatisticsImportError) as raised:
        import_file(write_csv(tmp_path, name, text), data_dir=settings.REFERENCE_DATA_DIR)
    assert where in str(raised.value) and expected in str(raised.value)
    assert (Figure.objects.count(), Indicator.objects.count()) == before


def test_command_with_a_bad_file_writes_nothing_at_all(territory, tmp_path):
    good = settings.BASE_DIR / "officialstats" / "data" / "chiffres-locaux-valenciennois.csv"
    bad = write_csv(tmp_path, "locaux.csv", "annee;niveau;code;indicateur;nombre;source;edition\n2022;commune;59606;Plaintes;x;S;2023\n")
    with pytest.raises(CommandError, match=r"rien n'a été écrit.*ligne 2, colonne 5"):
        call_command("import_official_statistics", str(good), str(bad), stdout=io.StringIO())
    assert not Figure.objects.exists() and not ReferenceArea.objects.exists()


def test_edition_is_required_when_the_file_name_does_not_say_it(territory, reference_areas, tmp_path):
    text = "annee,codgeo,indicateur,nombre,taux_pour_mille\n2024,59606,Homicides,1,0\n"
    with pytest.raises(StatisticsImportError, match="édition introuvable"):
        import_file(write_csv(tmp_path, "communes.csv", text), data_dir=settings.REFERENCE_DATA_DIR)
    report = import_file(write_csv(tmp_path, "communes.csv", text), data_dir=settings.REFERENCE_DATA_DIR, edition="2025")
    assert report.added == 1 and Figure.objects.get(code="59606", year=2024).edition == "2025"
