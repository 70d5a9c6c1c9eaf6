"""事项台账 and 现场交办 (issue 19, cases 1–3 and 7): a 交办 recorded on stage, its lights day by
day, closing (done → verified, or sent back), extensions, and the audit of every change."""

import datetime as dt

import pytest

from followup import ledger, rules
from followup.ledger import FollowupError
from followup.models import FollowupAudit, Matter, Measure, Remark
from series.models import Entrant
from tests.test_series_rounds import R1, make_series, play

D = dt.date


@pytest.fixture
def assigned(organizer, supervisor):
    """At R1 (2026-03-18) the clerk records a 交办 for 甲's presenter: 协调用地, units 太平乡
    (牵头) and 区卫健局, due 2026-04-10."""
    series = make_series(organizer)
    taiping = Entrant.objects.create(series=series, name="太平乡", kind="township", order=10)
    health = Entrant.objects.create(series=series, name="区卫健局", order=11)
    contest = play(series, organizer, supervisor, 1, R1)
    jia = contest.contestants.get(participation__entrant__short_name="甲")
    remark = ledger.record_remark(
        contest, jia, kind=Remark.Kind.ASSIGN, text="协调用地", user=organizer,
        today=D(2026, 3, 18), units=[taiping, health], deadline=D(2026, 4, 10),
    )  # fmt: skip
    return remark.matter.measures.get(), organizer


def colour(measure, day):
    measure.refresh_from_db()
    return ledger.measure_light(measure, day)


def test_the_assignment_and_its_lights_day_by_day(assigned):
    measure, _ = assigned
    matter = measure.matter
    assert matter.kind == Matter.Kind.ASSIGNED and matter.lead_entrant.short_name == "甲"
    assert [u.name for u in measure.units()] == ["太平乡", "区卫健局"]
    assert colour(measure, D(2026, 4, 6)).colour == rules.GREEN
    assert colour(measure, D(2026, 4, 7)).colour == rules.YELLOW
    assert colour(measure, D(2026, 4, 10)) == rules.Light(rules.YELLOW, 0, 0)
    assert colour(measure, D(2026, 4, 11)) == rules.Light(rules.RED, None, 1)
    assert ledger.matter_light(matter, D(2026, 4, 11)) == rules.RED


def test_done_late_then_verified_ends_closed_two_days_late(assigned):
    measure, organizer = assigned
    ledger.mark_done(measure, evidence="已召开协调会落实用地", today=D(2026, 4, 12))
    assert colour(measure, D(2026, 4, 30)) == rules.Light(rules.RED, None, 2)  # clock stopped
    assert Matter.objects.get().status == Matter.Status.CHECKING
    ledger.verify(measure, user=organizer, today=D(2026, 4, 13))
    measure.refresh_from_db()
    assert measure.status == Measure.Status.CLOSED and measure.verified_on == D(2026, 4, 13)
    assert colour(measure, D(2026, 5, 1)) == rules.Light(rules.GREY, None, 2)
    assert ledger.outcome(measure, D(2026, 5, 1)) == "late"
    assert Matter.objects.get().status == Matter.Status.CLOSED


def test_sent_back_returns_to_open_with_the_deadline_unchanged(assigned):
    measure, organizer = assigned
    ledger.mark_done(measure, evidence="已落实", today=D(2026, 4, 9))
    ledger.send_back(measure, reason="用地手续未办结", user=organizer)
    measure.refresh_from_db()
    assert (measure.status, measure.done_on, measure.deadline) == ("open", None, D(2026, 4, 10))
    with pytest.raises(FollowupError, match="退回原因"):
        ledger.mark_done(measure, evidence="再次报告", today=D(2026, 4, 9))
        ledger.send_back(measure, reason=" ", user=organizer)


