"""A board's values and what they read as: recording a value (audited), the period target, the
light of each metric in a period, the summary, each unit's score; pledges and their outcomes."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arena.text import INTEGER_LIMIT, column_limit, to_column
from boards import gaps, rules
from boards.models import BenchmarkValue, Board, BoardAudit, Metric, MetricValue, Publication
from series.models import Entrant

PER_YEAR = {"month": 12, "quarter": 4, "year": 1}
VALUE_FIELDS = ("actual", "cumulative_actual", "target", "rank", "field", "problems", "source")


@transaction.atomic
def record_value(
    metric: Metric, period: dt.date, fields: dict, *, user=None, entrant=None
) -> MetricValue:
    """Enter or change a month's value; each changed field is audited. A unit's entry needs
    the organizer's review again."""
    period = period.replace(day=1)
    value, _created = MetricValue.objects.select_for_update().get_or_create(
        metric=metric, period=period
    )
    changes = {}
    for key in VALUE_FIELDS:
        if key not in fields:
            continue
        new = fields[key]
        if key in {"rank", "field"} and new is not None:
            new = int(new)
        elif key in {"problems", "source"}:
            new = (new or "").strip()
        elif new is not None:
            new = Decimal(new)  # so 12 and 12.0000 compare equal, whatever form it came in
        changes[key] = new
    changed = apply_changes(
        value, changes, series_id=metric.board.series_id, user=user, entrant=entrant
    )
    if changed:
        value.entered_by = _account(user)
        value.entered_by_entrant = entrant
        value.reviewed = False
        if Publication.objects.filter(series_id=metric.board.series_id, period=period).exists():
            value.corrected = True  # after publication: 已更正, the old figures in the audit
        value.save()
    return value


def _account(user):
    return user if user is not None and user.is_authenticated else None


def audit(target, field: str, old: str, new: str, *, series_id: int, user=None, entrant=None):
    """One row of the boards' audit, on a value, a benchmark's value or a pledge: who (an
    account or a unit's link)."""
    kind = {MetricValue: "value", BenchmarkValue: "benchmark_value"}.get(type(target), "pledge")
    BoardAudit.objects.create(
        series_id=series_id, field=field, old=old, new=new, user=_account(user), entrant=entrant,
        **{kind: target},
    )  # fmt: skip


def apply_changes(target, changes: dict, *, series_id: int, user=None, entrant=None) -> list[str]:
    """Set each field of a value or pledge that `changes` changes, auditing each; returns them."""
    changed = []
    for key, new in changes.items():
        old = getattr(target, key)
        if old != new:
            audit(target, key, shown(old), shown(new), series_id=series_id, user=user,
                   entrant=entrant)  # fmt: skip
            setattr(target, key, new)
            changed.append(key)
    return changed


