"""The « observatory » job: `manage.py observatory_rollup` brings the summary up to date, `--rebuild` redoes it all."""

import datetime
import io

import pytest
from django.core.management import call_command

from casework.models import Situation
from observatory.models import RollupCell, RollupChange, RollupState

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("observatory_rollup", *args, stdout=out)
    return out.getvalue()


def test_the_job_takes_the_changes_and_says_what_it_did(organisation, territory):
    assert "reconstruit" in run()
    Situation.objects.create(organisation=organisation, commune_id="59606", opened_on=datetime.date(2026, 2, 1))
    output = run()
    assert "1 commune(s)" in output and "1 commune(s) modifiée(s) en attente" in output
    assert not RollupChange.objects.exists()
    assert RollupCell.objects.filter(indicator="situations_opened", commune="59606", year=2026, value=1).exists()
    assert "à jour" in run()


def test_rebuild_redoes_everything(organisation, territory):
    Situation.objects.create(organisation=organisation, commune_id="59606", opened_on=datetime.date(2026, 2, 1))
    run()
    RollupCell.objects.filter(indicator="situations_opened").update(value=99)  # damaged by hand
    assert "reconstruit" in run("--rebuild")
    assert RollupCell.objects.get(indicator="situations_opened", commune="59606", year=2026).value == 1
    assert RollupState.objects.count() == 1