def test_an_extension_before_the_deadline_and_one_after_it(assigned):
    measure, organizer = assigned
    extension = ledger.request_extension(
        measure, new_deadline=D(2026, 4, 20), reason="等待规划调整", today=D(2026, 4, 8)
    )
    ledger.decide_extension(extension, approve=True, user=organizer, today=D(2026, 4, 9))
    measure.refresh_from_db()
    assert (measure.deadline, measure.original_deadline) == (D(2026, 4, 20), D(2026, 4, 10))
    assert colour(measure, D(2026, 4, 9)).colour == rules.GREEN


def test_an_extension_asked_after_the_deadline_is_refused(assigned):
    measure, _ = assigned
    with pytest.raises(FollowupError, match="已逾期"):
        ledger.request_extension(
            measure, new_deadline=D(2026, 4, 20), reason="等待规划调整", today=D(2026, 4, 11)
        )


def test_every_change_is_audited_with_user_time_old_and_new(assigned):
    measure, organizer = assigned
    extension = ledger.request_extension(
        measure, new_deadline=D(2026, 4, 20), reason="等待规划调整", today=D(2026, 4, 8)
    )
    ledger.decide_extension(extension, approve=True, user=organizer, today=D(2026, 4, 9))
    unit = measure.units()[0]
    ledger.mark_done(measure, evidence="已落实", today=D(2026, 4, 12), entrant=unit)
    ledger.verify(measure, user=organizer, today=D(2026, 4, 13))
    rows = [
        (a.field, a.old, a.new, a.user_id, a.entrant_id)
        for a in FollowupAudit.objects.filter(measure=measure)
    ]
    assert ("deadline", "", "2026-04-10", organizer.pk, None) in rows
    assert ("extension", "", "2026-04-20", None, None) in rows
    assert ("deadline", "2026-04-10", "2026-04-20", organizer.pk, None) in rows
    assert ("status", "未完成", "已完成待核", None, unit.pk) in rows
    assert ("done_on", "", "2026-04-12", None, unit.pk) in rows
    assert ("status", "已完成待核", "已销号", organizer.pk, None) in rows
    assert all(a.at is not None for a in FollowupAudit.objects.all())


def test_a_matter_is_cancelled_only_with_a_reason_and_stays(assigned):
    measure, organizer = assigned
    with pytest.raises(FollowupError):
        ledger.cancel(measure.matter, reason="", user=organizer)
    ledger.cancel(measure.matter, reason="重复交办", user=organizer)
    matter = Matter.objects.get()
    assert matter.status == Matter.Status.CANCELLED and matter.cancel_reason == "重复交办"


def test_an_assignment_needs_units_and_a_deadline(organizer, supervisor):
    series = make_series(organizer)
    contest = play(series, organizer, supervisor, 1, R1)
    presenter = contest.contestants.first()
    kwargs = {"kind": "assign", "text": "协调用地", "user": organizer, "today": D(2026, 3, 18)}
    with pytest.raises(FollowupError, match="解决时限"):
        ledger.record_remark(contest, presenter, **kwargs)
    with pytest.raises(FollowupError, match="责任单位"):
        ledger.record_remark(contest, presenter, deadline=D(2026, 4, 10), **kwargs)
    with pytest.raises(FollowupError, match="不能早于今天"):
        ledger.record_remark(contest, presenter, deadline=D(2026, 3, 1), **kwargs)
    assert not Matter.objects.exists() and not Remark.objects.exists()


def test_on_time_rate():
    measures = [
        (D(2026, 4, 10), D(2026, 4, 9)),  # on time
        (D(2026, 4, 20), D(2026, 4, 22)),  # late
        (D(2026, 4, 25), None),  # open
        (D(2026, 5, 10), D(2026, 5, 1)),  # due outside April
    ]
    assert rules.on_time_rate(measures, D(2026, 4, 1), D(2026, 4, 30)) == pytest.approx(1 / 3)
    assert rules.on_time_rate([], D(2026, 4, 1), D(2026, 4, 30)) is None
