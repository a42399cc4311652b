"""Trainings: sessions inside their cycle, registration with a waiting list and promotion, no overbooking under
concurrency, attendance, the certificate PDF, the evaluation and its summary."""

import datetime
import subprocess
import threading

import pytest
from django.db import connection

from accounts.models import Role
from network import trainings
from network.models import Evaluation, Registration, TrainingSession
from tests.accounts.factories import MembershipFactory
from tests.conftest import verified_client
from tests.network.factories import CycleFactory, SessionFactory

pytestmark = pytest.mark.django_db


def session_data(cycle, **overrides):
    data = {
        "date": (cycle.starts_on + datetime.timedelta(days=3)).isoformat(),
        "starts_at": "09:00",
        "ends_at": "16:30",
        "place": "Salle fictive",
        "trainer": "Formatrice fictive",
        "objectives": "Repérer",
        "capacity": "12",
    }
    data.update(overrides)
    return data


def test_a_session_outside_its_cycle_is_refused_naming_the_field(network, clients):
    cycle = network["cycle"]
    before = TrainingSession.objects.count()
    late = (cycle.ends_on + datetime.timedelta(days=1)).isoformat()
    response = clients["lead_admin"].post(f"/reseau/formations/{cycle.pk}/sessions/", session_data(cycle, date=late))
    assert response.status_code == 422
    assert "Date : La session doit avoir lieu pendant le cycle" in response.text
    response = clients["lead_admin"].post(f"/reseau/formations/{cycle.pk}/sessions/", session_data(cycle, ends_at="08:00", capacity="0"))
    assert response.status_code == 422
    assert "Heure de fin : L&#x27;heure de fin doit suivre" in response.text and "Nombre de places : " in response.text
    assert TrainingSession.objects.count() == before
    assert clients["lead_admin"].post(f"/reseau/formations/{cycle.pk}/sessions/", session_data(cycle)).status_code == 302


def test_moving_the_cycle_away_from_its_sessions_is_refused(network, clients):
    cycle = network["cycle"]
    data = {"title": cycle.title, "starts_on": "2030-01-01", "ends_on": "2030-02-01", "objectives": "x", "registration_open": "on"}
    response = clients["lead_admin"].post(f"/reseau/formations/{cycle.pk}/modifier/", data)
    assert response.status_code == 422 and "Des sessions du cycle tomberaient hors de ces dates" in response.text


def trainees(n, organisation):
    return [MembershipFactory(organisation=organisation, role=Role.PRACTITIONER) for _ in range(n)]


def test_waiting_list_and_promotion_in_order(network):
    cycle = CycleFactory(organiser=network["lead"])
    SessionFactory(cycle=cycle, capacity=2)
    SessionFactory(cycle=cycle, capacity=5)  # the smallest room decides
    people = trainees(4, network["other"])
    got = [trainings.register(cycle, membership=m).status for m in people]
    assert got == ["confirmed", "confirmed", "waiting", "waiting"]
    third, fourth = (Registration.objects.get(cycle=cycle, user=m.user) for m in people[2:])
    assert trainings.waiting_position(third) == 1 and trainings.waiting_position(fourth) == 2
    first = Registration.objects.get(cycle=cycle, user=people[0].user)
    promoted = trainings.withdraw(first, membership=people[0])
    assert [r.pk for r in promoted] == [third.pk]
    third.refresh_from_db()
    assert third.status == "confirmed" and third.seat == 1
    # Registering again after a withdrawal: at the end of the queue.
    assert trainings.register(cycle, membership=people[0]).status == "waiting"
    assert trainings.waiting_position(Registration.objects.get(cycle=cycle, user=people[0].user)) == 2


def test_more_seats_promote_the_waiting_list(network, clients):
    cycle = CycleFactory(organiser=network["lead"])
    session = SessionFactory(cycle=cycle, capacity=1)
    people = trainees(3, network["other"])
    for m in people:
        trainings.register(cycle, membership=m)
    response = clients["lead_admin"].post(
        f"/reseau/formations/sessions/{session.pk}/modifier/", session_data(cycle, date=session.date.isoformat(), capacity="2")
    )
    assert response.status_code == 302
    assert list(Registration.objects.filter(cycle=cycle).order_by("registered_at").values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
        "waiting",
    ]


def test_register_through_the_page(network, clients):
    cycle = network["cycle"]
    response = clients["other_admin"].post(f"/reseau/formations/{cycle.pk}/inscription/", follow=True)
    assert "Vous êtes inscrit·e à ce cycle." in response.text
    again = clients["other_admin"].post(f"/reseau/formations/{cycle.pk}/inscription/")
    assert again.status_code == 302 and Registration.objects.filter(cycle=cycle, user=network["members"]["other_admin"].user).count() == 1
    clients["other_admin"].post(f"/reseau/formations/{cycle.pk}/desistement/")
    assert Registration.objects.get(cycle=cycle, user=network["members"]["other_admin"].user).status == "withdrawn"


def test_a_full_cycle_puts_the_page_registrant_on_the_waiting_list(network, clients):
    cycle = CycleFactory(organiser=network["lead"])
    SessionFactory(cycle=cycle, capacity=1)
    trainings.register(cycle, membership=network["members"]["lead_admin"])
    response = clients["other_admin"].post(f"/reseau/formations/{cycle.pk}/inscription/", follow=True)
    assert "Le cycle est complet : vous êtes sur la liste d&#x27;attente (position 1)" in response.text


