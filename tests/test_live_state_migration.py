"""Moving the live state off Contest (contests 0014) and Indicator, IndicatorScore and Recusal
into contests (contests 0016, scoring 0014) loses nothing: a contest caught mid-event keeps who is
on stage, its screen, countdown and reveal; indicator items, their scores and recusals keep their
rows and ids."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("contests", "0013_monthly_screen"), ("scoring", "0013_append_only")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_contest_mid_event_keeps_its_live_state_and_its_indicators():
    old = migrate(BEFORE)
    owner = old.get_model("auth", "User").objects.create(username="legacy")
    organisation = old.get_model("orgs", "Organisation").objects.create(name="旧组织")
    Contest = old.get_model("contests", "Contest")
    contest = Contest.objects.create(
        owner=owner, organisation=organisation, title="进行中", date=dt.date(2026, 12, 1),
        screen_token="t-live-1", status="live",
    )  # fmt: skip
    Contestant = old.get_model("contests", "Contestant")
    first = Contestant.objects.create(contest=contest, name="甲", unit="甲单位", order=1)
    second = Contestant.objects.create(contest=contest, name="乙", unit="乙单位", order=2)
    judge = old.get_model("contests", "Judge").objects.create(
        contest=contest, name="评委", unit="丙单位", order=1, token="j" * 43
    )
    ends = timezone.now() + dt.timedelta(minutes=3)
    Contest.objects.filter(pk=contest.pk).update(
        current_contestant=second, screen="scores", timer_ends_at=ends, revealed_count=2,
        scores_contestant=first, scores_step=3, stage_baseline={str(first.pk): [1, None]},
        screen_follows_stage=False,
    )  # fmt: skip
    indicator = old.get_model("scoring", "Indicator").objects.create(
        contest=contest, name="村集体增收", max_score=Decimal(10), scope="own"
    )
    indicator.contestants.add(first)
    old.get_model("scoring", "IndicatorScore").objects.create(
        indicator=indicator, contestant=first, value=Decimal("7.5")
    )
    old.get_model("scoring", "Recusal").objects.create(
        contest=contest, judge=judge, contestant=second, reason="亲属"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    new = migrate(executor.loader.graph.leaf_nodes())
    live = new.get_model("contests", "LiveState").objects.get(contest_id=contest.pk)
    assert (live.current_contestant_id, live.screen, live.screen_follows_stage) == (
        second.pk, "scores", False,
    )  # fmt: skip
    assert (live.timer_ends_at, live.timer_paused_left, live.revealed_count) == (ends, None, 2)
    assert (live.scores_contestant_id, live.scores_step) == (first.pk, 3)
    assert live.stage_baseline == {str(first.pk): [1, None]}
    moved = new.get_model("contests", "Indicator").objects.get(pk=indicator.pk)
    assert (moved.name, moved.scope) == ("村集体增收", "own")
    assert list(moved.contestants.values_list("pk", flat=True)) == [first.pk]
    score = new.get_model("contests", "IndicatorScore").objects.get(indicator_id=indicator.pk)
    assert score.value == Decimal("7.5")
    recusal = new.get_model("contests", "Recusal").objects.get(judge_id=judge.pk)
    assert (recusal.contestant_id, recusal.reason) == (second.pk, "亲属")
