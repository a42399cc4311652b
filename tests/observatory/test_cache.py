"""The dashboard's computations are cached, and any write to the data they read invalidates them: a model's save, a
queryset's update (as casework's actions do), a bulk load, a delete; a committed write invalidates again after commit."""

import datetime

import pytest

from casework.models import Referral, Situation
from observatory import cache, indicators, queries
from observatory.sources import Scope
from tests.casework.factories import ReferralFactory, SituationFactory

pytestmark = pytest.mark.django_db
SCOPE = Scope(2026, 2026)


def opened():
    table = queries.table(indicators.get("situations_opened"), SCOPE, ["year"])
    return table.total["value"]


def test_a_second_computation_is_served_from_the_cache(django_assert_num_queries, organisation):
    SituationFactory(organisation=organisation)
    assert opened() == 1
    with django_assert_num_queries(0):
        assert opened() == 1


def test_every_kind_of_write_invalidates(organisation, django_assert_num_queries):
    situation = SituationFactory(organisation=organisation)
    assert opened() == 1
    SituationFactory(organisation=organisation)  # save
    assert opened() == 2
    Situation.objects.bulk_create([Situation(organisation=organisation, opened_on=datetime.date(2026, 3, 1))])  # bulk load
    assert opened() == 3
    Situation.objects.filter(pk=situation.pk).update(opened_on=datetime.date(2020, 1, 1))  # queryset update
    assert opened() == 2
    Situation.objects.filter(opened_on__year=2026).first().delete()  # delete
    assert opened() == 1
    with django_assert_num_queries(0):
        assert opened() == 1


def test_a_referral_answer_changes_the_flows(organisation, django_capture_on_commit_callbacks):
    referral = ReferralFactory(
        situation=SituationFactory(organisation=organisation), sent_at=datetime.datetime(2026, 2, 1, 10, tzinfo=datetime.UTC)
    )
    referral.person.situation = referral.situation
    assert [row["accepted"] for row in queries.flows(SCOPE) if row["all_years"]] == [0]
    before = cache.version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Referral.objects.filter(pk=referral.pk).update(
            status="accepted", answered_at=datetime.datetime(2026, 2, 3, 10, tzinfo=datetime.UTC)
        )
    assert callbacks, "the version is bumped again when the transaction commits"
    assert cache.version() >= before + 2
    row = next(row for row in queries.flows(SCOPE) if row["all_years"])
    assert (row["accepted"], row["acceptance"], row["median_answer_days"]) == (1, 100.0, 2)


def test_reads_and_unrelated_writes_keep_the_cache(organisation):
    from audit.journal import record
    from audit.models import Action

    SituationFactory(organisation=organisation)
    opened()
    version = cache.version()
    list(Situation.objects.all())
    record(Action.VIEW, target_type="test", target_id="1")
    assert cache.version() == version
