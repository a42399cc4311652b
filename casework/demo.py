"""Demo content of the shared follow-up: a year of obviously fictitious situations across the demo partners,
and the 2022 cohorts of the AIR programme and of the perpetrators' pathway, consistent with the figures
the network published (seed 001).

Everything is bulk-created (fast); names end in « -Démo » so nobody can mistake them for real people."""

import datetime

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from casework import links, risk
from casework.models import (
    MEASURE_KINDS,
    CommitteeShare,
    Consent,
    DangerLevel,
    Employment,
    Enrolment,
    Event,
    EventKind,
    HearingOutcome,
    Housing,
    HousingPlace,
    Outcome,
    Person,
    PersonNameKey,
    PersonRole,
    Programme,
    ProgrammeCode,
    Referral,
    ReferralStatus,
    Relationship,
    RiskAssessment,
    Side,
    Situation,
    Status,
)
from territory.models import Commune

FIRST_F = [
    "Amandine",
    "Aurélie",
    "Céline",
    "Chloé",
    "Élodie",
    "Émilie",
    "Jessica",
    "Julie",
    "Laetitia",
    "Laura",
    "Manon",
    "Marie",
    "Mélanie",
    "Nadia",
    "Sabrina",
    "Sandrine",
    "Sarah",
    "Sonia",
    "Virginie",
    "Yasmina",
]
FIRST_M = [
    "Anthony",
    "Christophe",
    "David",
    "Dylan",
    "Frédéric",
    "Grégory",
    "Jérémy",
    "Jonathan",
    "Julien",
    "Karim",
    "Kévin",
    "Ludovic",
    "Mickaël",
    "Nicolas",
    "Olivier",
    "Sébastien",
    "Stéphane",
    "Thomas",
    "Yannick",
    "Yohan",
]
FIRST_CHILD = ["Emma", "Lina", "Louise", "Jade", "Léo", "Noah", "Gabriel", "Lucas", "Inaya", "Nathan", "Mila", "Tiago"]
SURNAMES = [
    "Lefebvre",
    "Dubois",
    "Lambert",
    "Martin",
    "Leroy",
    "Dupont",
    "Carpentier",
    "Delattre",
    "Lemaire",
    "Duhamel",
    "Vasseur",
    "Bernard",
    "Caron",
    "Hennebert",
    "Wattiez",
    "Lecomte",
]
STREETS = [
    "rue des Tilleuls",
    "rue Jean-Jaurès",
    "avenue de la République",
    "rue du Marais",
    "résidence des Acacias",
    "rue Pasteur",
    "place du Marché",
]

DEMO_YEAR_PROGRAMMES = 2022
HOUSING_PLACES = [("Sas d'éviction de Valenciennes (démo)", "ajar", 6), ("Sas d'éviction de la Porte du Hainaut (démo)", "lapose", 4)]

# Victim-side owners of the year's situations, with their weight.
VICTIM_OWNERS = [("ajar", 5), ("cidff", 4), ("isc_police", 3), ("isc_gendarmerie", 2), ("mjd", 2)]


def _name(rng, sex):
    first = rng.choice(FIRST_F if sex == "F" else FIRST_M)
    return first, f"{rng.choice(SURNAMES)}-Démo"


def _birth(rng, low, high, today):
    return today - datetime.timedelta(days=rng.randint(low * 365, high * 365))


def _phone(rng):
    return f"+33 6 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def _person(rng, situation, role, sex, today, surname=None, with_contact=True):
    if role == PersonRole.CHILD:
        first, last = rng.choice(FIRST_CHILD), surname
        birth = _birth(rng, 1, 16, today)
    else:
        first, last = _name(rng, sex)
        birth = _birth(rng, 19, 60, today)
    person = Person(situation=situation, role=role, first_name=first, last_name=last or surname, birth_date=birth, sex=sex)
    if with_contact and role != PersonRole.CHILD:
        person.address = f"{rng.randint(1, 180)} {rng.choice(STREETS)}, {situation.commune.postal_codes[0] if situation.commune and situation.commune.postal_codes else ''} {situation.commune.name if situation.commune else ''}".strip()
        person.phone = _phone(rng)
        if role == PersonRole.VICTIM:
            person.phone_ok = rng.random() < 0.6
            person.voicemail_ok = person.phone_ok and rng.random() < 0.4
            person.safe_hours = rng.choice(
                ["en semaine de 9 h à 11 h", "le mardi et le jeudi après-midi", "pendant les heures de travail de Monsieur", ""]
            )
            if not person.phone_ok:
                person.via_third_party = "par sa sœur, qui rappelle le soir"
    person.refresh_indexes()
    return person


