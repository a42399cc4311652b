"""Issue 11, point 25: the OpenAPI schema declared almost no error answer (25 of 26 operations listed only 200 or 201)
and no input constraint (dates as plain strings, no enums, no ranges). A client generated from the schema must know
what the server accepts and every error it can answer."""

import pytest

from casework.forms import EventForm, NewSituationForm, PersonForm, ReferralForm
from maillage.api import api


@pytest.fixture(scope="module")
def schema():
    return api.get_openapi_schema()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def codes(operation):
    return {str(code) for code in operation["responses"]}


def test_every_operation_that_can_fail_declares_its_errors_in_one_shape(schema):
    assert "Erreur" in schema["components"]["schemas"]
    checked = 0
    for path, method, operation in operations(schema):
        declared = codes(operation)
        if operation.get("security"):
            assert {"401", "403"} <= declared, (method, path)
        if "{" in path:
            assert "404" in declared, (method, path)
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in declared, (method, path)
            checked += 1
        if operation.get("requestBody"):
            assert {"400", "413", "422"} <= declared, (method, path)
        for code in declared - {"200", "201"}:
            content = {str(k): v for k, v in operation["responses"].items()}[code].get("content", {}).get("application/json", {})
            assert content.get("schema"), (method, path, code)
    assert checked >= 15


def test_operations_that_answer_a_conflict_declare_409(schema):
    paths = schema["paths"]
    assert "409" in codes(paths["/api/suivi/situations/{situation_id}/evenements"]["post"])
    assert "409" in codes(paths["/api/suivi/orientations/{referral_id}/reponse"]["post"])
    assert "409" in codes(paths["/api/suivi/orientations/{referral_id}/retrait-consentement"]["post"])


def _properties(schema, name):
    return schema["components"]["schemas"][name]["properties"]


def _form_choices(form_class, name):
    return sorted(str(value) for value, _label in form_class.base_fields[name].choices if value != "")


def test_body_fields_say_what_the_server_accepts(schema):
    event = _properties(schema, "EventIn")
    assert event["date"]["format"] == "date" and event["end_date"]["format"] == "date"
    assert sorted(event["kind"]["enum"]) == _form_choices(EventForm, "kind")  # required: no blank value offered
    assert "" in event["hearing_outcome"]["enum"]  # optional: blank allowed
    situation = _properties(schema, "SituationIn")
    assert situation["opened_on"]["format"] == "date"
    assert sorted(situation["side"]["enum"]) == _form_choices(NewSituationForm, "side")
    assert (situation["children_count"]["minimum"], situation["children_count"]["maximum"]) == (0, 20)
    person = _properties(schema, "PersonIn")
    assert person["birth_date"]["format"] == "date"
    assert sorted(person["role"]["enum"]) == _form_choices(PersonForm, "role")
    referral = _properties(schema, "ReferralIn")
    assert referral["given_on"]["format"] == "date"
    assert sorted(referral["items"]["items"]["enum"]) == _form_choices(ReferralForm, "items")
    assert sorted(referral["method"]["enum"]) == _form_choices(ReferralForm, "method")


@pytest.mark.django_db
def test_the_declared_error_is_the_real_one_on_a_bad_date(client):
    """A bad date in a body answers the documented 422, naming the field."""
    from accounts.models import ApiToken, Role
    from tests.accounts.factories import MembershipFactory

    _token, key = ApiToken.issue(MembershipFactory(role=Role.PRACTITIONER), "test")
    response = client.post(
        "/api/suivi/situations",
        {"opened_on": "2026-02-31", "person": {"role": "victim", "first_name": "A", "last_name": "B"}},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 422
    assert "opened_on" in {error["field"] for error in response.json()["errors"]}
