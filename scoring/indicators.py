"""Indicator scores (指标得分) that organizers enter per contestant: by table or from a file."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from arena.lib.reader import FileProblem, ImportResult, Problem, read_rows
from arena.text import parse_decimal, plain
from contests.models import Contest, Contestant, Indicator, IndicatorScore
from contests.setup import ensure_editable, locked_for_setup
from scoring.composite import pool_shortfall
from scoring.exact import publish
from scoring.recompute_queue import request_recompute


def parse_value(text: str, indicator: Indicator) -> Decimal:
    """A number within 0..max with at most 2 decimals; ValueError with the reason otherwise."""
    value = parse_decimal(text)
    if value is None:
        raise ValueError(_("“{value}”不是数字").format(value=text[:20]))
    if value < 0 or value > indicator.max_score:
        raise ValueError(_("须在 0 到 {score} 之间").format(score=plain(indicator.max_score)))
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(_("最多两位小数"))
    return value


NOT_THEIRS = _("此项个性任务不适用")


def applies(indicator: Indicator, contestant_id: int, listed: dict[int, set[int]]) -> bool:
    """Whether the item is one of this presenter's: 共性, or 个性 listing them."""
    return indicator.scope == Indicator.Scope.COMMON or contestant_id in listed.get(
        indicator.pk, ()
    )


def pool_problems(contest: Contest) -> list[str]:
    """三考三比 in `sum` mode: each presenter whose 个性 items are not worth what the 共性 ones
    leave of the configured total ("南山村：个性任务满分合计须为 10，当前为 8"). [] when the
    contest has no 个性 item or adds up by 得分率."""
    indicators = list(contest.indicators.all())
    own = [i for i in indicators if i.scope == Indicator.Scope.OWN]
    if contest.indicator_composite != Contest.Composite.SUM or not own:
        return []
    listed = Indicator.listed_presenters(contest)
    common = [i.max_score * i.weight for i in indicators if i.scope == Indicator.Scope.COMMON]
    problems = []
    for contestant in contest.contestants.taking_part():
        mine = [i.max_score * i.weight for i in own if contestant.pk in listed.get(i.pk, ())]
        short = pool_shortfall(mine, common, contest.indicator_total)
        if short:
            problems.append(
                _("{name}：个性任务满分合计须为 {pool}，当前为 {own}").format(
                    name=contestant.name, pool=plain(short[0]), own=plain(short[1])
                )
            )
    return problems


def save_scores(
    contest: Contest, entries: Mapping[tuple[int, int], str]
) -> dict[tuple[int, int], str]:
    """Save {(indicator id, contestant id): text}; blank clears a value. All or nothing.

    Returns the problems by cell; nothing is saved if there is any.
    """
    ensure_editable(contest)
    indicators = {i.pk: i for i in contest.indicators.all()}
    contestant_ids = set(contest.contestants.values_list("pk", flat=True))
    listed = Indicator.listed_presenters(contest)
    problems: dict[tuple[int, int], str] = {}
    values: dict[tuple[int, int], Decimal | None] = {}
    for (indicator_id, contestant_id), text in entries.items():
        if indicator_id not in indicators or contestant_id not in contestant_ids:
            problems[(indicator_id, contestant_id)] = _("不属于本场")
            continue
        if not text.strip():
            values[(indicator_id, contestant_id)] = None
            continue
        if not applies(indicators[indicator_id], contestant_id, listed):
            problems[(indicator_id, contestant_id)] = NOT_THEIRS
            continue
        try:
            values[(indicator_id, contestant_id)] = parse_value(text, indicators[indicator_id])
        except ValueError as reason:
            problems[(indicator_id, contestant_id)] = str(reason)
    if problems:
        return problems
    with transaction.atomic():
        locked_for_setup(contest)
        existing = {
            (s.indicator_id, s.contestant_id): s
            for s in IndicatorScore.objects.filter(indicator__contest=contest)
        }
        changed = False
        for key, value in values.items():
            current = existing.get(key)
            if value is None:
                if current is not None:
                    current.delete()
                    changed = True
            elif current is None:
                IndicatorScore.objects.create(
                    indicator_id=key[0], contestant_id=key[1], value=value
                )
                changed = True
            elif current.value != value:
                current.value = value
                current.save(update_fields=["value", "updated_at"])
                changed = True
        if changed:
            request_recompute(contest.pk)
    return {}