def make_situations(
    rng, *, organisations, users_by_org, communes, count, start, end, today, with_contact=True, extras=True, teams_by_org=None
):
    """Bulk-create `count` victim-side situations opened between start and end, with people, events, assessments and
    referrals. `teams_by_org`: the team that follows an organisation's victims' files, where it has teams."""
    grid = risk.current_grid()
    questions = list(grid.questions.all())
    places = list(HousingPlace.objects.all())
    owners = [key for key, weight in VICTIM_OWNERS for _ in range(weight) if key in organisations]
    span = max((end - start).days, 1)
    situations = []
    for _ in range(count):
        owner = organisations[rng.choice(owners)]
        opened = start + datetime.timedelta(days=rng.randint(0, span))
        closed = rng.random() < 0.25 and (today - opened).days > 60
        situations.append(
            Situation(
                organisation=owner,
                side=Side.VICTIM,
                status=Status.CLOSED if closed else Status.OPEN,
                opened_on=opened,
                closed_on=opened + datetime.timedelta(days=rng.randint(30, max((today - opened).days, 31) - 1)) if closed else None,
                commune=rng.choice(communes) if communes else None,
                relationship=rng.choice(Relationship.values[:4] * 3 + Relationship.values),
                children_count=rng.choice([0, 0, 1, 1, 2, 2, 3]),
                created_by=users_by_org.get(owner.pk),
                referent=users_by_org.get(owner.pk),
                team=(teams_by_org or {}).get(owner.pk),
            )
        )
    Situation.objects.bulk_create(situations, batch_size=2000)
    people, events, assessments, referral_rows = [], [], [], []
    for situation in situations:
        victim = _person(rng, situation, PersonRole.VICTIM, "F" if rng.random() < 0.86 else "M", today, with_contact=with_contact)
        perpetrator = _person(rng, situation, PersonRole.PERPETRATOR, "M" if victim.sex == "F" else "F", today, with_contact=with_contact)
        people += [victim, perpetrator]
        for _ in range(situation.children_count):
            people.append(
                _person(rng, situation, PersonRole.CHILD, rng.choice("FM"), today, surname=perpetrator.last_name, with_contact=False)
            )
        situation._victim = victim
        situation._perpetrator = perpetrator
    Person.objects.bulk_create(people, batch_size=2000)
    PersonNameKey.rebuild(people)  # bulk_create does not call Person.save()
    # Victims are oriented to the victims' partners; their partners to LA POSE (_perpetrator_care).
    partners = [o for k, o in organisations.items() if k in ("ajar", "cidff", "mjd", "isc_police", "isc_gendarmerie")]
    for situation in situations:
        author = users_by_org.get(situation.organisation_id)
        day = situation.opened_on
        first = EventKind.COMPLAINT if rng.random() < 0.65 else EventKind.POLICE_LOG
        events.append(
            Event(situation=situation, person=situation._victim, kind=first, date=day, organisation=situation.organisation, author=author)
        )
        events.append(
            Event(
                situation=situation,
                person=situation._victim,
                kind=EventKind.INTERVIEW,
                date=min(day + datetime.timedelta(days=rng.randint(0, 10)), today),
                organisation=situation.organisation,
                author=author,
            )
        )
        if not extras:
            continue
        level_roll = rng.random()
        if level_roll < 0.7:
            severe = level_roll < 0.15
            answers = {q.code: rng.random() < ((0.3 if severe else 0.03) if q.red_flag else (0.55 if severe else 0.25)) for q in questions}
            total, _flags, level = risk.score(grid, questions, answers)
            assessments.append(
                RiskAssessment(
                    situation=situation,
                    grid=grid,
                    answers=answers,
                    score=total,
                    computed_level=level,
                    level=level,
                    assessed_on=min(day + datetime.timedelta(days=rng.randint(0, 5)), today),
                    assessor=author,
                    organisation=situation.organisation,
                )
            )
            situation.danger_level = level
            situation.flagged_for_committee = level == DangerLevel.HIGH
            if level == DangerLevel.HIGH:
                measure = rng.choice([EventKind.TGD, EventKind.PROTECTION_ORDER, EventKind.BRACELET, EventKind.EVICTION])
                start_m = min(day + datetime.timedelta(days=rng.randint(3, 20)), today)  # recorded once decided: never ahead of today
                length = {EventKind.TGD: 180, EventKind.PROTECTION_ORDER: 365, EventKind.BRACELET: 180, EventKind.EVICTION: 180}[measure]
                events.append(
                    Event(
                        situation=situation,
                        person=situation._victim,
                        kind=measure,
                        date=start_m,
                        end_date=start_m + datetime.timedelta(days=length),
                        organisation=situation.organisation,
                        author=author,
                    )
                )
        if rng.random() < 0.12 and places:
            place = rng.choice(places)
            stay = min(day + datetime.timedelta(days=rng.randint(0, 5)), today)
            events.append(
                Event(
                    situation=situation,
                    person=situation._perpetrator,
                    kind=EventKind.HOUSING,
                    date=stay,
                    end_date=stay + datetime.timedelta(days=rng.randint(5, 15)),
                    housing_place=place,
                    organisation=situation.organisation,
                    author=author,
                )
            )
        if first == EventKind.COMPLAINT and rng.random() < 0.5:
            supervision = min(day + datetime.timedelta(days=rng.randint(2, 10)), today)
            events.append(
                Event(
                    situation=situation,
                    person=situation._perpetrator,
                    kind=EventKind.SUPERVISION,
                    date=supervision,
                    end_date=supervision + datetime.timedelta(days=rng.randint(60, 200)),
                    organisation=situation.organisation,
                    author=author,
                )
            )
            hearing = supervision + datetime.timedelta(days=rng.randint(40, 150))
            if hearing <= today:
                events.append(
                    Event(
                        situation=situation,
                        person=situation._perpetrator,
                        kind=EventKind.HEARING,
                        date=hearing,
                        hearing_outcome=rng.choice(HearingOutcome.values[1:]),
                        organisation=situation.organisation,
                        author=author,
                    )
                )
        if rng.random() < 0.35 and partners:
            receiver = rng.choice([o for o in partners if o.pk != situation.organisation_id])
            referral_rows.append((situation, receiver, author, day + datetime.timedelta(days=rng.randint(1, 20))))
    for event in events:
        event.owner_id = event.situation.organisation_id  # bulk_create does not call Event.save()
    Event.objects.bulk_create(events, batch_size=5000)
    RiskAssessment.objects.bulk_create(assessments, batch_size=5000)
    Situation.objects.bulk_update([s for s in situations if s.danger_level], ["danger_level", "flagged_for_committee"], batch_size=2000)
    consents, referrals = [], []
    for situation, receiver, author, day in referral_rows:
        items = ["identity", "contact"] + (["timeline"] if rng.random() < 0.6 else []) + (["assessment"] if rng.random() < 0.4 else [])
        consents.append(
            Consent(
                person=situation._victim,
                organisation=receiver,
                items=items,
                given_on=min(day, today),
                method=rng.choice(["oral", "written"]),
                recorded_by=author,
            )
        )
    Consent.objects.bulk_create(consents, batch_size=2000)
    now = timezone.now()
    for (situation, receiver, author, day), consent in zip(referral_rows, consents, strict=True):
        sent_at = timezone.make_aware(datetime.datetime.combine(min(day, today), datetime.time(rng.randint(8, 17), rng.randint(0, 59))))
        recent = (today - day).days < 7
        status = ReferralStatus.SENT if recent else (ReferralStatus.ACCEPTED if rng.random() < 0.85 else ReferralStatus.REFUSED)
        answered = min(sent_at + datetime.timedelta(hours=rng.randint(2, 96)), now) if status != ReferralStatus.SENT else None
        referrals.append(
            Referral(
                situation=situation,
                person=situation._victim,
                sender=situation.organisation,
                sent_by=author,
                receiver=receiver,
                consent=consent,
                reason="Accompagnement juridique et aide aux démarches (démo)."
                if receiver.short_name == "CIDFF"
                else "Soutien et accompagnement (démo).",
                status=status,
                refusal_reason="Hors de notre territoire d'intervention (démo)." if status == ReferralStatus.REFUSED else "",
                sent_at=sent_at,
                answered_at=answered,
                answered_by=users_by_org.get(receiver.pk) if answered else None,
                first_contact_on=(answered + datetime.timedelta(days=rng.randint(0, 6))).date()
                if status == ReferralStatus.ACCEPTED and answered and (answered.date() + datetime.timedelta(days=6)) < today
                else None,
            )
        )
    Referral.objects.bulk_create(referrals, batch_size=2000)
    return situations


