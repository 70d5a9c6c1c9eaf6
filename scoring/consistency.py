"""评委一致性: was a judge out of line? Plain Python on exact decimals (docs/scoring.md has the
worked example; tests/test_consistency.py checks it against a naive reference).

For each judge, over the presenters they scored:
- **mean** and **spread** (sample standard deviation) of their sheet totals;
- **offset**: how far above (+) or below (−) the rest of the panel they scored, on average — for
  each presenter their total minus the mean of the other judges' totals for that presenter;
- **z**: the offset in units of the panel's usual disagreement (the mean over presenters of the
  spread of that presenter's totals); beyond ±1.00 the judge reads as 宽松 (lenient) or 严格
  (harsh) — `THRESHOLD`;
- how often their sheet was the dropped **highest** or **lowest** one;
- **correlation** (Pearson) of their totals with the other judges' mean across presenters: 1.00
  ranks the presenters as the panel does, 0 unrelated, negative reversed.
For each presenter: the judges' totals' mean, spread, lowest and highest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDREDTH = Decimal("0.01")
THRESHOLD = Decimal("1.00")  # |z| beyond this: 宽松 / 严格
LENIENT, HARSH = "lenient", "harsh"


@dataclass(frozen=True)
class Entry:
    judge: int
    presenter: int
    total: Decimal
    dropped: str = ""  # "" counted; "high" / "low" the dropped highest / lowest; "other"


@dataclass(frozen=True)
class JudgeLine:
    judge: int
    sheets: int
    mean: Decimal
    spread: Decimal | None
    offset: Decimal | None
    z: Decimal | None
    verdict: str  # LENIENT, HARSH or ""
    dropped_high: int
    dropped_low: int
    dropped_other: int
    correlation: Decimal | None


@dataclass(frozen=True)
class PresenterLine:
    presenter: int
    judges: int
    mean: Decimal
    spread: Decimal | None
    lowest: Decimal
    highest: Decimal


def two(value: Decimal) -> Decimal:
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def _spread(values: list[Decimal]) -> Decimal | None:
    """Sample standard deviation; None for fewer than two values."""
    if len(values) < 2:
        return None
    mean = _mean(values)
    return (sum(((v - mean) ** 2 for v in values), Decimal(0)) / (len(values) - 1)).sqrt()


def _correlation(xs: list[Decimal], ys: list[Decimal]) -> Decimal | None:
    """Pearson's r; None for fewer than three pairs or when either side does not vary."""
    if len(xs) < 3:
        return None
    mx, my = _mean(xs), _mean(ys)
    sxy = sum(((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)), Decimal(0))
    sxx = sum(((x - mx) ** 2 for x in xs), Decimal(0))
    syy = sum(((y - my) ** 2 for y in ys), Decimal(0))
    if sxx == 0 or syy == 0:
        return None
    return sxy / (sxx * syy).sqrt()


def analyse(entries: Iterable[Entry]) -> tuple[list[JudgeLine], list[PresenterLine]]:
    """Each judge's line (in the order judges first appear) and each presenter's."""
    entries = list(entries)
    by_presenter: dict[int, dict[int, Decimal]] = {}
    for e in entries:
        by_presenter.setdefault(e.presenter, {})[e.judge] = e.total
    presenters = []
    for presenter, totals in by_presenter.items():
        values = list(totals.values())
        spread = _spread(values)
        presenters.append(PresenterLine(presenter, len(values), two(_mean(values)),
                                        None if spread is None else two(spread),
                                        min(values), max(values)))  # fmt: skip
    spreads = [_spread(list(t.values())) for t in by_presenter.values()]
    spreads = [s for s in spreads if s is not None]
    usual = _mean(spreads) if spreads else None
    judges = []
    for judge in dict.fromkeys(e.judge for e in entries):
        own = [e for e in entries if e.judge == judge]
        totals = [e.total for e in own]
        mine, others = [], []
        for e in own:
            rest = [t for j, t in by_presenter[e.presenter].items() if j != judge]
            if rest:
                mine.append(e.total)
                others.append(_mean(rest))
        offset = _mean([m - o for m, o in zip(mine, others, strict=True)]) if mine else None
        z = offset / usual if offset is not None and usual else None
        verdict = ""
        if z is not None and abs(two(z)) > THRESHOLD:
            verdict = LENIENT if z > 0 else HARSH
        spread = _spread(totals)
        r = _correlation(mine, others)
        judges.append(JudgeLine(
            judge, len(own), two(_mean(totals)), None if spread is None else two(spread),
            None if offset is None else two(offset), None if z is None else two(z), verdict,
            sum(e.dropped == "high" for e in own), sum(e.dropped == "low" for e in own),
            sum(e.dropped == "other" for e in own), None if r is None else two(r),
        ))  # fmt: skip
    return judges, presenters


def entries_from(sheets: dict[int, list[dict]]) -> list[Entry]:
    """scoring.sheet_totals.sheet_rows' rows (per presenter: judge, printed total, mark) as
    entries: the figures the report prints are the figures analysed."""
    return [
        Entry(row["judge"], presenter, row["total"], row["mark"] if row["dropped"] else "")
        for presenter, rows in sheets.items()
        for row in rows
    ]
