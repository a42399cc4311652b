"""The systemd files shipped under deploy/systemd/ schedule exactly the jobs of settings.MAILLAGE_JOBS."""

import configparser
from pathlib import Path

from django.conf import settings

SYSTEMD = Path(__file__).resolve().parent.parent.parent / "deploy" / "systemd"


def unit(path):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def test_each_job_has_a_timer_with_its_schedule():
    timers = {path.name for path in SYSTEMD.glob("maillage-job-*.timer")}
    assert timers == {f"maillage-job-{name}.timer" for name in settings.MAILLAGE_JOBS}
    for name, spec in settings.MAILLAGE_JOBS.items():
        timer = unit(SYSTEMD / f"maillage-job-{name}.timer")
        assert timer["Timer"]["OnCalendar"] == spec["schedule"], name
        assert timer["Timer"]["Unit"] == f"maillage-job@{name}.service"
        assert timer["Timer"]["Persistent"] == "true"


def test_the_job_service_runs_run_job_with_the_instance_name():
    service = unit(SYSTEMD / "maillage-job@.service")
    assert service["Service"]["ExecStart"].endswith("manage.py run_job %i")
    assert service["Service"]["Type"] == "oneshot"
