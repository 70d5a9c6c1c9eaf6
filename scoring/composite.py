"""指标评分 items added up: 共性 and 个性 (X) tasks, the two composite modes, the dimension
subtotals, 全科/偏科 and the X pool (三考三比, docs/scoring.md §6).

Plain Python with no Django imports, like the engine that calls it. Exact arithmetic: values
arrive as integers of hundredths and weights as integers of thousandths (engine.fixed).

- A task applies to every presenter (共性, `applies_to` None) or to the listed ones (个性). A
  value entered for a task that does not apply is not counted.
- `sum`: indicator score = Σ value × weight over the presenter's tasks.
- `percent`: indicator score = Σ value × weight ÷ Σ maximum × weight × 100 over the presenter's
  tasks, so presenters with 15 + 1 and 15 + 3 tasks are both out of 100.
- Dimension subtotals share out the published indicator score by largest remainder, so the
  subtotals a page or a PDF prints always add up to the composite it prints.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

Id = Hashable
UNITS = 10**5  # a value (hundredths) × a weight (thousandths)


class Composite(StrEnum):
    SUM = "sum"
    PERCENT = "percent"


@dataclass(frozen=True)
class Task:
    """An indicator as the composite needs it: maximum and weight as fixed-point integers."""

    id: Id
    weight: int  # thousandths
    maximum: int  # hundredths
    dimension: Id | None = None
    applies_to: frozenset | None = None  # None: 共性, every presenter

    def applies(self, contestant_id: Id) -> bool:
        return self.applies_to is None or contestant_id in self.applies_to


def indicator_part(
    tasks: Sequence[Task],
    values: Sequence[int | None],
    contestant_id: Id,
    composite: Composite,
) -> tuple[Fraction | None, dict[Id | None, Fraction]]:
    """One presenter's exact indicator score and its parts by dimension.

    `values` are in the tasks' order, in hundredths, None where nothing was entered. None when
    the presenter has no value at all (no indicator score yet) or no task with weight."""
    parts: dict[Id | None, int] = {}
    entered = False
    denominator = 0
    for task, value in zip(tasks, values, strict=True):
        if not task.applies(contestant_id):
            continue
        denominator += task.maximum * task.weight
        parts.setdefault(task.dimension, 0)
        if value is not None:
            entered = True
            parts[task.dimension] += value * task.weight
    if not entered:
        return None, {}
    if composite is Composite.PERCENT:
        if denominator == 0:
            return None, {}
        scale = Fraction(100, denominator)
    else:
        scale = Fraction(1, UNITS)
    exact = {dimension: units * scale for dimension, units in parts.items()}
    return sum(exact.values(), Fraction(0)), exact


def apportion(
    parts: Mapping[Id | None, Fraction], total: Decimal, decimals: int = 2
) -> dict[Id | None, Decimal]:
    """Round each part so that the rounded parts add up to `total` (the published sum of the
    exact parts): every part rounded down, then the hundredths left over go to the largest
    remainders, earlier parts first on equal remainders (largest-remainder method)."""
    scale = 10**decimals
    floors = {
        key: (value * scale).numerator // (value * scale).denominator
        for key, value in parts.items()
    }
    left = int(total.scaleb(decimals)) - sum(floors.values())
    if not 0 <= left <= len(parts):
        raise ValueError(f"{total} is not the rounded sum of {dict(parts)}")
    keys = list(parts)
    by_remainder = sorted(
        range(len(keys)), key=lambda i: (-(parts[keys[i]] * scale - floors[keys[i]]), i)
    )
    for index in by_remainder[:left]:
        floors[keys[index]] += 1
    quantum = Decimal(1).scaleb(-decimals)
    return {key: (Decimal(units) / scale).quantize(quantum) for key, units in floors.items()}


def weak_items(
    scored: Iterable[tuple[Id, Decimal | None, Decimal]], below_percent: int
) -> list[Id]:
    """The tasks whose value is below `below_percent` % of their maximum, in the given order:
    none means 全科. (task, value, maximum) triples; a task without a value is not judged."""
    return [
        task
        for task, value, maximum in scored
        if value is not None and value * 100 < maximum * below_percent
    ]


def pool_shortfall(
    own_maxima: Sequence[Decimal], common_maxima: Sequence[Decimal], total: Decimal
) -> tuple[Decimal, Decimal] | None:
    """In `sum` mode with 个性 tasks, every presenter's tasks must be worth `total` in all: the
    X pool is what the 共性 tasks leave of it. (pool, the presenter's 个性 maxima) when they
    differ, else None. Maxima are weighted (maximum × weight)."""
    pool = total - sum(common_maxima, Decimal(0))
    own = sum(own_maxima, Decimal(0))
    return None if own == pool else (pool, own)