def test_seats_are_unique_in_the_database(network):
    from django.db import IntegrityError, transaction

    cycle = CycleFactory(organiser=network["lead"])
    SessionFactory(cycle=cycle, capacity=3)
    a, b = trainees(2, network["other"])
    Registration.objects.create(cycle=cycle, user=a.user, organisation=a.organisation, status="confirmed", seat=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(cycle=cycle, user=b.user, organisation=b.organisation, status="confirmed", seat=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(cycle=cycle, user=b.user, organisation=b.organisation, status="waiting", seat=2)


@pytest.mark.django_db(transaction=True)
def test_no_overbooking_when_professionals_register_at_once(db):
    """Ten professionals register at the same instant for three seats: three seats taken, seven waiting."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises the whole database)")
    from tests.accounts.factories import OrganisationFactory

    organisation = OrganisationFactory()
    cycle = CycleFactory(organiser=organisation)
    SessionFactory(cycle=cycle, capacity=3)
    people = trainees(10, organisation)
    barrier = threading.Barrier(len(people))
    errors = []

    def run(membership):
        try:
            barrier.wait()
            trainings.register(cycle, membership=membership)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(m,)) for m in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    statuses = list(Registration.objects.filter(cycle=cycle).values_list("status", flat=True))
    assert sorted(statuses) == ["confirmed"] * 3 + ["waiting"] * 7
    assert sorted(Registration.objects.filter(cycle=cycle, status="confirmed").values_list("seat", flat=True)) == [1, 2, 3]


def test_attendance_then_certificate(network, clients, tmp_path):
    cycle, session = network["cycle"], network["session"]
    second = SessionFactory(
        cycle=cycle, date=session.date + datetime.timedelta(days=7), starts_at=datetime.time(14), ends_at=datetime.time(17)
    )
    bob = MembershipFactory(organisation=network["other"], role=Role.PRACTITIONER, user__first_name="Bérénice", user__last_name="Fictive")
    registration = trainings.register(cycle, membership=bob)
    url = f"/reseau/formations/sessions/{second.pk}/emargement/"
    assert clients["lead_admin"].post(url, {"present": [str(registration.pk)]}).status_code == 302
    assert clients["lead_admin"].post(url, {"present": ["999999"]}).status_code == 422
    bob_client = verified_client(bob.user, bob)
    response = bob_client.get(f"/reseau/formations/inscriptions/{registration.pk}/attestation.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "attestation.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Attestation de présence" in text and "Bérénice Fictive" in text and network["other"].name in text
    assert "1 session et 3 heures de formation" in text
    # Another trainee's certificate is not hers.
    assert bob_client.get(f"/reseau/formations/inscriptions/{network['registration'].pk}/attestation.pdf").status_code == 404


def test_evaluation_once_and_summary_hidden_below_three_answers(network, clients):
    cycle = network["cycle"]
    url = f"/reseau/formations/{cycle.pk}/evaluation/"
    bad = clients["practitioner"].post(url, {"overall": "9", "objectives_met": "3", "usefulness": "4", "network_knowledge": "4"})
    assert (
        bad.status_code == 422
        and "Satisfaction générale : " in bad.text
        and "Recommanderiez-vous cette formation ? : Ce champ est obligatoire." in bad.text
    )
    assert not Evaluation.objects.exists()
    good = {"overall": "5", "objectives_met": "4", "usefulness": "4", "network_knowledge": "3", "recommend": "oui", "comment": "Très utile"}
    assert clients["practitioner"].post(url, good).status_code == 302
    assert clients["practitioner"].post(url, good).status_code == 302 and Evaluation.objects.count() == 1
    summary = clients["lead_admin"].get(f"/reseau/formations/{cycle.pk}/bilan/").text
    assert "1 réponse" in summary and "Très utile" not in summary and "à partir de 3 réponses" in summary
    for _ in range(2):
        m = MembershipFactory(organisation=network["other"], role=Role.PRACTITIONER)
        r = trainings.register(cycle, membership=m)
        Evaluation.objects.create(registration=r, overall=3, objectives_met=4, usefulness=5, network_knowledge=3, recommend=False)
    summary = clients["lead_admin"].get(f"/reseau/formations/{cycle.pk}/bilan/").text
    assert "3 réponses" in summary and "Très utile" in summary
    assert "3,7" in summary  # overall: (5 + 3 + 3) / 3
    assert "1 sur 3 recommanderaient" in summary


def test_a_room_smaller_than_the_registrations_is_refused(network, clients):
    cycle, session = network["cycle"], network["session"]  # the practitioner holds a seat
    other = MembershipFactory(organisation=network["other"], role=Role.PRACTITIONER)
    trainings.register(cycle, membership=other)
    data = session_data(cycle, date=session.date.isoformat(), capacity="1")
    response = clients["lead_admin"].post(f"/reseau/formations/sessions/{session.pk}/modifier/", data)
    assert response.status_code == 422 and "Nombre de places : 2 personnes sont déjà inscrites au cycle" in response.text


def test_after_a_withdrawal_and_a_smaller_room_the_cycle_stays_full(network):
    """Found by the state machine: seat 2 held, seat 1 free, one place: the next registrant waits."""
    cycle = CycleFactory(organiser=network["lead"])
    session = SessionFactory(cycle=cycle, capacity=2)
    a, b, c = trainees(3, network["other"])
    trainings.register(cycle, membership=a)
    trainings.register(cycle, membership=b)
    trainings.withdraw(Registration.objects.get(cycle=cycle, user=a.user), membership=a)
    session.capacity = 1
    session.save()
    assert trainings.register(cycle, membership=c).status == "waiting"
