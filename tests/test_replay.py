"""Replaying the audit log reproduces the stored standings exactly (verify_audit)."""

import uuid

import pytest
from django.core.management import CommandError, call_command

from scoring import recompute_queue, standings
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
    recompute_queue.request_recompute(live_contest.pk)
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


def signed_with_trimming(organizer, supervisor):
    """Six judges, the highest and lowest sheet of each presenter dropped, signed by two."""
    from tests.conftest import build_contest, finish_with_sheets, sign_off_fully

    contest = finish_with_sheets(build_contest(organizer, trim_count=1))
    return sign_off_fully(contest, organizer, supervisor)


def tamper(sql: str, *params) -> None:
    """An edit made in the database, past the application (and, on PostgreSQL, past the
    append-only triggers, as the tables' owner may switch them off)."""
    from django.db import connection

    table = sql.split()[1]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def refused(contest, match: str) -> None:
    with pytest.raises(CommandError, match=match):
        call_command("verify_audit", str(contest.pk))


def test_a_dropped_score_raised_in_the_database_is_caught(organizer, supervisor, capsys):
    """#29: raising the highest sheet's score, which trimming drops anyway, changes no total:
    the replayed ranking matched and verify_audit said 一致. Each score is now compared."""
    contest = signed_with_trimming(organizer, supervisor)
    call_command("verify_audit", str(contest.pk))
    assert "一致" in capsys.readouterr().out
    first = contest.contestants.order_by("order").first()
    top = max(
        Score.objects.filter(sheet__contestant=first, sheet__status="submitted"),
        key=lambda s: s.value,
    )
    tamper("UPDATE scoring_score SET value = %s WHERE id = %s", top.criterion.max_score, top.pk)
    refused(contest, "逐项核对")


@pytest.mark.parametrize(
    ("sql", "what"),
    [
        ("UPDATE scoring_auditentry SET at = '2020-01-01 00:00:00' WHERE id = %s", "审计记录"),
        ("UPDATE scoring_auditentry SET ip_address = '10.9.8.7' WHERE id = %s", "审计记录"),
        ("UPDATE scoring_signoff SET official = '王某' WHERE id = %s", "签字"),
        ("UPDATE scoring_resultsevent SET detail = '无' WHERE id = %s", "结果日志"),
        ("UPDATE contests_setupchange SET summary = '无' WHERE id = %s", "设置变更日志"),
    ],
)
def test_an_edited_log_row_is_caught(organizer, supervisor, sql, what):
    """#29: edits of audit times, IPs, official names and the results log went unnoticed."""
    from contests.models import SetupChange
    from scoring.models import AuditEntry, ResultsEvent, SignOff

    contest = signed_with_trimming(organizer, supervisor)
    table = sql.split()[1]
    model = {
        "scoring_auditentry": AuditEntry,
        "scoring_signoff": SignOff,
        "scoring_resultsevent": ResultsEvent,
        "contests_setupchange": SetupChange,
    }[table]
    row = model.objects.filter(contest=contest).order_by("id").last()
    assert row is not None and row.seal_holds()
    tamper(sql, row.pk)
    refused(contest, f"{what} #{row.pk}")
