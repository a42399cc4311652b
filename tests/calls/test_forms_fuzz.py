"""Every form of the calls for projects, fuzzed with hypothesis: whatever is posted, never a server error; a refusal
writes nothing in the calls' tables."""

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.fuzz import fuzz, several, text, values

pytestmark = pytest.mark.django_db
WATCHED = list(apps.get_app_config("calls").get_models())
DATES = values("2026-03-01", "2026-02-30", "01/03/2026", "2099-01-01", "1899-12-31", "")
AMOUNTS = values("0", "1", "6000", "20000", "20001", "-5", "1e9", "99999999999999999999", "douze")


def test_call_forms_never_fail(coordinator_client, call):
    fields = {
        "title": text,
        "year": values("2026", "1999", "2101", "x"),
        "funder": text,
        "description": text,
        "envelope": AMOUNTS,
        "opens_on": DATES,
        "closes_on": DATES,
        "decision_on": DATES,
        "epcis": several("245901160", "200042190", "0"),
    }
    fuzz(lambda data: coordinator_client.post("/reseau/appels/nouveau/", data), fields, WATCHED, examples=20)
    fuzz(lambda data: coordinator_client.post(f"/reseau/appels/{call.pk}/modifier/", data), fields, WATCHED, examples=15)
    fuzz(
        lambda data: coordinator_client.post(f"/reseau/appels/{call.pk}/criteres/", data),
        {"label": text, "max_score": values("5", "0", "101", "x")},
        WATCHED,
        examples=10,
        accepted=(302,),
    )
    fuzz(
        lambda data: coordinator_client.post(f"/reseau/appels/{call.pk}/evaluateurs/", data),
        {"membership": values("1", "0", "x")},
        WATCHED,
        examples=8,
        accepted=(302,),
    )


def test_application_forms_never_fail(org_admin_client, call, application, organisation):
    communes = [str(c.pk) for c in organisation.communes.all()[:2]]
    fields = {
        "title": text,
        "summary": text,
        "audience": values("victims", "young", "x"),
        "communes": several(*communes, "99999"),
        "budget_total": AMOUNTS,
        "requested_amount": AMOUNTS,
        "starts_on": DATES,
        "ends_on": DATES,
    }
    fuzz(lambda data: org_admin_client.post(f"/reseau/appels/{call.pk}/deposer/", data), fields, WATCHED, examples=25)
    fuzz(lambda data: org_admin_client.post(f"/reseau/appels/dossiers/{application.pk}/modifier/", data), fields, WATCHED, examples=15)


def test_documents_never_fail(org_admin_client, application):
    names = values("budget.pdf", "x.exe", "", "sans-extension", "a" * 300 + ".pdf", "..\\..\\etc.pdf", "nul\x00.pdf")

    def send(data):
        name = data.pop("name", "budget.pdf") or "vide.pdf"
        upload = SimpleUploadedFile(name, (data.pop("content", "") or "x").encode("utf-8", "surrogatepass"), content_type="application/pdf")
        return org_admin_client.post(f"/reseau/appels/dossiers/{application.pk}/pieces/", {"file": upload})

    fuzz(send, {"name": names, "content": text}, WATCHED, examples=15, accepted=(302,))


def test_reviews_decisions_and_reports_never_fail(reviewer_client, coordinator_client, org_admin_client, call, application, funded):
    criteria = {f"score_{c.pk}": values("0", str(c.max_score), str(c.max_score + 1), "-1", "x") for c in call.criteria.all()}
    review = {**criteria, "recommendation": values("fund", "partly", "reject", "x"), "comment": text}
    fuzz(lambda data: reviewer_client.post(f"/reseau/appels/dossiers/{application.pk}/evaluer/", data), review, WATCHED, examples=20)
    fuzz(
        lambda data: coordinator_client.post(f"/reseau/appels/dossiers/{application.pk}/decision/", data),
        {"outcome": values("funded", "rejected", "x"), "amount": AMOUNTS},
        WATCHED,
        examples=15,
        accepted=(302,),
    )
    report = {
        "summary": text,
        **dict.fromkeys(("spent_amount", "people_reached", "professionals_trained", "pupils_reached", "documents_produced"), AMOUNTS),
    }
    fuzz(lambda data: org_admin_client.post(f"/reseau/appels/dossiers/{funded.pk}/bilan/", data), report, WATCHED, examples=20)
