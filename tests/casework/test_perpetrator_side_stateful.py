"""The perpetrator's side, as a state machine (hypothesis): two adversaries, Gamma (a perpetrators' association) and
the socio-judicial team of Alpha itself, do at random what their practitioners can do — open, edit, respell, redate
and close their files on the man, answer referrals, add people, run the duplicates check, search, export — while Alpha
(the victims' side) shares and withdraws consents and orients the man. The model keeps, independently of the code,
whether each adversary accompanies the man (once it did, it does). Invariant, at every step: an adversary that
accompanies him reads nothing of Alpha's about the victim or the child, on any page or API answer, and the duplicates
check never names Alpha to it."""

import datetime
import itertools
import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule, run_state_machine_as_test

from accounts.models import ApiToken, Audience, Role, Team
from casework.models import PersonRole, Referral
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.casework.factories import EventFactory, PersonFactory, SituationFactory
from tests.casework.test_assessment import answers
from tests.casework.test_perpetrator_side import (
    ASSESSMENT_REASON,
    CHILD_ADDRESS,
    COMMUNE_CODE,
    MAN,
    SECRETS,
    STAY_NOTE,
    VICTIM,
    _edit_person,
    _edit_situation,
    _found,
)
from tests.conftest import verified_client

# What an adversary may type for the man: the same man (typing variants) or another man.
SAME_MAN = [
    dict(MAN),
    {**MAN, "birth_date": MAN["birth_date"] + datetime.timedelta(days=1)},
    {**MAN, "first_name": "VIOLENT FICTIF", "last_name": "gaston"},
    {**MAN, "last_name": "Violent Fictif", "birth_date": MAN["birth_date"].replace(year=1981)},
]
OTHER_MAN = {"first_name": "Hubert", "last_name": "Autrehomme-Fictif", "birth_date": datetime.date(1975, 9, 9)}
SEQUENCE = itertools.count(1)