def fill_shares(
    contest: Contest, name: str, shares: Mapping[int, Fraction | None]
) -> dict[int, Decimal | None]:
    """Enter, for the indicator called `name`, each contestant's share (0–1) of its maximum,
    rounded half-up to two decimals as scores are; None leaves a contestant's cell blank.
    Written as the table's entries are (save_scores). ValueError with the reason when there is
    no such indicator or a cell is refused."""
    indicator = contest.indicators.filter(name=name.strip()).first()
    if indicator is None:
        raise ValueError(
            _("本期擂台赛没有名为“{name}”的指标评分项，请先在第 6 步“指标评分”中添加。").format(
                name=name
            )
        )
    scores = {
        contestant: None if share is None else publish(Fraction(indicator.max_score) * share)
        for contestant, share in shares.items()
    }
    problems = save_scores(
        contest, {(indicator.pk, c): "" if v is None else str(v) for c, v in scores.items()}
    )
    if problems:
        raise ValueError("；".join(sorted(set(map(str, problems.values())))))
    return scores


def import_scores(contest: Contest, filename: str, data: bytes) -> ImportResult:
    """A table of 姓名, 单位 and one column per indicator; blank cells stay as they are."""
    try:
        rows = read_rows(filename, data)
    except FileProblem as problem:
        return ImportResult(problems=[Problem(0, "", str(problem))])
    if len(rows) < 2:
        return ImportResult(problems=[Problem(0, "", _("文件没有数据行。"))])
    header = [cell.strip() for cell in rows[0]]
    indicators = {i.name: i for i in contest.indicators.all()}
    listed = Indicator.listed_presenters(contest)
    # 姓名, or 单位 alone (a village's sheet names the village, not its secretary)
    named = {"姓名", "单位"} & set(header)
    problems = [] if named else [Problem(1, "姓名", _("缺少必填列"))]
    problems += [
        Problem(1, cell, _("不是本场的指标名称"))
        for cell in header
        if cell and cell not in {"姓名", "单位"} and cell not in indicators
    ]
    if problems:
        return ImportResult(problems=problems)
    by_name: dict[str, list] = {}
    for contestant in contest.contestants.all():
        by_name.setdefault(contestant.name, []).append(contestant)
    entries: dict[tuple[int, int], str] = {}
    for row_number, row in enumerate(rows[1:], start=2):
        cells = dict(zip(header, [c.strip() for c in row], strict=False))
        if "姓名" in header:
            candidates = by_name.get(cells.get("姓名", ""), [])
            if cells.get("单位"):
                candidates = [c for c in candidates if c.unit == cells["单位"]]
        else:
            candidates = [c for found in by_name.values() for c in found if c.unit == cells["单位"]]
        if len(candidates) != 1:
            reason = (
                _("找不到这位汇报人") if not candidates else _("同名汇报人不止一位，请填写单位")
            )
            problems.append(Problem(row_number, "姓名", reason))
            continue
        for name, indicator in indicators.items():
            text = cells.get(name, "")
            if not text:
                continue
            if not applies(indicator, candidates[0].pk, listed):
                problems.append(Problem(row_number, name, NOT_THEIRS))
                continue
            try:
                parse_value(text, indicator)
            except ValueError as reason:
                problems.append(Problem(row_number, name, str(reason)))
                continue
            entries[(indicator.pk, candidates[0].pk)] = text
    if problems:
        return ImportResult(problems=problems)
    save_scores(contest, entries)
    return ImportResult(created=len(entries))


def copy_items(sender, *, source: Contest, copy: Contest, **kwargs) -> None:
    """A copied contest (新建下一期, a template, a series' next round) carries the source's
    指标评分 items — names, maxima, weights, dimension, scope, order — and never their scores:
    a monthly round starts with its 15–18 items in place and every cell empty. A 个性 item
    lists the copy's presenters that match the source's (name, unit and order), when they
    were copied."""
    matching = {(c.name, c.unit, c.order): c.pk for c in Contestant.objects.filter(contest=copy)}
    source_keys = {
        c.pk: (c.name, c.unit, c.order) for c in Contestant.objects.filter(contest=source)
    }
    listed = Indicator.listed_presenters(source)
    for item in Indicator.objects.filter(contest=source):
        copied = Indicator.objects.create(
            contest=copy,
            name=item.name,
            max_score=item.max_score,
            weight=item.weight,
            order=item.order,
            dimension=item.dimension,
            scope=item.scope,
        )
        if item.pk in listed:
            copied.contestants.set(
                pk
                for pk in (matching.get(source_keys[c]) for c in listed[item.pk])
                if pk is not None
            )
