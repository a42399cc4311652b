import datetime

import pytest
from django.utils import timezone

from audit.models import Action, Entry
from casework.models import Person, Situation
from tests.casework.factories import PersonFactory, SituationFactory

pytestmark = pytest.mark.django_db


def _payload(**overrides):
    data = {
        "side": "victim",
        "opened_on": "2026-03-01",
        "commune": "59606",
        "relationship": "married",
        "children_count": "1",
        "notes": "",
        "person-role": "victim",
        "person-first_name": "Hortense",
        "person-last_name": "Créationfictive",
        "person-birth_date": "1985-06-01",
        "person-sex": "F",
        "person-address": "1 rue Fictive",
        "person-phone": "06 12 34 56 78",
        "person-email": "",
        "person-phone_ok": "on",
        "person-safe_hours": "le matin",
        "person-via_third_party": "",
        "person-notes": "",
    }
    data.update(overrides)
    return data


def test_create_situation_with_its_first_person(member_client, member, territory):
    response = member_client.post("/suivi/nouvelle/", _payload())
    situation = Situation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/suivi/{situation.pk}/"
    assert situation.organisation == member.organisation
    person = situation.people.get()
    assert person.last_name == "Créationfictive"
    assert person.phone == "+33 6 12 34 56 78"
    assert person.age_band
    assert Entry.objects.filter(action=Action.CREATE, target_type="casework.Situation", target_id=str(situation.pk)).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "person-birth_date",
            (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "Date de naissance : La date de naissance ne peut pas être dans le futur.",
        ),
        ("commune", "99999", "Commune inconnue"),
        ("person-phone", "12", "Téléphone : Numéro de téléphone invalide."),
        ("opened_on", "2026-02-31", "Date d&#x27;ouverture"),
        ("person-last_name", "", "Nom : Ce champ est obligatoire."),
    ],
)
def test_bad_input_gets_a_french_message_naming_the_field_and_writes_nothing(member_client, territory, field, value, message):
    response = member_client.post("/suivi/nouvelle/", _payload(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Situation.objects.exists()
    assert not Person.objects.exists()


def test_possible_duplicate_elsewhere_names_who_to_ask_without_content(member_client, other_organisation, territory):
    other_organisation.email = "contact@beta.exemple.test"
    other_organisation.save()
    elsewhere = SituationFactory(organisation=other_organisation, notes="Contenu secret de Bêta")
    PersonFactory(
        situation=elsewhere,
        first_name="Hortense",
        last_name="CREATIONFICTIVE",
        birth_date=datetime.date(1985, 6, 1),
        address="Adresse secrète de Bêta",
    )
    response = member_client.post("/suivi/nouvelle/", _payload(), follow=True)
    html = response.content.decode()
    assert "Association Bêta (fictive)" in html
    assert "contact@beta.exemple.test" in html
    assert "Contenu secret de Bêta" not in html
    assert "Adresse secrète de Bêta" not in html
    assert elsewhere.reference not in html


def test_coordinator_may_not_create(coordinator_client):
    assert coordinator_client.get("/suivi/nouvelle/").status_code == 403


PERPETRATOR_SIDE_REFUSAL = (
    "Votre organisation accompagne l&#x27;auteur : elle n&#x27;enregistre ni les coordonnées ni les consignes de contact "
    "de la victime ou des enfants. Laissez ce champ vide."
)


@pytest.mark.parametrize("role", ["victim", "child"])
def test_perpetrator_side_creation_refuses_the_victims_or_childs_contacts(member_client, territory, role):
    response = member_client.post("/suivi/nouvelle/", _payload(**{"side": "perpetrator", "person-role": role}))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Adresse", "Téléphone", "Appel téléphonique possible sans risque", "Horaires sans risque"):
        assert f"{label} : {PERPETRATOR_SIDE_REFUSAL}" in html, label
    assert not Situation.objects.exists()
    assert not Person.objects.exists()
    # Without the contacts, the same person is recorded.
    contacts = {f"person-{name}": "" for name in ("address", "phone", "phone_ok", "safe_hours")}
    assert member_client.post("/suivi/nouvelle/", _payload(side="perpetrator", **{"person-role": role}, **contacts)).status_code == 302
    person = Person.objects.get()
    assert (person.role, person.address, person.phone, person.safe_hours) == (role, "", "", "")


def test_perpetrator_side_creation_records_the_perpetrators_own_contacts(member_client, territory):
    response = member_client.post(
        "/suivi/nouvelle/", _payload(side="perpetrator", **{"person-role": "perpetrator", "person-sex": "M", "person-phone_ok": ""})
    )
    assert response.status_code == 302
    assert Person.objects.get().address == "1 rue Fictive"


def test_a_perpetrator_side_person_form_refuses_a_victims_contacts_whatever_the_url_says(member_client, organisation):
    """The contact fields are hidden for a victim, but the role in the query string decided which fields were offered."""
    situation = SituationFactory(organisation=organisation, side="perpetrator")
    PersonFactory(situation=situation, role="perpetrator")
    data = {"role": "victim", "first_name": "Ida", "last_name": "Fictive", "sex": "F", "address": "2 rue Cachée (fictive)"}
    response = member_client.post(f"/suivi/{situation.pk}/personnes/ajouter/?role=perpetrator", data)
    assert response.status_code == 200
    assert f"Adresse : {PERPETRATOR_SIDE_REFUSAL}" in response.content.decode()
    assert not situation.people.filter(role="victim").exists()


def test_a_situation_holding_the_victims_contacts_cannot_switch_to_the_perpetrator_side(member_client, situation):
    """The side « auteur » never holds a victim's or child's contacts: switching is refused while they are stored."""
    from tests.casework.test_concurrent_edit import _form

    response = member_client.post(f"/suivi/{situation.pk}/modifier/", _form(situation, side="perpetrator"))
    assert response.status_code == 200
    assert "accompagne l&#x27;auteur ne peut pas les détenir" in response.content.decode()
    situation.refresh_from_db()
    assert situation.side == "victim"
    for person in situation.people.filter(role__in=["victim", "child"]):
        person.address = person.phone = person.email = person.safe_hours = person.via_third_party = ""
        person.save()
    situation.refresh_from_db()
    assert member_client.post(f"/suivi/{situation.pk}/modifier/", _form(situation, side="perpetrator")).status_code == 302
    situation.refresh_from_db()
    assert situation.side == "perpetrator"


def test_a_birth_date_completed_later_tells_of_a_file_elsewhere_too(member_client, organisation, other_organisation):
    """Created without a birth date, nothing could be compared; the date added on the person's page runs the same
    check as the creation: who to ask, nothing of the file."""
    elsewhere = SituationFactory(organisation=other_organisation, notes="Contenu secret de Bêta")
    PersonFactory(situation=elsewhere, first_name="Hortense", last_name="Completeefictive", birth_date=datetime.date(1985, 6, 1))
    mine = SituationFactory(organisation=organisation)
    person = PersonFactory(situation=mine, first_name="Hortense", last_name="Completeefictive", birth_date=None)
    data = {
        "role": "victim",
        "first_name": "Hortense",
        "last_name": "Completeefictive",
        "birth_date": "",
        "sex": "F",
        "address": person.address,
        "phone": "",
        "email": "",
        "safe_hours": "",
        "via_third_party": "",
        "notes": "",
        "version": str(person.version),
    }
    url = f"/suivi/personnes/{person.pk}/modifier/"
    html = member_client.post(url, {**data, "notes": "rien"}, follow=True).content.decode()
    assert "Association Bêta (fictive)" not in html  # no birth date yet: nothing compared
    person.refresh_from_db()
    html = member_client.post(url, {**data, "birth_date": "1985-06-01", "version": str(person.version)}, follow=True).content.decode()
    assert "est peut-être déjà suivie par :</p><ul><li>Association Bêta (fictive)" in html
    assert "Contenu secret de Bêta" not in html and elsewhere.reference not in html


def test_the_duplicate_warning_is_shown_once(member_client, organisation, other_organisation):
    elsewhere = SituationFactory(organisation=other_organisation)
    PersonFactory(situation=elsewhere, first_name="Hortense", last_name="Uniquefictive", birth_date=datetime.date(1985, 6, 1))
    data = {
        "side": "victim",
        "opened_on": "2026-03-01",
        "commune": "",
        "relationship": "",
        "children_count": "0",
        "notes": "",
        "person-role": "victim",
        "person-first_name": "Hortense",
        "person-last_name": "Uniquefictive",
        "person-birth_date": "1985-06-01",
        "person-sex": "F",
    }
    html = member_client.post("/suivi/nouvelle/", data, follow=True).content.decode()
    assert html.count("Association Bêta (fictive)") == 1


def test_the_perpetrators_organisation_is_not_told_who_follows_the_victim(member_client, organisation, other_organisation):
    """A file on the perpetrator's side: a victim recorded there, or the man himself, must not reveal which
    organisation (a shelter, a victims' association) follows her. Another perpetrator-side file is named."""
    from tests.accounts.factories import OrganisationFactory

    victims_side = SituationFactory(organisation=other_organisation)
    PersonFactory(situation=victims_side, first_name="Hortense", last_name="Auteurfictive", birth_date=datetime.date(1985, 6, 1))
    PersonFactory(
        situation=victims_side, role="perpetrator", first_name="Gaston", last_name="Auteurfictif", birth_date=datetime.date(1980, 1, 1)
    )
    mine = SituationFactory(organisation=organisation, side="perpetrator")

    def add(role, first, last, born):
        data = {"role": role, "first_name": first, "last_name": last, "birth_date": born, "sex": "F" if role == "victim" else "M"}
        data.update(dict.fromkeys(("address", "phone", "email", "safe_hours", "via_third_party", "notes"), ""))
        response = member_client.post(f"/suivi/{mine.pk}/personnes/ajouter/?role={role}", data, follow=True)
        assert Person.objects.filter(situation=mine, role=role).exists(), response.content.decode()[:2000]
        return response.content.decode()

    assert "Association Bêta (fictive)" not in add("victim", "Hortense", "Auteurfictive", "1985-06-01")
    assert "Association Bêta (fictive)" not in add("perpetrator", "Gaston", "Auteurfictif", "1980-01-01")
    elsewhere = OrganisationFactory(name="Autre parcours auteurs (fictif)")
    theirs = SituationFactory(organisation=elsewhere, side="perpetrator")
    PersonFactory(situation=theirs, role="perpetrator", first_name="Gaston", last_name="Auteurfictif", birth_date=datetime.date(1980, 1, 1))
    html = add("perpetrator", "Gaston", "Auteurfictif", "1980-01-01")
    assert "Autre parcours auteurs (fictif)" in html and "Association Bêta (fictive)" not in html
