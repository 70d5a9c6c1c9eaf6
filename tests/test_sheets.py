"""Recording sheets: every validation, idempotency, versions, audit."""

import uuid

import pytest

from contests.models import Contest, Contestant, Recusal
from scoring.models import AuditEntry, ScoreSheet, SheetSubmission
from scoring.sheets import SubmissionError, submit_sheet
from tests.conftest import values_for


def sid() -> str:
    return uuid.uuid4().hex


def test_records_a_sheet_with_audit(live_contest, judge, contestant):
    recorded = submit_sheet(
        judge,
        contestant,
        values_for(live_contest, "22.5"),
        submission_id=sid(),
        comment="好",
        ip_address="10.1.2.3",
        user_agent="Phone",
    )
    assert (recorded.version, recorded.replayed) == (1, False)
    sheet = ScoreSheet.objects.get(judge=judge, contestant=contestant)
    assert sorted(str(s.value) for s in sheet.scores.all()) == ["22.50"] * 4
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.version, entry.old_values, entry.ip_address) == (
        "create",
        1,
        None,
        "10.1.2.3",
    )
    assert entry.new_values["comment"] == "好"


def test_same_submission_id_twice_records_one_version(live_contest, judge, contestant):
    submission = sid()
    first = submit_sheet(judge, contestant, values_for(live_contest, 20), submission_id=submission)
    again = submit_sheet(judge, contestant, values_for(live_contest, 20), submission_id=submission)
    assert again.replayed and again.version == first.version == 1
    assert again.values == first.values
    assert SheetSubmission.objects.count() == 1 and AuditEntry.objects.count() == 1


def test_a_retry_after_a_later_revision_returns_its_own_record(live_contest, judge, contestant):
    first_id = sid()
    submit_sheet(judge, contestant, values_for(live_contest, 20), submission_id=first_id)
    submit_sheet(
        judge, contestant, values_for(live_contest, 21), submission_id=sid(), base_version=1
    )
    late = submit_sheet(judge, contestant, values_for(live_contest, 20), submission_id=first_id)
    assert late.replayed and late.version == 1
    assert ScoreSheet.objects.get().version == 2  # the late retry did not roll the sheet back


def test_revision_and_stale_edit(live_contest, judge, contestant):
    submit_sheet(judge, contestant, values_for(live_contest, 20), submission_id=sid())
    revised = submit_sheet(
        judge, contestant, values_for(live_contest, 24), submission_id=sid(), base_version=1
    )
    assert revised.version == 2
    entry = AuditEntry.objects.filter(action="update").get()
    assert set(entry.old_values.values()) == {"20.00", ""} and entry.version == 2
    with pytest.raises(SubmissionError) as caught:
        submit_sheet(
            judge, contestant, values_for(live_contest, 10), submission_id=sid(), base_version=1
        )
    assert (caught.value.status, caught.value.code) == (409, "stale")
    assert caught.value.sheet.version == 2
    assert {str(s.value) for s in ScoreSheet.objects.get().scores.all()} == {"24.00"}


@pytest.mark.parametrize(
    ("scores", "code"),
    [
        (("26", "20", "20", "20"), "out_of_range"),
        (("-1", "20", "20", "20"), "not_a_number"),  # digits and one point only
        (("abc", "20", "20", "20"), "not_a_number"),
        (("NaN", "20", "20", "20"), "not_a_number"),
        (("Infinity", "20", "20", "20"), "not_a_number"),
        (("", "20", "20", "20"), "missing"),
        (("20.3", "20", "20", "20"), "off_step"),
        (("1e1", "20", "20", "20"), "not_a_number"),  # no exponents: 1e-999999999 was 0
    ],
)
def test_bad_values_are_refused_and_nothing_is_stored(
    live_contest, judge, contestant, scores, code
):
    values = values_for(live_contest, *scores)
    with pytest.raises(SubmissionError) as caught:
        submit_sheet(judge, contestant, values, submission_id=sid())
    assert caught.value.status == 400 and caught.value.code == code
    assert "“看站位”" in caught.value.message
    assert not ScoreSheet.objects.exists() and not AuditEntry.objects.exists()


def test_unknown_criterion_and_bad_ids(live_contest, judge, contestant):
    values = {**values_for(live_contest, 20), "999999": "1"}
    with pytest.raises(SubmissionError, match="不属于本场"):
        submit_sheet(judge, contestant, values, submission_id=sid())
    for bad in ("", "short", "x" * 65, "has space here", "<script>"):
        with pytest.raises(SubmissionError) as caught:
            submit_sheet(judge, contestant, values_for(live_contest, 20), submission_id=bad)
        assert caught.value.code == "bad_submission_id"
    with pytest.raises(SubmissionError) as caught:
        submit_sheet(
            judge, contestant, values_for(live_contest, 20), submission_id=sid(), comment="长" * 501
        )
    assert caught.value.code == "comment_too_long"
    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        (
            lambda c, p: Contest.objects.filter(pk=c.pk).update(status="draft"),
            409,
            "contest_not_live",
        ),
        (
            lambda c, p: Contest.objects.filter(pk=c.pk).update(status="closed"),
            409,
            "contest_not_live",
        ),
        (
            lambda c, p: Contestant.objects.filter(pk=p.pk).update(scoring="pending"),
            409,
            "not_open",
        ),
        (lambda c, p: Contestant.objects.filter(pk=p.pk).update(scoring="closed"), 409, "closed"),
    ],
)
def test_not_open_for_scoring(live_contest, judge, contestant, change, status, code):
    change(live_contest, contestant)
    judge.refresh_from_db()
    with pytest.raises(SubmissionError) as caught:
        submit_sheet(judge, contestant, values_for(live_contest, 20), submission_id=sid())
    assert (caught.value.status, caught.value.code) == (status, code)


def test_recused_judges_cannot_submit(live_contest, judge, contestant):
    Recusal.objects.create(contest=live_contest, judge=judge, contestant=contestant)
    with pytest.raises(SubmissionError) as caught:
        submit_sheet(judge, contestant, values_for(live_contest, 20), submission_id=sid())
    assert (caught.value.status, caught.value.code) == (403, "recused")
    other = live_contest.judges.last()
    other.unit = contestant.unit
    other.save()
    with pytest.raises(SubmissionError, match="回避"):
        submit_sheet(other, contestant, values_for(live_contest, 20), submission_id=sid())


def test_a_judge_of_another_contest_cannot_submit(live_contest, contestant, organizer):
    from tests.conftest import build_contest, open_for_scoring

    stranger = open_for_scoring(build_contest(organizer, title="另一场")).judges.first()
    with pytest.raises(SubmissionError) as caught:
        submit_sheet(stranger, contestant, values_for(live_contest, 20), submission_id=sid())
    assert caught.value.status == 404
