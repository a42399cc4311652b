"""Import of the real INSEE and DGCL files (../shared/data), and refusal of bad input."""

import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.models import ApiToken
from territory.models import Commune, Epci
from tests.accounts.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_real_arrondissement_of_valenciennes(territory):
    assert Commune.objects.filter(arrondissement_id="596").count() == 82
    valenciennes = Commune.objects.get(insee_code="59606")
    assert valenciennes.name == "Valenciennes"
    assert valenciennes.epci.name == "CA Valenciennes Métropole"
    assert valenciennes.postal_codes == ["59300"]
    assert valenciennes.population > 40000
    assert 50.3 < valenciennes.latitude < 50.4 and 3.4 < valenciennes.longitude < 3.6
    assert Epci.objects.get(siren="245901160").communes.count() == 35
    assert Epci.objects.get(siren="200042190").communes.count() == 47


def test_rerunning_the_import_changes_nothing(territory):
    before = list(Commune.objects.order_by("insee_code").values())
    call_command("import_territory", arrondissement="596")
    assert list(Commune.objects.order_by("insee_code").values()) == before


def test_unknown_code_writes_nothing():
    with pytest.raises(CommandError, match="Code d'arrondissement inconnu : 999"):
        call_command("import_territory", arrondissement="999")
    with pytest.raises(CommandError, match="Code de département inconnu : 00"):
        call_command("import_territory", departement="00")
    assert not Commune.objects.exists()


@pytest.fixture
def data_copy(tmp_path):
    source = settings.REFERENCE_DATA_DIR / "territory"
    target = tmp_path / "territory"
    target.mkdir()
    for name in ("communes.csv", "departements.csv", "arrondissements.csv", "donnees_communes.csv"):
        shutil.copy(source / name, target / name)
    (target / "epcicom.xlsx").symlink_to(source / "epcicom.xlsx")
    return tmp_path


def corrupt(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_invalid_commune_line_is_named_and_nothing_written(data_copy):
    corrupt(data_copy / "territory" / "communes.csv", "COM,59606,32,59,59D,596", "COM,5960X,32,59,59D,596")
    with pytest.raises(CommandError) as error:
        call_command("import_territory", arrondissement="596", data_dir=str(data_copy))
    lines = (data_copy / "territory" / "communes.csv").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if "5960X" in text)
    assert f"communes.csv, ligne {line}" in str(error.value) and "5960X" in str(error.value)
    assert not Commune.objects.exists()


def test_missing_column_is_named(data_copy):
    corrupt(data_copy / "territory" / "donnees_communes.csv", ";PMUN;", ";POPMUN;")
    with pytest.raises(CommandError, match=r"donnees_communes.csv : colonne\(s\) manquante\(s\) PMUN"):
        call_command("import_territory", arrondissement="596", data_dir=str(data_copy))
    assert not Commune.objects.exists()


def test_invalid_population_is_named(data_copy):
    corrupt(data_copy / "territory" / "donnees_communes.csv", ";59606;Valenciennes;43468;", ";59606;Valenciennes;beaucoup;")
    with pytest.raises(CommandError, match="population invalide 'beaucoup' pour 59606"):
        call_command("import_territory", arrondissement="596", data_dir=str(data_copy))
    assert not Commune.objects.exists()


def test_another_territory_can_run_it():
    # The arrondissement of Avesnes-sur-Helpe (591), where Maubeuge lies, works the same way.
    call_command("import_territory", arrondissement="591")
    assert Commune.objects.filter(arrondissement_id="591").count() > 100
    assert Commune.objects.filter(name="Maubeuge").exists()


def test_communes_api_requires_a_token_and_filters(client, territory):
    assert client.get("/api/territoire/communes").status_code == 401
    _, key = ApiToken.issue(MembershipFactory(), "x")
    response = client.get("/api/territoire/communes?arrondissement=596", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and len(response.json()) == 82
    one = client.get("/api/territoire/communes/59606", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert one["epci_id"] == "245901160"
    assert client.get("/api/territoire/communes/99999", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 404
    epcis = client.get("/api/territoire/epci", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert {e["siren"]: len(e["communes"]) for e in epcis} == {"245901160": 35, "200042190": 47}
