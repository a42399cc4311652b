"""The seed 001 cohorts, encoded exactly: AIR 2022 (90 people, 78 men and 12 women, 86 exits of which 56 positive,
45 unemployed at entry, 12 of the exits unemployed) and the perpetrators' pathway 2022 (76 people, 60 men and 16 women,
61 with children, 38 unemployed at entry, 70 exits of which 47 in employment or training and 63 positive at the
hearing). No random draw: each count is a range of indexes."""

import datetime

from casework.models import Employment, Enrolment, HearingOutcome, Housing, Outcome, Person, PersonRole, Programme, Side, Situation, Status

AIR = {"code": "air", "total": 90, "women": 12, "exits": 86, "positive": 56, "unemployed_entry": 45, "unemployed_exit": 12, "children": 50}
PATHWAY = {
    "code": "perpetrators",
    "total": 76,
    "women": 16,
    "exits": 70,
    "positive": 63,
    "unemployed_entry": 38,
    "unemployed_exit": 12,
    "active_exit": 47,
    "children": 61,
    "hearing_positive": 63,
}


def build(cohort, organisation, commune=None):
    programme = Programme.builtin(cohort["code"])
    total = cohort["total"]
    situations = Situation.objects.bulk_create(
        [
            Situation(
                organisation=organisation,
                side=Side.PERPETRATOR,
                status=Status.CLOSED if i < cohort["exits"] else Status.OPEN,
                opened_on=datetime.date(2021, 10, 1) + datetime.timedelta(days=i % 90),
                closed_on=datetime.date(2022, 2, 1) + datetime.timedelta(days=i % 300) if i < cohort["exits"] else None,
                commune=commune,
            )
            for i in range(total)
        ]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                situation=s,
                role=PersonRole.PERPETRATOR,
                first_name="Fictif",
                last_name=f"Cohorte{i}",
                sex="F" if i >= total - cohort["women"] else "M",
            )
            for i, s in enumerate(situations)
        ]
    )
    enrolments = []
    for i, (situation, person) in enumerate(zip(situations, people, strict=True)):
        # Entry: the unemployed are the last indexes, children the first ones (independent of the exits' order).
        enrolment = Enrolment(
            programme=programme,
            person=person,
            situation=situation,
            organisation=organisation,
            entered_on=situation.opened_on,
            employment_at_entry=Employment.UNEMPLOYED if i >= total - cohort["unemployed_entry"] else Employment.EMPLOYED,
            housing_at_entry=Housing.STABLE,
            has_children=i < cohort["children"],
        )
        if i < cohort["exits"]:
            enrolment.exited_on = situation.closed_on
            enrolment.outcome = Outcome.POSITIVE if i < cohort["positive"] else Outcome.NEGATIVE
            if i < cohort["unemployed_exit"]:
                enrolment.employment_at_exit = Employment.UNEMPLOYED
            elif "active_exit" in cohort and i >= cohort["unemployed_exit"] + cohort["active_exit"]:
                enrolment.employment_at_exit = Employment.INACTIVE
            else:
                enrolment.employment_at_exit = Employment.TRAINING if i % 2 else Employment.EMPLOYED
            enrolment.has_children_at_exit = enrolment.has_children
            if "hearing_positive" in cohort:
                enrolment.hearing_positive = i < cohort["hearing_positive"]
                enrolment.hearing_outcome = HearingOutcome.SUSPENDED if enrolment.hearing_positive else HearingOutcome.CONVICTION
        enrolments.append(enrolment)
    Enrolment.objects.bulk_create(enrolments)
    return enrolments
