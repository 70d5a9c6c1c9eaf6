"""A month's 三考三比 tasks and scores from the sheet a township keeps: one row per village × task
(单位, 任务, 得分, and for a task this round does not have yet 满分 and optionally 维度 and 范围).

All or nothing: every problem names its row and column, and nothing is saved while there is
one. A new task's scope is what the sheet says (范围 共性/个性), or else what it shows: a task
every village has is 共性, one only some have is 个性 for them. The villages × tasks layout (one
column per task) is scoring.indicators.import_scores."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from arena.lib.reader import FileProblem, ImportResult, Problem, read_rows
from arena.text import parse_decimal
from contests.models import Contest, Contestant, Indicator
from scoring.indicators import (
    NOT_THEIRS,
    applies,
    import_scores,
    parse_value,
    save_scores,
)

UNIT_COLUMNS = ("单位", "村", "村（社区）")
TASK_COLUMNS = ("任务", "指标评分项")
SCORE = "得分"
MAXIMUM = "满分"
DIMENSION = "维度"
SCOPE = "范围"
SCOPES = {"共性": Indicator.Scope.COMMON, "个性": Indicator.Scope.OWN}
LONG_NAMES = ("考速度比能力", "考力度比实绩", "考尺度比作风")  # the dimensions in full


def import_sheet(contest: Contest, filename: str, data: bytes) -> ImportResult:
    """The indicator table's import: a row per village × task here, else one column per task
    (scoring.indicators.import_scores)."""
    try:
        rows = read_rows(filename, data)
    except FileProblem as problem:
        return ImportResult(problems=[Problem(0, "", str(problem))])
    if len(rows) < 2 or not is_task_rows([cell.strip() for cell in rows[0]]):
        return import_scores(contest, filename, data)
    saved, problems = import_task_rows(contest, rows)
    return ImportResult(created=saved, problems=problems)


def is_task_rows(header: list[str]) -> bool:
    """Whether a sheet's header is this layout (a task column and a score column)."""
    return SCORE in header and any(name in header for name in TASK_COLUMNS)


@dataclass
class NewTask:
    name: str
    maximum: Decimal
    dimension: str
    scope: str | None  # None: as the sheet shows it
    row: int
    villages: set[int] = field(default_factory=set)


def _column(header: list[str], names: tuple[str, ...]) -> str | None:
    return next((name for name in names if name in header), None)


def _dimensions(contest: Contest) -> dict[str, str]:
    """A dimension as a sheet may write it: the contest's names and the defaults, both ways."""
    known = {}
    for value, label, name, long_name in zip(
        Indicator.Dimension.values,
        Indicator.Dimension.labels,
        contest.dimension_names(),
        LONG_NAMES,
        strict=True,
    ):
        known.update({value: value, str(label): value, name: value, long_name: value})
    return known


def import_task_rows(contest: Contest, rows: list[list[str]]) -> tuple[int, list[Problem]]:
    """Save the sheet's tasks and scores; (cells saved, problems). Call inside setup.change."""
    header = [cell.strip() for cell in rows[0]]
    unit_column, task_column = _column(header, UNIT_COLUMNS), _column(header, TASK_COLUMNS)
    if unit_column is None:
        return 0, [Problem(1, "单位", _("缺少必填列"))]
    villages: dict[str, list[Contestant]] = {}
    for presenter in contest.contestants.all():
        villages.setdefault(presenter.unit, []).append(presenter)
    tasks = {task.name: task for task in contest.indicators.all()}
    listed = Indicator.listed_presenters(contest)
    dimensions = _dimensions(contest)
    new: dict[str, NewTask] = {}
    cells: dict[tuple[str, int], tuple[str, int]] = {}  # (task, presenter) → (value, row)
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        values = dict(zip(header, [cell.strip() for cell in row], strict=False))
        if not any(values.values()):
            continue  # a blank line between villages
        unit, name = values.get(unit_column, ""), values.get(task_column, "")
        found = villages.get(unit, [])
        if len(found) != 1:
            reason = _("本期没有这个单位") if not found else _("本期有不止一位该单位的汇报人")
            problems.append(Problem(number, unit_column, reason))
            continue
        if not name or len(name) > Indicator._meta.get_field("name").max_length:
            problems.append(Problem(number, task_column, _("须为 1–100 个字")))
            continue
        presenter = found[0]
        if (name, presenter.pk) in cells:
            first = cells[(name, presenter.pk)][1]
            problems.append(Problem(number, task_column, _("与第 {row} 行重复").format(row=first)))
            continue
        task = tasks.get(name)
        if task is None:
            task_problem = _new_task(new, name, values, number, dimensions)
            if task_problem:
                problems.append(task_problem)
                continue
            new[name].villages.add(presenter.pk)
            maximum = new[name].maximum
        else:
            if not applies(task, presenter.pk, listed):
                problems.append(Problem(number, task_column, str(NOT_THEIRS)))
                continue
            maximum = task.max_score
        text = values.get(SCORE, "")
        if text:
            try:
                parse_value(text, Indicator(max_score=maximum))
            except ValueError as reason:
                problems.append(Problem(number, SCORE, str(reason)))
                continue
        cells[(name, presenter.pk)] = (text, number)
    if problems:
        return 0, problems
    everyone = {p.pk for found in villages.values() for p in found if p.withdrawn_at is None}
    with transaction.atomic():
        order = max((t.order for t in tasks.values()), default=0)
        for task in new.values():
            order += 1
            scope = task.scope or (
                Indicator.Scope.COMMON if task.villages >= everyone else Indicator.Scope.OWN
            )
            made = Indicator.objects.create(
                contest=contest, name=task.name, max_score=task.maximum,
                dimension=task.dimension, scope=scope, order=order,
            )  # fmt: skip
            if scope == Indicator.Scope.OWN:
                made.contestants.set(task.villages)
            tasks[task.name] = made
        entries = {
            (tasks[name].pk, presenter): text
            for (name, presenter), (text, _row) in cells.items()
            if text  # a blank score leaves the cell as it is
        }
        refused = save_scores(contest, entries)
        if refused:  # checked above; a change meanwhile undoes the whole import
            transaction.set_rollback(True)
            return 0, [Problem(0, "", "；".join(sorted(set(map(str, refused.values())))))]
    return len(entries), []


def _new_task(
    new: dict[str, NewTask], name: str, values: dict, number: int, dimensions: dict
) -> Problem | None:
    """Take a task this round does not have from the row, or say why not."""
    maximum = parse_decimal(values.get(MAXIMUM, ""))
    if maximum is None or maximum <= 0 or maximum >= 10**6:
        return Problem(number, MAXIMUM, _("新任务须填写大于 0 的满分"))
    if maximum != maximum.quantize(Decimal("0.01")):
        return Problem(number, MAXIMUM, _("最多两位小数"))
    written_dimension = values.get(DIMENSION, "")
    if written_dimension and written_dimension not in dimensions:
        return Problem(number, DIMENSION, _("不是本期的维度名称"))
    written_scope = values.get(SCOPE, "")
    if written_scope and written_scope not in SCOPES:
        return Problem(number, SCOPE, _("须为“共性”或“个性”"))
    task = new.setdefault(
        name,
        NewTask(
            name,
            maximum,
            dimensions.get(written_dimension, ""),
            SCOPES.get(written_scope),
            number,
        ),
    )
    if task.maximum != maximum:
        return Problem(
            number,
            MAXIMUM,
            _("与第 {row} 行同一任务的满分不同").format(row=task.row),
        )
    return None
