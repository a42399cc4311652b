"""The mapping form fuzzed (hypothesis): whatever is posted, never a server error; a refusal (422) changes neither the
job nor the organisation's remembered mapping; an accepted mapping uses each field once at most."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imports.fields import fields_for
from imports.models import ColumnMapping, ImportJob
from tests.conftest import verified_client
from tests.imports.conftest import example, upload

pytestmark = pytest.mark.django_db

KEYS = [f.key for f in fields_for("casework")]
VALUES = st.one_of(st.sampled_from([*KEYS, ""]), st.text(max_size=30).map(lambda t: t.replace("\x00", "")))
NAMES = st.one_of(st.sampled_from([f"col_{i}" for i in range(22)]), st.text(max_size=10).map(lambda t: t.replace("\x00", "")))


@pytest.fixture
def job(org_admin, territory):
    client = verified_client(org_admin.user, org_admin)
    upload(client, example("suivi-exemple.csv"), "suivi.csv")
    return ImportJob.objects.get()


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(NAMES, VALUES, max_size=25))
def test_the_mapping_form_never_fails_and_a_refusal_changes_nothing(job, org_admin, data):
    client = verified_client(org_admin.user, org_admin)
    job.refresh_from_db()
    before = (job.mapping, job.status, list(ColumnMapping.objects.values_list("columns", flat=True)))
    response = client.post(f"/reprise/{job.pk}/colonnes/", data)
    assert response.status_code in (302, 422)
    job.refresh_from_db()
    if response.status_code == 422:
        assert (job.mapping, job.status, list(ColumnMapping.objects.values_list("columns", flat=True))) == before
    else:
        chosen = [v for v in job.mapping.values() if v]
        assert len(chosen) == len(set(chosen)) and set(chosen) <= set(KEYS)
        assert job.status in ("checked", "invalid")
