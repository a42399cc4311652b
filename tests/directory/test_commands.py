import json

import pytest
from django.core.management import CommandError, call_command

from directory.models import Service


def test_export_command_writes_valid_json(guide, tmp_path):
    out = tmp_path / "di.json"
    call_command("export_directory", "--format", "data-inclusion", "--output", str(out))
    rows = json.loads(out.read_text())
    assert len(rows) == 4 and "Secrète" not in out.read_text()
    call_command("export_directory", "--format", "hsds", "--output", str(out))
    assert json.loads(out.read_text())["hsds_version"] == "3.0"


def test_import_command_refuses_a_bad_file_and_writes_nothing(territory, organisation, tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps(
            {
                "source": "x",
                "id": "1",
                "structure_id": "s",
                "nom": "Permanence fictive",
                "description": "Texte.",
                "date_maj": "2026-01-01",
                "thematiques": ["sante--acces-aux-soins"],
                "code_insee": "00000",
            }
        )
        + "\n"
    )
    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("import_datainclusion", str(path), "--organisation", str(organisation.pk))
    assert "ligne 1, champ « code_insee »" in capsys.readouterr().err
    assert not Service.objects.exists()
    path.write_text(path.read_text().replace("00000", "59606"))
    call_command("import_datainclusion", str(path), "--organisation", str(organisation.pk), "--publish")
    assert Service.objects.published().get().category_codes == ["health"]