def _cohort(
    rng,
    *,
    code,
    owner,
    team=None,
    author,
    communes,
    total,
    women,
    exits,
    positive,
    unemployed_entry,
    unemployed_exit,
    with_children,
    active_exit=None,
    hearing_positive=None,
):
    """One programme's yearly cohort: `total` people followed in DEMO_YEAR_PROGRAMMES, the given counts exactly."""
    year = DEMO_YEAR_PROGRAMMES
    programme = Programme.builtin(code)
    today = datetime.date(year, 12, 31)
    situations = [
        Situation(
            organisation=owner,
            side=Side.PERPETRATOR,
            status=Status.CLOSED if i < exits else Status.OPEN,
            opened_on=datetime.date(year - 1, 9, 1) + datetime.timedelta(days=rng.randint(0, 300)),
            commune=rng.choice(communes) if communes else None,
            relationship=rng.choice(Relationship.values[:4]),
            children_count=0,
            created_by=author,
            referent=author,
            team=team,
        )
        for i in range(total)
    ]
    for situation in situations:
        if situation.status == Status.CLOSED:
            situation.closed_on = datetime.date(year, 1, 15) + datetime.timedelta(days=rng.randint(0, 340))
    Situation.objects.bulk_create(situations)
    people = [_person(rng, s, PersonRole.PERPETRATOR, "F" if i < women else "M", today) for i, s in enumerate(situations)]
    Person.objects.bulk_create(people)
    PersonNameKey.rebuild(people)
    order = list(range(total))
    rng.shuffle(order)
    unemployed_at_entry = set(order[:unemployed_entry])
    children = set(rng.sample(range(total), with_children))
    enrolments = []
    for i, (situation, person) in enumerate(zip(situations, people, strict=True)):
        exited = i < exits
        entered = situation.opened_on
        enrolment = Enrolment(
            programme=programme,
            person=person,
            situation=situation,
            organisation=owner,
            entered_on=entered,
            employment_at_entry=Employment.UNEMPLOYED
            if i in unemployed_at_entry
            else rng.choice([Employment.EMPLOYED, Employment.TRAINING, Employment.INACTIVE]),
            housing_at_entry=rng.choice(Housing.values),
            care_at_entry=rng.random() < 0.3,
            has_children=i in children,
        )
        if exited:
            enrolment.exited_on = situation.closed_on
            enrolment.outcome = Outcome.POSITIVE if i < positive else rng.choice([Outcome.NEGATIVE, Outcome.ABANDONED])
            if i < unemployed_exit:
                enrolment.employment_at_exit = Employment.UNEMPLOYED
            elif active_exit is not None and i >= unemployed_exit + active_exit:
                enrolment.employment_at_exit = Employment.INACTIVE
            else:
                enrolment.employment_at_exit = rng.choice([Employment.EMPLOYED, Employment.TRAINING])
            enrolment.housing_at_exit = Housing.STABLE if rng.random() < 0.7 else Housing.PRECARIOUS
            enrolment.care_at_exit = rng.random() < 0.7
            # Seed 001 gives children at entry only; nobody's children are gone at the exit (no random draw: the
            # published figures above depend on the draws' order).
            enrolment.has_children_at_exit = i in children
            if hearing_positive is not None:
                enrolment.hearing_positive = i < hearing_positive
                enrolment.hearing_outcome = HearingOutcome.SUSPENDED if i < hearing_positive else HearingOutcome.CONVICTION
        enrolments.append(enrolment)
        situation.children_count = 1 + rng.randint(0, 2) if i in children else 0
    Enrolment.objects.bulk_create(enrolments)
    Situation.objects.bulk_update(situations, ["children_count"])
    return enrolments