def shown(value) -> str:
    """An audited value as people write it: 10, 92.5 (not 10.0000)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def is_due(metric: Metric, period: dt.date) -> bool:
    """A quarterly metric is assessed in March, June, September and December; a yearly one in
    December; a monthly one every month."""
    return period.month % (12 // PER_YEAR[metric.frequency]) == 0


def target_for(metric: Metric, value: MetricValue | None, period: dt.date) -> Decimal | None:
    if metric.annual_target is None and (value is None or value.target is None):
        return None
    per_year = PER_YEAR[metric.frequency]
    return rules.period_target(
        metric.annual_target or Decimal(0),
        cumulative=metric.cumulative,
        periods_elapsed=period.month * per_year // 12,
        periods_per_year=per_year,
        explicit=value.target if value is not None else None,
    )


def thresholds(board: Board) -> rules.Thresholds:
    return rules.Thresholds(board.ratio_green, board.ratio_yellow, board.difference_yellow)


def resolved_actual(metric: Metric, value: MetricValue | None) -> Decimal | None:
    """The 实际 a metric is judged on, and the one every surface shows (page, XLSX, PDF): the
    cumulative figure for a metric counted 累计 (the period's as a stand-in when only that was
    reported), the period's for one counted 当期. The metric's own setting decides, never its
    unit word."""
    if value is None:
        return None
    if metric.cumulative and value.cumulative_actual is not None:
        return value.cumulative_actual
    return value.actual


def reading(
    metric: Metric,
    value: MetricValue | None,
    period: dt.date,
    previous: MetricValue | None = None,
) -> rules.Reading:
    if not is_due(metric, period):
        return rules.grey(rules.NOT_DUE)
    if metric.mode == Metric.Mode.RANK:
        if value is None or value.rank is None or value.field is None:
            return rules.grey(rules.MISSING)
        before = previous.rank if previous is not None else None
        return rules.rank(value.rank, value.field, before)
    if value is None:
        return rules.grey(rules.MISSING)
    actual = resolved_actual(metric, value)
    target = target_for(metric, value, period)
    if actual is None or target is None:
        return rules.grey(rules.MISSING)
    inverse = metric.direction == Metric.Direction.DOWN
    limits = thresholds(metric.board)
    if metric.mode == Metric.Mode.DIFFERENCE:
        return rules.difference(actual, target, inverse=inverse, limits=limits)
    return rules.ratio(actual, target, inverse=inverse, limits=limits)


LIGHT_LABELS = {
    rules.GREEN: gettext_lazy("绿"),
    rules.YELLOW: gettext_lazy("黄"),
    rules.RED: gettext_lazy("红"),
    rules.GREY: gettext_lazy("灰"),
}
GREY_LABELS = {rules.NOT_DUE: gettext_lazy("未到考核期"), rules.MISSING: gettext_lazy("未报")}


def light_word(reading: rules.Reading) -> str:
    """The light in words: 绿 / 黄 / 红, or for a grey one why it is grey (未到考核期 / 未报) —
    on the board, the public page, the projector and in the month's XLSX alike."""
    return str(GREY_LABELS.get(reading.grey) or LIGHT_LABELS[reading.light])


@dataclass
class Row:
    metric: Metric
    value: MetricValue | None
    target: Decimal | None
    reading: rules.Reading
    comparison: gaps.Comparison = gaps.NONE

    @property
    def actual(self) -> Decimal | None:
        return resolved_actual(self.metric, self.value)

    @property
    def light_word(self) -> str:
        return light_word(self.reading)

    @property
    def figure(self) -> str:
        """The reading as every surface shows it (board, public page, projector, XLSX): 位次 as
        rank/field, a ratio as 95.00%, a difference as 1.50; "" when there is none."""
        if self.metric.mode == Metric.Mode.RANK:
            value = self.value
            return f"{value.rank}/{value.field}" if value and value.rank else ""
        if self.reading.value is None:
            return ""
        return f"{self.reading.value:.2f}" + ("%" if self.metric.mode == Metric.Mode.RATIO else "")


def period_rows(metrics, period: dt.date) -> list[Row]:
    """Each metric's value, target, reading and 对标差距 in a period, from two reads of the values
    and one of the benchmarks'."""
    metrics = list(metrics)
    ids = [m.pk for m in metrics]
    values = {
        (v.metric_id, v.period): v
        for v in MetricValue.objects.filter(metric_id__in=ids, period__lte=period.replace(day=1))
    }
    theirs: dict[int, list] = {}
    for other in (
        BenchmarkValue.objects.filter(metric_id__in=ids, period=period.replace(day=1))
        .select_related("benchmark")
        .order_by("benchmark__order", "benchmark_id")
    ):
        theirs.setdefault(other.metric_id, []).append((other.benchmark, other.value))
    rows = []
    for metric in metrics:
        value = values.get((metric.pk, period.replace(day=1)))
        previous = _previous_due(metric, period, values)
        ours = resolved_actual(metric, value)
        rows.append(
            Row(
                metric,
                value,
                target_for(metric, value, period),
                reading(metric, value, period, previous),
                gaps.compare(metric, ours, theirs.get(metric.pk, [])),
            )
        )
    return rows


def _previous_due(metric: Metric, period: dt.date, values: dict) -> MetricValue | None:
    step = 12 // PER_YEAR[metric.frequency]
    month = period.month - step
    if month < 1:
        return None
    return values.get((metric.pk, period.replace(month=month, day=1)))


