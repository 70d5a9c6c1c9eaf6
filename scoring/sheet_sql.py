"""The hot path of recording a sheet in hand-written SQL on the models' own tables (a judge's
first sheet for a presenter: scoring/sheets.py keeps the rules and the rare branches)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from contests.models import Contest, Contestant, Criterion, Judge, Recusal
from scoring.models import AuditEntry, Score, ScoreSheet, SheetSubmission


@dataclass(frozen=True)
class Target:
    """The contestant row, its contest's state and the judge's recusal mark, read under the
    contestant row lock (lock_target)."""

    pk: int
    contest_id: int
    name: str
    unit: str
    scoring: str
    withdrawn: bool
    contest_status: str
    score_step: str
    marked_recused: bool


@dataclass(frozen=True)
class CriterionRow:
    pk: int
    name: str
    max_score: Decimal


# The hot path of a live event — a judge's first sheet for a presenter — runs as hand-written
# SQL: compiling the same ORM statements for every sheet cost about 40 % of the web process's
# CPU per sheet (docs/performance.md). Rare branches (a replayed id, a revision, a refusal)
# keep the ORM. Tables and columns are the models' own; tests/test_sheets.py and
# tests/test_faults.py hold both paths to the same rules.
TABLES = {
    model.__name__: connection.ops.quote_name(model._meta.db_table)
    for model in (Contest, Contestant, Criterion, ScoreSheet, Score, SheetSubmission, AuditEntry)
}
TABLES["Recusal"] = connection.ops.quote_name(Recusal._meta.db_table)
ORDER = connection.ops.quote_name("order")


def fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def lock_clause(of: str = "") -> str:
    """PostgreSQL's row lock for the statement; SQLite locks the whole database anyway."""
    if not connection.features.has_select_for_update:
        return ""
    if of:  # NO KEY: rows that only reference this one (sheets, entries) are not blocked
        return f" FOR NO KEY UPDATE OF {of}"
    return " FOR UPDATE"


def lock_target(judge: Judge, contestant_id: int) -> Target | None:
    # Only the contestant row is locked (closing scoring takes the same lock, so no sheet slips
    # in after it): locking the contest row too would queue every judge of the contest behind
    # each other and behind a running recompute (bench/load.py found the deadlocks).
    rows = fetch(
        f"""SELECT c.id, c.contest_id, c.name, c.unit, c.scoring, c.withdrawn_at IS NOT NULL,
                   k.status, k.score_step,
                   EXISTS (SELECT 1 FROM {TABLES["Recusal"]} r
                           WHERE r.judge_id = %s AND r.contestant_id = c.id)
            FROM {TABLES["Contestant"]} c JOIN {TABLES["Contest"]} k ON k.id = c.contest_id
            WHERE c.id = %s AND c.contest_id = %s{lock_clause("c")}""",  # noqa: S608
        [judge.pk, contestant_id, judge.contest_id],
    )
    if not rows:
        return None
    pk, contest_id, name, unit, scoring, withdrawn, status, step, marked = rows[0]
    return Target(pk, contest_id, name, unit, scoring, bool(withdrawn), status, step, bool(marked))


def criteria_rows(contest_id: int) -> list[CriterionRow]:
    rows = fetch(
        f"SELECT id, name, max_score FROM {TABLES['Criterion']} "  # noqa: S608
        f"WHERE contest_id = %s ORDER BY {ORDER}, id",
        [contest_id],
    )
    return [CriterionRow(pk, name, Decimal(str(maximum))) for pk, name, maximum in rows]


def insert(table: str, columns: dict, returning: bool = False) -> int | None:
    names = ", ".join(connection.ops.quote_name(name) for name in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {TABLES[table]} ({names}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        if returning:
            cursor.execute(sql + " RETURNING id", list(columns.values()))
            return cursor.fetchone()[0]
        cursor.execute(sql, list(columns.values()))
    return None
