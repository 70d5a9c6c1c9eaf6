"""Sheets and indicators in, stored standings snapshots and events out (embedded mode)."""

import asyncio
import contextlib
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from arena.events import MemoryBus
from contests.models import Indicator, IndicatorScore
from scoring import recompute_queue, standings
from scoring.models import ScoreSheet, StandingsState
from scoring.sheets import submit_sheet
from tests.conftest import values_for

# Recomputes are queued on commit, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


def submit(contest, judge, contestant, *scores, **kwargs):
    return submit_sheet(
        judge,
        contestant,
        values_for(contest, *scores),
        submission_id=kwargs.pop("submission_id", uuid.uuid4().hex),
        **kwargs,
    )


def latest(contest):
    return standings.latest_snapshot(contest)


def by_name(snapshot):
    return {row["name"]: row for row in snapshot.data["results"]}


def test_each_submission_produces_a_new_version(live_contest):
    judges = list(live_contest.judges.all())
    first, second = live_contest.contestants.all()[:2]
    submit(live_contest, judges[0], first, 20)
    assert latest(live_contest).version == 1
    submit(live_contest, judges[1], first, 24)
    submit(live_contest, judges[0], second, 25)
    snapshot = latest(live_contest)
    assert snapshot.version == 3
    rows = by_name(snapshot)
    assert rows["选手2"]["rank"] == 1 and rows["选手2"]["total"] == "100.00"
    assert rows["选手1"]["sheets_in"] == 2
    assert rows["选手3"]["rank"] is None and rows["选手3"]["sheets_in"] == 0
    assert snapshot.data == standings.fresh_results(live_contest)


def test_recompute_without_changes_writes_nothing(live_contest):
    submit(live_contest, live_contest.judges.first(), live_contest.contestants.first(), 20)
    assert standings.recompute(live_contest.pk) is None
    assert live_contest.snapshots.count() == 1


def test_burst_in_one_transaction_queues_one_recompute(live_contest, monkeypatch):
    queued = []
    enqueue = recompute_queue._enqueue
    monkeypatch.setattr(recompute_queue, "_enqueue", lambda c: (queued.append(c), enqueue(c)))
    with transaction.atomic():
        for _ in range(5):
            recompute_queue.request_recompute(live_contest.pk)
    assert queued == [live_contest.pk]
    assert latest(live_contest).version == 1
    state = StandingsState.objects.get(contest=live_contest)
    assert (state.requested_seq, state.computed_seq, state.queued_at) == (5, 5, None)


def test_a_stale_queue_mark_does_not_block_forever(live_contest):
    recompute_queue.request_recompute(live_contest.pk)
    version = latest(live_contest).version
    # As if the broker lost a task: a mark from long ago, and a change nobody computed.
    StandingsState.objects.filter(contest=live_contest).update(
        queued_at="2000-01-01T00:00:00Z", requested_seq=99
    )
    recompute_queue.ensure_fresh(live_contest.pk)
    assert latest(live_contest).version == version + 1


def test_versions_of_a_burst_are_spaced_by_the_minimum_interval(
    live_contest, settings, monkeypatch
):
    from scoring.tasks import recompute_standings

    state = StandingsState.objects.filter(contest=live_contest)
    recompute_queue.request_recompute(live_contest.pk)
    settings.STANDINGS_MIN_INTERVAL = 0
    assert recompute_queue.wait_before_recompute(live_contest.pk) == 0  # no interval: never waits
    settings.STANDINGS_MIN_INTERVAL = 0.5
    state.update(started_at=None)
    assert recompute_queue.wait_before_recompute(live_contest.pk) == 0  # none ran yet
    recompute_queue.request_recompute(live_contest.pk)  # in-process: computed at once
    assert 0.3 < recompute_queue.wait_before_recompute(live_contest.pk) <= 0.5
    state.update(started_at=timezone.now() - timedelta(seconds=2))
    assert recompute_queue.wait_before_recompute(live_contest.pk) == 0

    # With a real worker, the task waits out the rest of the interval in the queue, and the
    # changes made meanwhile find the queue mark set and join it.
    state.update(started_at=timezone.now())
    sent = []
    recompute_standings.app.conf.task_always_eager = False  # the eager_celery fixture restores it
    monkeypatch.setattr(
        recompute_standings, "apply_async", lambda args, countdown: sent.append(countdown)
    )
    with transaction.atomic():
        recompute_queue.request_recompute(live_contest.pk)
    with transaction.atomic():
        recompute_queue.request_recompute(live_contest.pk)
    assert len(sent) == 1 and 0.3 < sent[0] <= 0.5


def test_a_change_queues_past_a_stale_mark_but_not_past_a_fresh_one(live_contest, monkeypatch):
    queued = []
    monkeypatch.setattr(recompute_queue, "_enqueue", queued.append)
    marked = timezone.now()
    StandingsState.objects.update_or_create(
        contest=live_contest, defaults={"queued_at": marked, "requested_seq": 7}
    )
    recompute_queue.request_recompute(live_contest.pk)  # a recompute is already waiting
    assert queued == []
    state = StandingsState.objects.get(contest=live_contest)
    assert (state.requested_seq, state.queued_at) == (8, marked)

    lost = (
        marked - recompute_queue.QUEUE_STALE_AFTER - timedelta(seconds=1)
    )  # a task the broker lost
    StandingsState.objects.filter(contest=live_contest).update(queued_at=lost)
    recompute_queue.request_recompute(live_contest.pk)
    assert queued == [live_contest.pk]
    state = StandingsState.objects.get(contest=live_contest)
    assert state.requested_seq == 9 and state.queued_at > marked