def _perpetrator_care(rng, situations, *, organisations, teams, users, today):
    """The perpetrators' side of the households: some men are oriented by the victim's organisation to LA POSE
    (responsibility courses, care on judicial mandate), LA POSE opens its own file on a few, and AJAR's socio-judicial
    service follows a few men whose partner its victim support follows. Bulk-created: the links these facts make are
    recognised afterwards (casework.links.recognise_all), as after any import."""
    lapose = organisations["lapose"]
    households = [s for s in situations if s.status == Status.OPEN]
    rng.shuffle(households)
    consents, referrals, own_files, own_people = [], [], [], []
    for situation in households[:36]:
        sent = min(situation.opened_on + datetime.timedelta(days=rng.randint(5, 40)), today)
        consents.append(
            Consent(
                person=situation._perpetrator,
                organisation=lapose,
                legal_basis="judicial",
                items=["identity", "timeline"],
                given_on=sent,
                method="na",
                recorded_by=situation.created_by,
            )
        )
        referrals.append((situation, sent))
    Consent.objects.bulk_create(consents)
    Referral.objects.bulk_create(
        Referral(
            situation=situation,
            person=situation._perpetrator,
            sender=situation.organisation,
            sent_by=situation.created_by,
            receiver=lapose,
            consent=consent,
            reason="Stage de responsabilisation sur réquisition du Parquet (démo).",
            status=ReferralStatus.ACCEPTED if (today - sent).days > 3 else ReferralStatus.SENT,
            sent_at=timezone.make_aware(datetime.datetime.combine(sent, datetime.time(10))),
            answered_at=timezone.make_aware(datetime.datetime.combine(sent, datetime.time(15))) if (today - sent).days > 3 else None,
        )
        for (situation, sent), consent in zip(referrals, consents, strict=True)
    )
    ajar = organisations["ajar"]
    followers = [(lapose, None, users.get("intervenant.lapose"), households[36:48])]
    followers.append(
        (ajar, teams.get("sj"), users.get("intervenant.ajar.auteurs"), [s for s in households if s.organisation_id == ajar.pk][:4])
    )
    for organisation, team, author, chosen in followers:
        for situation in chosen:
            man = situation._perpetrator
            own = Situation(
                organisation=organisation,
                team=team,
                side=Side.PERPETRATOR,
                opened_on=min(situation.opened_on + datetime.timedelta(days=rng.randint(10, 60)), today),
                commune=situation.commune if rng.random() < 0.5 else None,
                relationship=situation.relationship,
                created_by=author,
                referent=author,
            )
            own_files.append(own)
            person = Person(situation=own, role=PersonRole.PERPETRATOR, first_name=man.first_name, last_name=man.last_name, sex=man.sex)
            # Typed again at the other door: the same man, sometimes with a birth date a day off.
            person.birth_date = man.birth_date + datetime.timedelta(days=rng.choice([0, 0, 0, 1])) if man.birth_date else None
            person.refresh_indexes()
            own_people.append(person)
    Situation.objects.bulk_create(own_files)
    for situation, person in zip(own_files, own_people, strict=True):
        person.situation = situation
    Person.objects.bulk_create(own_people)
    PersonNameKey.rebuild(own_people)


