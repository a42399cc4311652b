from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.casework.conftest import (  # noqa: F401 (fixtures)
    coordinator,
    perpetrator_member,
    perpetrator_org,
    situation,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "exemples"


def example(name):
    return (EXAMPLES / name).read_bytes()


def upload(client, content, name, kind="casework", **extra):
    """Post a file to the upload step; returns the response."""
    return client.post("/reprise/", {"kind": kind, "side": "victim", "file": SimpleUploadedFile(name, content), **extra})


def accept_guessed_mapping(client, job):
    data = {f"col_{i}": field for i, field in job.mapping.items()}
    return client.post(f"/reprise/{job.pk}/colonnes/", data)


@pytest.fixture
def territory_596(territory):
    return territory
