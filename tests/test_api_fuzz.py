"""Every operation of the project's own OpenAPI schema, fuzzed by schemathesis (bounded: a few examples per operation,
fixed seed), authenticated with a token of a demo-like membership (a practitioner of an association that accompanies
victims, with a situation, a referral and a guide): never a server error, and a refused request writes nothing.

The WSGI application runs in the test's own transaction: Django's request signals that would close the test's
connection are disconnected, as Django's test client does."""

import pytest
import schemathesis
from django.apps import apps
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode

from accounts.models import ApiToken, Role
from tests.accounts.factories import MembershipFactory
from tests.casework.factories import PersonFactory, SituationFactory
from tests.directory.conftest import guide  # noqa: F401 - a small published guide

EXAMPLES = 4
# Tables a request may write even when it refuses: the journal (reads are journaled), the token's last use, sessions
# and the lockout's attempts.
NOT_WRITES = {"audit", "sessions", "axes", "otp_static", "otp_totp", "admin", "contenttypes", "auth"}


@pytest.fixture
def in_process():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(guide, organisation):  # noqa: F811
    """A practitioner of the guide's organisation, with one victim's situation of her own."""
    from accounts.models import Audience
    from casework.models import PersonRole, Side

    organisation.accompanies = Audience.VICTIMS
    organisation.save()
    member = MembershipFactory(organisation=organisation, role=Role.PRACTITIONER)
    situation = SituationFactory(organisation=organisation, side=Side.VICTIM)
    PersonFactory(situation=situation, role=PersonRole.VICTIM, first_name="Zélie", last_name="Fictive")
    _token, key = ApiToken.issue(member, "fuzz")
    return key


def _counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in NOT_WRITES and not model._meta.proxy and model._meta.managed
    }


@pytest.mark.django_db
def test_every_operation_answers_without_a_server_error_and_a_refusal_writes_nothing(in_process, token, territory):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    headers = {"Authorization": f"Bearer {token}"}
    failures, seen = [], {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, headers, failures, seen)
    assert failures == []
    # The token works (not every answer a 401), and reads of its own data succeed.
    assert 200 in seen["GET /api/suivi/situations"] and 200 in seen["GET /api/comptes/moi"], seen
    assert not any(codes == {401} for codes in seen.values()), seen


def _fuzz(operation, mode, headers, failures, seen):
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        before = _counts()
        response = case.call(headers=headers)
        seen.setdefault(operation.label, set()).add(response.status_code)
        try:
            case.validate_response(response, checks=[not_a_server_error], headers=headers)
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
            raise
        if response.status_code >= 400:
            content_type = response.headers.get("content-type", [""])
            content_type = content_type[0] if isinstance(content_type, list) else content_type
            assert content_type.startswith("application/json"), (operation.label, response.status_code, content_type)
            assert _counts() == before, f"{operation.label} answered {response.status_code} and wrote"

    try:
        run()
    except Unsatisfiable:
        assert mode == GenerationMode.NEGATIVE  # nothing to get wrong: an operation without parameters or body