def _current_stays(rng, places, users_by_org, today):
    """People staying in the eviction places today (about half of each place taken), so that the occupancy the
    caseload and the housing page show is that of an ordinary week, not an empty one. Stays started within the
    last week, in open situations opened before them, without a stay already running."""
    running = Event.objects.filter(kind=EventKind.HOUSING, date__lte=today, end_date__gte=today)
    busy = set(running.values_list("situation_id", flat=True))
    candidates = list(
        Person.objects.filter(
            role=PersonRole.PERPETRATOR,
            situation__status=Status.OPEN,
            situation__opened_on__lte=today - datetime.timedelta(days=7),
        )
        .exclude(situation_id__in=busy)
        .select_related("situation")
        .order_by("pk")
    )
    rng.shuffle(candidates)
    stays = []
    for place in places:
        taken = running.filter(housing_place=place).count()
        for _ in range(max(place.capacity // 2 - taken, 0)):
            if not candidates:
                break
            person = candidates.pop()
            start = today - datetime.timedelta(days=rng.randint(0, 6))
            stays.append(
                Event(
                    situation=person.situation,
                    person=person,
                    kind=EventKind.HOUSING,
                    date=start,
                    end_date=start + datetime.timedelta(days=place.max_days),
                    housing_place=place,
                    organisation=person.situation.organisation,
                    owner_id=person.situation.organisation_id,  # bulk_create does not call Event.save()
                    author=users_by_org.get(person.situation.organisation_id),
                )
            )
    Event.objects.bulk_create(stays)


def _committee_shares(situations, users_by_org, today, count=6):
    """The last few situations flagged at a high danger level, put before the coordination committee for its next
    month of meetings: what the network's coordinators see of the follow-up."""
    flagged = list(
        situations.filter(flagged_for_committee=True, status=Status.OPEN, opened_on__lte=today).order_by("-opened_on", "-pk")[:count]
    )
    CommitteeShare.objects.bulk_create(
        CommitteeShare(
            situation=situation,
            shared_by=users_by_org.get(situation.organisation_id),
            shared_on=today - datetime.timedelta(days=index),
            until=today + datetime.timedelta(days=30),
            reason="Danger grave : point au prochain comité de suivi (démo).",
        )
        for index, situation in enumerate(flagged)
    )


def _date_last_changes(situations):
    """A demo situation was last changed on its latest event (or when it was opened or closed), not on the day the
    demo was loaded: the caseload, ordered by last change, then reads like a year of work."""
    last_event = Event.objects.filter(situation=OuterRef("pk")).order_by("-date").values("date")[:1]
    rows = list(situations.annotate(last_event=Subquery(last_event)).only("pk", "opened_on", "closed_on"))
    today = timezone.localdate()
    for situation in rows:
        # A hearing set for next month is recorded today at the latest.
        day = min(max(d for d in (situation.last_event, situation.opened_on, situation.closed_on) if d is not None), today)
        situation.updated_at = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    Situation.objects.bulk_update(rows, ["updated_at"], batch_size=2000)


@transaction.atomic
def load(rng, context):
    organisations = context["organisations"]
    if Situation.objects.filter(organisation__in=organisations.values()).exists():
        return
    users = context.get("users", {})
    users_by_org = {}
    # The files of an organisation are its practitioners' (its victims' team's, where it has teams), not its admin's.
    for role in ("practitioner", "org_admin"):
        for user in users.values():
            membership = user.memberships.filter(role=role).select_related("team").first()
            if membership is not None and (membership.team is None or membership.team.accompanies == "victims"):
                users_by_org.setdefault(membership.organisation_id, user)
    risk.default_grid()
    for code in ProgrammeCode.values:
        programme = Programme.builtin(code)
        programme.organisation = organisations.get("vm")
        programme.save()
    for name, key, capacity in HOUSING_PLACES:
        HousingPlace.objects.get_or_create(name=name, defaults={"organisation": organisations[key], "capacity": capacity})
    communes = (
        list(Commune.objects.filter(arrondissement_id="596"))
        if Commune.objects.filter(arrondissement_id="596").exists()
        else list(Commune.objects.all()[:80])
    )
    today = timezone.localdate()
    teams = context.get("teams", {})
    situations = make_situations(
        rng,
        organisations=organisations,
        users_by_org=users_by_org,
        communes=communes,
        count=300,
        start=today - datetime.timedelta(days=365),
        end=today,
        today=today,
        teams_by_org={organisations["ajar"].pk: teams["sav"]} if "sav" in teams else None,
    )
    _perpetrator_care(rng, situations, organisations=organisations, teams=teams, users=users, today=today)
    _current_stays(rng, list(HousingPlace.objects.order_by("pk")), users_by_org, today)
    _committee_shares(Situation.objects.filter(organisation__in=organisations.values()), users_by_org, today)
    # AIR 2022 (seed 001): 90 followed, 78 men and 12 women; 86 exits of which 56 positive (65 %);
    # 45 unemployed at entry (50 %), 12 of the 86 exits unemployed (14 %).
    # Both carried by Valenciennes Métropole's AIR coordinators since 2020 (seed 001).
    _cohort(
        rng,
        code=ProgrammeCode.AIR,
        owner=organisations["vm"],
        team=teams.get("air"),
        author=users.get("intervenante.air"),
        communes=communes,
        total=90,
        women=12,
        exits=86,
        positive=56,
        unemployed_entry=45,
        unemployed_exit=12,
        with_children=50,
    )
    # Perpetrators' pathway 2022: 76 followed, 60 men and 16 women; 61 with children (80 %); 38 unemployed at entry (50 %);
    # 70 exits, 47 in employment or training (two thirds), 63 positive at the hearing (90 %).
    _cohort(
        rng,
        code=ProgrammeCode.PERPETRATORS,
        owner=organisations["vm"],
        team=teams.get("air"),
        author=users.get("intervenante.air"),
        communes=communes,
        total=76,
        women=16,
        exits=70,
        positive=63,
        unemployed_entry=38,
        unemployed_exit=12,
        with_children=61,
        active_exit=47,
        hearing_positive=63,
    )
    _date_last_changes(Situation.objects.filter(organisation__in=organisations.values()))
    linked = links.recognise_all()
    stdout = context.get("stdout")
    if stdout is not None:
        stdout.write(
            f"  suivi : {Situation.objects.count()} situations, {Event.objects.count()} événements, {Referral.objects.count()} orientations, "
            f"{linked} liens « accompagne l'auteur » (fictifs)"
        )


__all__ = ["MEASURE_KINDS", "load", "make_situations"]