def test_beat_heals_lagging_standings_and_leaves_fresh_ones(live_contest):
    from scoring.tasks import catch_up, heal_standings

    recompute_queue.request_recompute(live_contest.pk)
    version = latest(live_contest).version
    assert heal_standings() == 0  # nothing lags
    StandingsState.objects.filter(contest=live_contest).update(
        queued_at="2000-01-01T00:00:00Z", requested_seq=99
    )
    assert heal_standings() == 1
    assert latest(live_contest).version == version + 1
    StandingsState.objects.filter(contest=live_contest).update(requested_seq=150)
    catch_up()  # what a (re)started worker does first
    assert latest(live_contest).version == version + 2
    assert recompute_queue.lagging_contests() == []


def test_an_older_computation_never_replaces_a_newer_snapshot(live_contest):
    judge, contestant = live_contest.judges.first(), live_contest.contestants.first()
    submit(live_contest, judge, contestant, 20)
    state = StandingsState.objects.get(contest=live_contest)
    # A slow run that saw an earlier counter value finishes after a newer one was stored.
    StandingsState.objects.filter(contest=live_contest).update(requested_seq=state.computed_seq)
    assert standings.recompute(live_contest.pk) is None
    assert latest(live_contest).version == 1


def test_recused_and_draft_sheets_are_left_out(live_contest):
    judge, other = live_contest.judges.all()[:2]
    contestant = live_contest.contestants.first()
    submit(live_contest, judge, contestant, 10)
    submit(live_contest, other, contestant, 20)
    ScoreSheet.objects.filter(judge=other).update(status=ScoreSheet.Status.DRAFT)
    judge.unit = contestant.unit  # now from the contestant's own unit: recused
    judge.save()
    rows = by_name(type(latest(live_contest))(data=standings.fresh_results(live_contest)))
    assert rows["选手1"]["sheets_in"] == 0 and rows["选手1"]["total"] is None


def test_indicator_changes_recompute(live_contest):
    live_contest.judge_weight, live_contest.indicator_weight = Decimal(70), Decimal(30)
    live_contest.save()
    contestant = live_contest.contestants.first()
    submit(live_contest, live_contest.judges.first(), contestant, 22)
    indicator = Indicator.objects.create(contest=live_contest, name="综合指标", max_score=100)
    with transaction.atomic():
        IndicatorScore.objects.create(indicator=indicator, contestant=contestant, value="97.27")
        recompute_queue.request_recompute(live_contest.pk)
    assert by_name(latest(live_contest))["选手1"]["total"] == "90.78"


def test_memory_bus_delivers_across_threads():
    bus = MemoryBus()
    seen = []

    async def scenario():
        ready = asyncio.get_running_loop().create_future()
        listening = asyncio.ensure_future(bus.listen(seen.append, ready))
        await ready
        await asyncio.to_thread(bus.publish, 7)
        await asyncio.to_thread(bus.publish, 8)
        await asyncio.sleep(0.05)
        assert seen == [7, 8]
        listening.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listening
        assert not bus._listeners

    # A thread of its own: Playwright's session may already run an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result(timeout=10)


def test_events_are_published_after_commit(live_contest, monkeypatch):
    from arena import events

    seen = []
    monkeypatch.setattr(events.get_bus(), "publish", seen.append)
    submit(live_contest, live_contest.judges.first(), live_contest.contestants.first(), 20)
    assert seen == [live_contest.pk]  # once: the recompute's new version, after its commit


def test_recompute_and_export_commands(live_contest, capsys, tmp_path):
    submit(live_contest, live_contest.judges.first(), live_contest.contestants.first(), 20)
    call_command("recompute_standings", str(live_contest.pk))
    assert "已是最新" in capsys.readouterr().out
    call_command("recompute_standings", str(live_contest.pk), "--force")
    assert "已生成第 2 版" in capsys.readouterr().out
    assert latest(live_contest).version == 2
    call_command("export_results", str(live_contest.pk), "--format", "csv")
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("\ufeff名次")
    assert "选手1" in out and "80.00" in out
    call_command("export_results", str(live_contest.pk), "--format", "json")
    assert '"version": 2' in capsys.readouterr().out


@pytest.mark.parametrize("format_", ["csv", "json"])
def test_export_results_of_unknown_contest(db, format_):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("export_results", "404", "--format", format_)


def test_prepared_sheet_cache_follows_versions_and_weights(live_contest):
    judge, contestant = live_contest.judges.first(), live_contest.contestants.first()
    first = submit(live_contest, judge, contestant, 20)
    submit(live_contest, judge, contestant, 10, base_version=first.version)
    assert by_name(latest(live_contest))["选手1"]["total"] == "40.00"  # new version, not cached
    criterion = live_contest.criteria.first()
    criterion.weight = Decimal(2)  # a weight change must not reuse totals computed before
    criterion.save()
    with transaction.atomic():
        recompute_queue.request_recompute(live_contest.pk)
    assert by_name(latest(live_contest))["选手1"]["total"] == "50.00"
    assert latest(live_contest).data == standings.fresh_results(live_contest)


def test_old_snapshots_are_pruned(live_contest, monkeypatch):
    monkeypatch.setattr(standings, "SNAPSHOTS_KEPT", 3)
    monkeypatch.setattr(standings, "PRUNE_EVERY", 1)
    for _ in range(6):
        with transaction.atomic():
            recompute_queue.request_recompute(live_contest.pk)
    assert list(live_contest.snapshots.values_list("version", flat=True)) == [6, 5, 4]


def test_the_live_console_heals_a_lost_recompute(live_contest, organizer_client):
    from django.urls import reverse

    StandingsState.objects.update_or_create(
        contest=live_contest, defaults={"requested_seq": 5, "queued_at": None}
    )
    organizer_client.get(reverse("organizer:live_control", args=[live_contest.pk]))
    assert latest(live_contest).seq == 5