class PerpetratorSide(RuleBasedStateMachine):
    @initialize()
    def world(self):
        n = next(SEQUENCE)
        self.alpha = OrganisationFactory(name=f"Association Alpha {n} (fictive)", accompanies=Audience.BOTH)
        self.gamma = OrganisationFactory(name=f"Association Gamma {n} (fictive)", accompanies=Audience.PERPETRATORS)
        victims = Team.objects.create(organisation=self.alpha, name="Victimes", accompanies=Audience.VICTIMS)
        sj = Team.objects.create(organisation=self.alpha, name="Socio-judiciaire", accompanies=Audience.PERPETRATORS)
        her = MembershipFactory(organisation=self.alpha, role=Role.PRACTITIONER, team=victims)
        self.alpha_client = verified_client(her.user, her)
        self.adversaries = {}
        for name, membership in (
            ("gamma", MembershipFactory(organisation=self.gamma, role=Role.PRACTITIONER)),
            ("sj", MembershipFactory(organisation=self.alpha, role=Role.PRACTITIONER, team=sj)),
        ):
            _token, key = ApiToken.issue(membership, "machine")
            self.adversaries[name] = {
                "membership": membership,
                "client": verified_client(membership.user, membership),
                "api": Client(headers={"Authorization": f"Bearer {key}"}),
                "files": [],
                "follows": False,
            }
        # The household, of no team: every member of Alpha may open it (the sj team then reads it as his side).
        self.household = SituationFactory(organisation=self.alpha, side="victim", commune_id=COMMUNE_CODE)
        self.victim = PersonFactory(situation=self.household, role=PersonRole.VICTIM, sex="F", **VICTIM)
        self.man = PersonFactory(situation=self.household, role=PersonRole.PERPETRATOR, sex="M", **MAN)
        self.child = PersonFactory(situation=self.household, role=PersonRole.CHILD, first_name="Lou", address=CHILD_ADDRESS)
        EventFactory(
            situation=self.household,
            person=self.victim,
            kind="housing",
            date=datetime.date(2026, 2, 3),
            end_date=datetime.date(2026, 2, 9),
            notes=STAY_NOTE,
        )
        self.alpha_client.post(
            f"/suivi/{self.household.pk}/evaluation/",
            answers("separation", assessed_on="2026-02-02", raise_to="high", raised_reason=ASSESSMENT_REASON),
        )
        self.duplicates_named_alpha = []

    # --- the victims' side -------------------------------------------------------------------------------------

    @rule(
        who=st.sampled_from(["victim", "child"]),
        items=st.sets(st.sampled_from(["identity", "contact", "household", "timeline", "assessment", "notes"]), min_size=1),
    )
    def alpha_shares_with_gamma(self, who, items):
        person = self.victim if who == "victim" else self.child
        self.alpha_client.post(
            f"/suivi/{self.household.pk}/orienter/",
            {
                "person": person.pk,
                "receiver": self.gamma.pk,
                "reason": "Suivi (fictif)",
                "legal_basis": "consent",
                "items": sorted(items),
                "given_on": "2026-03-01",
                "method": "oral",
            },
        )
        referral = Referral.objects.filter(person=person, receiver=self.gamma, status="sent").order_by("-pk").first()
        if referral is not None:
            self.adversaries["gamma"]["api"].post(
                f"/api/suivi/orientations/{referral.pk}/reponse", {"decision": "accept"}, content_type="application/json"
            )

    @precondition(lambda self: Referral.objects.filter(sender=self.alpha, consent__withdrawn_on__isnull=True).exists())
    @rule(data=st.data())
    def alpha_records_a_withdrawal(self, data):
        referral = data.draw(st.sampled_from(list(Referral.objects.filter(sender=self.alpha, consent__withdrawn_on__isnull=True))))
        self.alpha_client.post(f"/suivi/orientations/{referral.pk}/retrait-consentement/", {"withdrawn_on": "2026-03-05", "confirm": "on"})

    @rule()
    def alpha_orients_the_man_to_gamma(self):
        response = self.alpha_client.post(
            f"/suivi/{self.household.pk}/orienter/",
            {
                "person": self.man.pk,
                "receiver": self.gamma.pk,
                "reason": "Stage (fictif)",
                "legal_basis": "judicial",
                "items": ["identity", "timeline"],
                "given_on": "2026-03-01",
                "method": "na",
            },
        )
        assert response.status_code == 302
        self.adversaries["gamma"]["follows"] = True

    # --- the adversaries -----------------------------------------------------------------------------------------

    @rule(
        who=st.sampled_from(["gamma", "sj"]),
        same=st.booleans(),
        variant=st.sampled_from(SAME_MAN),
        side=st.sampled_from(["victim", "perpetrator"]),
    )
    def opens_a_file(self, who, same, variant, side):
        adversary = self.adversaries[who]
        man = variant if same else OTHER_MAN
        data = {
            "side": side,
            "opened_on": "2026-03-01",
            "commune": "59606",
            "relationship": "",
            "children_count": "0",
            "notes": "",
            "person-role": "perpetrator",
            "person-first_name": man["first_name"],
            "person-last_name": man["last_name"],
            "person-birth_date": man["birth_date"].isoformat(),
            "person-sex": "M",
        }
        response = adversary["client"].post("/suivi/nouvelle/", data)
        assert response.status_code == 302
        adversary["files"].append(int(response["Location"].strip("/").split("/")[-1]))
        if same:
            adversary["follows"] = True

    def _own_file(self, who, data):
        from casework.models import Situation

        return Situation.objects.get(pk=data.draw(st.sampled_from(self.adversaries[who]["files"])))

    @precondition(lambda self: any(a["files"] for a in self.adversaries.values()))
    @rule(data=st.data(), side=st.sampled_from(["victim", "perpetrator"]))
    def switches_a_files_side(self, data, side):
        who = data.draw(st.sampled_from([w for w, a in self.adversaries.items() if a["files"]]))
        own = self._own_file(who, data)
        if own.status == "open":
            _edit_situation(self.adversaries[who]["client"], own, side=side)

    @precondition(lambda self: any(a["files"] for a in self.adversaries.values()))
    @rule(data=st.data(), days=st.sampled_from([-1, 1, 2, 400]), variant=st.sampled_from([*SAME_MAN, OTHER_MAN]))
    def retypes_the_man(self, data, days, variant):
        who = data.draw(st.sampled_from([w for w, a in self.adversaries.items() if a["files"]]))
        own = self._own_file(who, data)
        person = own.people.filter(role=PersonRole.PERPETRATOR).first()
        if person is not None and own.status == "open":
            _edit_person(
                self.adversaries[who]["client"],
                person,
                first_name=variant["first_name"],
                last_name=variant["last_name"],
                birth_date=(variant["birth_date"] + datetime.timedelta(days=days)).isoformat(),
            )

    @precondition(lambda self: any(a["files"] for a in self.adversaries.values()))
    @rule(data=st.data())
    def closes_a_file(self, data):
        who = data.draw(st.sampled_from([w for w, a in self.adversaries.items() if a["files"]]))
        own = self._own_file(who, data)
        if own.status == "open":
            _edit_situation(self.adversaries[who]["client"], own, status="closed", closed_on="2026-03-02")

    @precondition(lambda self: Referral.objects.filter(receiver=self.gamma, status="sent").exists())
    @rule(data=st.data(), decision=st.sampled_from(["accept", "refuse"]))
    def gamma_answers(self, data, decision):
        referral = data.draw(st.sampled_from(list(Referral.objects.filter(receiver=self.gamma, status="sent"))))
        self.adversaries["gamma"]["api"].post(
            f"/api/suivi/orientations/{referral.pk}/reponse",
            {"decision": decision, "refusal_reason": "Non (fictif)"},
            content_type="application/json",
        )

    @rule(who=st.sampled_from(["gamma", "sj"]), role=st.sampled_from(["victim", "child", "perpetrator"]))
    def runs_the_duplicates_check_with_her_identity(self, who, role):
        adversary = self.adversaries[who]
        body = {
            "side": "victim",
            "opened_on": "2026-03-01",
            "person": {
                "role": role,
                "first_name": VICTIM["first_name"],
                "last_name": VICTIM["last_name"],
                "birth_date": VICTIM["birth_date"].isoformat(),
            },
        }
        response = adversary["api"].post("/api/suivi/situations", body, content_type="application/json")
        assert response.status_code == 201, response.content
        adversary["files"].append(response.json()["id"])
        if adversary["follows"] and any(self.alpha.name == d["organisation"] for d in response.json()["possible_duplicates"]):
            self.duplicates_named_alpha.append(who)

    # --- the invariant -------------------------------------------------------------------------------------------

    @invariant()
    def his_side_reads_nothing_of_hers(self):
        if not hasattr(self, "household"):
            return
        assert self.duplicates_named_alpha == []
        referrals = list(Referral.objects.filter(situation=self.household).values_list("pk", flat=True))
        for who, adversary in self.adversaries.items():
            if not adversary["follows"]:
                continue
            client, api = adversary["client"], adversary["api"]
            urls = [
                f"/suivi/{self.household.pk}/",
                "/suivi/",
                f"/suivi/?q={VICTIM['last_name']}",
                "/suivi/orientations/recues/",
                *[f"/suivi/orientations/{pk}/" for pk in referrals],
            ]
            for url in urls:
                text = client.get(url).content.decode()
                assert _found(text) == [], (who, url, _found(text))
            text = client.get("/suivi/", {"commune": COMMUNE_CODE}).content.decode()
            assert self.household.reference not in text, (who, "commune filter")
            for url in [f"/api/suivi/situations/{self.household.pk}", "/api/suivi/situations", "/api/suivi/orientations/recues"]:
                response = api.get(url)
                text = json.dumps(response.json(), ensure_ascii=False) if response.status_code == 200 else ""
                assert _found(text) == [] and f'"commune": "{COMMUNE_CODE}"' not in text, (who, url)


@pytest.mark.django_db
def test_the_perpetrators_side_never_reads_her_whereabouts(territory):
    run_state_machine_as_test(
        PerpetratorSide,
        settings=settings(
            max_examples=12,
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            derandomize=True,
        ),
    )


def test_the_secrets_are_what_the_machine_plants():
    assert {VICTIM["address"], CHILD_ADDRESS, STAY_NOTE, ASSESSMENT_REASON} <= set(SECRETS)
