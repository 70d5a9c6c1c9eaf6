"""Replaying the audit log reproduces the stored standings exactly (verify_audit)."""

import uuid

import pytest
from django.core.management import CommandError, call_command

from scoring import standings
from scoring.models import Score, ScoreSheet
from scoring.replay import replayed_results
from scoring.sheets import submit_sheet
from tests.conftest import values_for


def score_everyone(contest):
    for judge in contest.judges.all():
        for index, contestant in enumerate(contest.contestants.all()):
            value = 10 + (judge.pk * 3 + index * 5) % 15
            recorded = submit_sheet(
                judge, contestant, values_for(contest, value), submission_id=uuid.uuid4().hex
            )
            if index == 0:  # a revision: only the last values count
                submit_sheet(
                    judge,
                    contestant,
                    values_for(contest, value + 0.5),
                    submission_id=uuid.uuid4().hex,
                    base_version=recorded.version,
                )
    standings.recompute(contest.pk)


def test_replay_matches_the_standings(live_contest, capsys):
    score_everyone(live_contest)
    assert replayed_results(live_contest) == standings.latest_snapshot(live_contest).data
    call_command("verify_audit", str(live_contest.pk))
    assert "一致" in capsys.readouterr().out


def test_a_score_changed_outside_the_audit_trail_is_caught(live_contest):
    score_everyone(live_contest)
    Score.objects.filter(sheet__contestant__contest=live_contest).update(value=1)
    standings.request_recompute(live_contest.pk)
    standings.recompute(live_contest.pk)
    with pytest.raises(CommandError, match="不一致"):
        call_command("verify_audit", str(live_contest.pk))


def test_demo_sheets_are_audited_too(finished_contest, capsys):
    """fill_sheets (demo and benchmark data) writes an audit entry per sheet, so the replay
    check holds on a demo contest as on a real one."""
    sheets = ScoreSheet.objects.filter(contestant__contest=finished_contest)
    assert finished_contest.audit_entries.count() == sheets.count() > 0
    assert replayed_results(finished_contest) == standings.fresh_results(finished_contest)
    call_command("verify_audit", str(finished_contest.pk))
    assert "一致" in capsys.readouterr().out