def summary(rows: list[Row]) -> dict:
    """绿 a · 黄 b · 红 c · 灰 d, and 领先 x / y over the rank-mode metrics."""
    counts = Counter(row.reading.light for row in rows)
    ranked = [row.reading for row in rows if row.metric.mode == Metric.Mode.RANK]
    lead, of = rules.leading(ranked)
    return {
        "green": counts[rules.GREEN],
        "yellow": counts[rules.YELLOW],
        "red": counts[rules.RED],
        "grey": counts[rules.GREY],
        "total": len(rows),
        "leading": lead,
        "ranked": of,
    }


def unit_scores(series, period: dt.date, board: Board | None = None) -> list[dict]:
    """区级综合评价: per unit, its metrics (lead or co-responsible: 责任捆绑, each counts for
    every unit on it), the weighted points and 领先 x / y."""
    metrics = Metric.objects.filter(board__series=series).select_related("board")
    if board is not None:
        metrics = metrics.filter(board=board)
    rows = period_rows(metrics.prefetch_related("co_entrants"), period)
    per_unit: dict[int, list[Row]] = {}
    for row in rows:
        units = {row.metric.lead_entrant_id, *(u.pk for u in row.metric.co_entrants.all())}
        for unit in units - {None}:
            per_unit.setdefault(unit, []).append(row)
    result = []
    for entrant in Entrant.objects.filter(pk__in=per_unit).order_by("order"):
        owned = per_unit[entrant.pk]
        lead, of = rules.leading([r.reading for r in owned if r.metric.mode == Metric.Mode.RANK])
        result.append(
            {
                "entrant": entrant,
                "score": rules.unit_score((r.reading, r.metric.weight) for r in owned),
                "metrics": len(owned),
                "leading": lead,
                "ranked": of,
                "counts": Counter(r.reading.light for r in owned),
            }
        )
    result.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["entrant"].order))
    return result


def review(value: MetricValue, *, user) -> None:
    """The organizer confirms a value a unit entered (audited)."""
    if value.reviewed:
        return
    audit(value, "reviewed", "", "✓", series_id=value.metric.board.series_id, user=user)
    value.reviewed = True
    value.save(update_fields=["reviewed"])


# Every figure of the boards is a DecimalField(max_digits=14, decimal_places=4); 位次 and
# 参评总数 are PositiveIntegerFields.
FIGURE_LIMIT = column_limit(14, 4)
COUNT_LIMIT = Decimal(INTEGER_LIMIT + 1)


def parse_decimal(text: str, label: str, limit: Decimal = FIGURE_LIMIT) -> Decimal | None:
    """A figure as typed (negative allowed: a growth rate can fall), refused with the reason
    when it is not a number or too large for its column."""
    text = (text or "").strip().rstrip("%")
    if not text:
        return None
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise ValueError(
            _("{label}“{value}”不是数字。").format(label=label, value=text[:20])
        ) from None
    if not value.is_finite():
        raise ValueError(_("{label}不是数字。").format(label=label))
    if abs(value) < limit:
        value = to_column(value, 4)  # the figures' columns keep 4 decimals
    if abs(value) >= limit:
        raise ValueError(
            _("{label}超出可记录的范围：绝对值须小于 {limit}。").format(
                label=label, limit=f"{limit:,}"
            )
        )
    return value


def board_period(series, on: dt.date) -> dt.date:
    """The month a meeting on `on` shows: the latest month up to it with any value, else its own."""
    latest = (
        MetricValue.objects.filter(metric__board__series=series, period__lte=on.replace(day=1))
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    return latest or on.replace(day=1)


def published_period(series, wanted: dt.date | None = None) -> dt.date | None:
    """The month a public page shows: `wanted` if published, else the latest published."""
    months = Publication.objects.filter(series=series)
    if wanted is not None:
        return (
            wanted.replace(day=1) if months.filter(period=wanted.replace(day=1)).exists() else None
        )
    return months.values_list("period", flat=True).first()
