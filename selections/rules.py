"""The rules of a selection as plain Python (no database): one step at a time, quotas before
公示, the 公示期 in working days, objections inside it or 逾期, who may be commended."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from arena.lib.workdays import working_days


def step_problem(step_names: Sequence[str], passed: set[int], target: int) -> str:
    """Why a nominee may not pass step `target` (an index into `step_names`) now, or "": every
    earlier step must be passed first, and the first one missing is named."""
    if target in passed:
        return _("已通过“{step}”。").format(step=step_names[target])
    missing = [index for index in range(target) if index not in passed]
    if missing:
        return _("请先完成“{step}”，再进行“{target}”。").format(
            step=step_names[missing[0]], target=step_names[target]
        )
    return ""


@dataclass(frozen=True)
class Quota:
    category: str
    total: int | None  # in all
    per_unit: int | None  # per unit


def quota_problems(chosen: Iterable[tuple[str, str]], quotas: Iterable[Quota]) -> list[str]:
    """Overruns of the quotas by the chosen (category, unit) pairs, worded as the office says
    them: "育才之星 已选 25 人，名额 24 人"."""
    chosen = list(chosen)
    by_category = Counter(category for category, _unit in chosen)
    by_unit = Counter(chosen)
    problems = []
    for quota in quotas:
        count = by_category[quota.category]
        if quota.total is not None and count > quota.total:
            problems.append(
                _("{category} 已选 {count} 人，名额 {quota} 人").format(
                    category=quota.category, count=count, quota=quota.total
                )
            )
        if quota.per_unit is None:
            continue
        for (category, unit), count in sorted(by_unit.items()):
            if category == quota.category and count > quota.per_unit:
                problems.append(
                    _("{unit} {category} 已选 {count} 人，每单位名额 {quota} 人").format(
                        unit=unit, category=category, count=count, quota=quota.per_unit
                    )
                )
    return problems


def publicity_window(start: date, days: int, holidays: Iterable[date]) -> tuple[date, date]:
    """The first and last day of the 公示期: `days` working days from `start` on."""
    return working_days(start, max(days, 1), holidays)


def is_late(received_on: date, window: tuple[date, date]) -> bool:
    """An objection received outside the 公示期 (before it or after its last day) is 逾期."""
    first, last = window
    return not first <= received_on <= last


def commend_problems(open_objections: Iterable[str], window_end: date, today: date) -> list[str]:
    """Why the 表彰 cannot happen yet: the 公示期 still runs, or objections wait for a finding
    (each named: "王某某：异议待处理")."""
    problems = []
    if today <= window_end:
        problems.append(_("公示期至 {end}，期满后才能表彰。").format(end=window_end))
    problems += [_("{name}：异议待处理").format(name=name) for name in open_objections]
    return problems
