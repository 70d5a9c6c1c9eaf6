"""Setup operations an organizer performs on a contest; plain functions that tests call directly."""

import random
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Model
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.events import publish_contest_changed
from arena.text import clean_text
from contests import changelog
from contests.models import (
    Contest,
    Contestant,
    ContestantGroup,
    Criterion,
    Judge,
    JudgeGroup,
    new_screen_token,
)


@dataclass(frozen=True)
class CriterionPreset:
    name: str  # empty: the organizer names it when applying the preset
    description: str
    max_score: Decimal


PRESETS: dict[str, tuple[str, list[CriterionPreset]]] = {
    # Templates to start from and edit, not official sheets.
    "sikan": (
        _("四看（看站位、看重点、看措施、看成效，各 25 分）"),
        [
            CriterionPreset("看站位", "目标定位是否高远，是否对标先进", Decimal(25)),
            CriterionPreset("看重点", "是否抓住关键问题和主要矛盾", Decimal(25)),
            CriterionPreset("看措施", "举措是否具体、可操作、可检验", Decimal(25)),
            CriterionPreset("看成效", "已取得的实绩和群众获得感", Decimal(25)),
        ],
    ),
    # 五大比拼 as published names four; the fifth is the organizer's to name, never ours.
    "wubi": (
        _(
            "五比（比谋划看储备、比招商看投资、比开工看进度、比服务看实效，"
            "第五项自行命名；各 20 分）"
        ),
        [
            CriterionPreset("比谋划看储备", "项目谋划深度与储备数量质量", Decimal(20)),
            CriterionPreset("比招商看投资", "招商引资签约额与到位资金", Decimal(20)),
            CriterionPreset("比开工看进度", "重点项目开工率与建设进度", Decimal(20)),
            CriterionPreset("比服务看实效", "营商环境与服务企业实效", Decimal(20)),
            CriterionPreset("", "", Decimal(20)),
        ],
    ),
}


class SetupError(Exception):
    """A setup change that would break the contest; the message is shown to the organizer."""


def ensure_editable(contest: Contest) -> None:
    if not contest.is_editable:
        raise SetupError(_("结果已审核，不能再修改设置。如需更正，请先按规定撤回审核。"))


# Judges and presenters are withdrawn (退出), not deleted, once they have sheets.
WITHDRAWABLE = {"judges", "contestants"}


def set_withdrawn(item: Judge | Contestant, reason: str | None) -> None:
    """Withdraw a judge or presenter with a reason (None: bring them back).

    A withdrawn judge's sheets stop counting and their link stops scoring; a withdrawn
    presenter leaves the ranking and cannot be scored. Nothing is deleted: sheets and audit
    entries stay, and the change is in the setup change log (contests/changelog.py)."""
    if reason is None:
        item.withdrawn_at, item.withdrawn_reason = None, ""
    else:
        reason = " ".join(clean_text(reason).split())
        if len(reason) < 2 or len(reason) > 200:
            raise SetupError(_("请写明退出原因（2 到 200 字）。"))
        if isinstance(item, Contestant) and item.contest.live.current_contestant_id == item.pk:
            raise SetupError(_("该汇报人正在台上，请先让下一位上台再退出。"))
        item.withdrawn_at, item.withdrawn_reason = timezone.now(), reason
    item.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    publish_contest_changed(item.contest_id)


def indicator_weights_problem(weights: Sequence[Decimal]) -> str:
    """Why these indicator weights cannot be used, or "" (docs/scoring.md §6).

    The indicator score is Σ value × weight. That is a plain sum of points when every weight is
    1 (items scored out of 40 + 40 + 20), or a weighted average when the weights add up to 1
    (items each out of 100, weighted 0.4 / 0.35 / 0.25). Any other set (2 / 1 / 1) would put
    the indicator score on a scale of its own, which the total then mixes with the judges'."""
    if not weights or all(w == 1 for w in weights) or sum(weights) == 1:
        return ""
    return str(
        _(
            "指标权重须全部为 1（各项得分相加），或合计为 1（加权平均）；现在合计为 {total}。"
        ).format(total=f"{sum(weights).normalize():f}")
    )


def contest_indicator_problem(contest: Contest) -> str:
    """The indicator-weights problem of a contest whose total counts indicators, or ""."""
    if contest.indicator_weight <= 0:
        return ""
    return indicator_weights_problem(list(contest.indicators.values_list("weight", flat=True)))


def judge_weights_problem(contest: Contest) -> str:
    """Judge groups' weights are percentages that add up to 100 (40 % 市领导, 60 % 部门负责人),
    or "" when they do (or there are no groups). The engine weighs them relatively, so 0.4/0.6
    once meant the same: the message says how to write them now."""
    weights = list(contest.judge_groups.values_list("weight", flat=True))
    if not weights:
        return ""
    loose = contest.judges.filter(group__isnull=True, withdrawn_at__isnull=True).count()
    if loose:  # they would form a group of weight 1 beside 40 and 60: nearly uncounted
        return str(
            _("有 {n} 位评委还没有分组：分了评委组时，每位评委都要在某一组里。").format(n=loose)
        )
    if sum(weights) == 100:
        return ""
    return str(
        _("评委分组的权重是百分比，合计须为 100（现在是 {total}；如 0.4 应写 40）。").format(
            total=f"{sum(weights).normalize():f}"
        )
    )


# Sent at the end of every `change`, inside its transaction, with contest=: scoring asks for a
# standings recompute there (scoring/apps.py), since names, weights and groups are on the board.
changed = Signal()
# Sent when copy_contest has made a contest from another (source, copy): the apps above copy
# what they keep per contest and a next round needs.
copied = Signal()


@contextmanager
def change(contest: Contest, user, summary: str) -> Iterator[Contest]:
    """A setup change: one transaction, the contest row locked and re-checked, what the change
    does to the results setup written to the change log (contests/changelog.py), and the
    `changed` signal."""
    with transaction.atomic():
        locked = locked_for_setup(contest)
        with changelog.recording(locked, user, summary):
            yield locked
        changed.send(sender=Contest, contest=locked)


def locked_for_setup(contest: Contest) -> Contest:
    """The contest row read afresh and locked until the current transaction ends, if its setup
    may still change. A check on a row read earlier can pass while a sign-off commits in
    between, and saving that stale row would then undo the sign-off: every setup write locks
    and checks here, inside its transaction (sign-off locks the same row)."""
    locked = Contest.objects.select_for_update(no_key=True).get(pk=contest.pk)
    ensure_editable(locked)
    return locked


def next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def apply_preset(contest: Contest, key: str, names: Sequence[str] = ()) -> list[Criterion]:
    """Replace the criteria with a preset; refused once any score has been entered. `names`
    fill, in order, the items the organizer names (the fifth of 五比)."""
    contest = locked_for_setup(contest)
    if key not in PRESETS:
        raise SetupError(_("未知的评分模板。"))
    if contest.criteria.filter(scores__isnull=False).exists():
        raise SetupError(_("已有评分，不能整体替换评分项。"))
    given = iter(" ".join(clean_text(name).split())[:50] for name in names)
    items = []
    for item in PRESETS[key][1]:
        name = item.name or next(given, "")
        if not name:
            raise SetupError(_("请填写自行命名的评分项名称（如五比的第五项）。"))
        items.append((name, item))
    contest.criteria.all().delete()
    return Criterion.objects.bulk_create(
        Criterion(
            contest=contest,
            name=name,
            description=item.description,
            max_score=item.max_score,
            order=index,
        )
        for index, (name, item) in enumerate(items, start=1)
    )


@transaction.atomic
def move(item: Model, direction: int) -> None:
    """Swap an item with its neighbour in display order (direction -1 up, +1 down)."""
    siblings = list(type(item).objects.filter(contest_id=item.contest_id).order_by("order", "id"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    target = index + direction
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    renumber(siblings)


def renumber(items: Sequence[Model]) -> None:
    """Give items the orders 1..n in the sequence given.

    Orders are unique per contest for contestants, so rows first move out of the way
    (to orders above every current one) before they take their final places.
    """
    if not items:
        return
    model = type(items[0])
    offset = (
        (model.objects.filter(contest_id=items[0].contest_id).aggregate(m=Max("order"))["m"] or 0)
        + len(items)
        + 1
    )
    for position, item in enumerate(items, start=1):
        item.order = offset + position
    model.objects.bulk_update(items, ["order"])
    for position, item in enumerate(items, start=1):
        item.order = position
    model.objects.bulk_update(items, ["order"])


def draw_sequence(names: Sequence[tuple[str, str]], seed: str) -> list[int]:
    """The order of appearance drawn from a seed: indexes into the (unit, name)-sorted list.

    Reproducible by anyone: sort the contestants by unit, then name, and shuffle the list with
    Python's random.Random(seed).shuffle.
    """
    ordered = sorted(range(len(names)), key=lambda i: names[i])
    random.Random(seed).shuffle(ordered)  # noqa: S311 - a public, reproducible draw, not a secret
    return ordered


@transaction.atomic
def draw_order(contest: Contest, seed: str = "") -> str:
    """Draw lots for the order of appearance and record the seed; returns the seed used."""
    contest = locked_for_setup(contest)
    if contest.status != Contest.Status.DRAFT:
        raise SetupError(_("比赛开始后不能再抽签。"))
    seed = seed.strip() or f"{secrets.randbelow(10**6):06d}"
    contestants = list(contest.contestants.all())
    sequence = draw_sequence([(c.unit, c.name) for c in contestants], seed)
    renumber([contestants[i] for i in sequence])
    contest.draw_seed = seed
    contest.save(update_fields=["draw_seed", "updated_at"])
    publish_contest_changed(contest.pk)  # screens and judges' pages show the new order
    return seed


@transaction.atomic
def copy_contest(
    source: Contest,
    owner,
    *,
    title: str,
    date,
    include_contestants: bool = False,
    include_judges: bool = False,
) -> Contest:
    """A new draft contest with the source's rules, criteria and groups (a template)."""
    copy = Contest.objects.get(pk=source.pk)
    copy.pk = None
    copy.owner = owner
    copy.title = title
    copy.date = date
    copy.status = Contest.Status.DRAFT
    copy.draw_seed = ""
    copy.screen_token = new_screen_token()
    # What belonged to the source's event day, not to its rules, stays behind.
    copy.published_at = None
    copy.publicity_text = ""
    copy.save()  # with a fresh live state (Contest.save)
    Criterion.objects.bulk_create(
        Criterion(
            contest=copy,
            name=c.name,
            description=c.description,
            max_score=c.max_score,
            weight=c.weight,
            order=c.order,
        )
        for c in source.criteria.all()
    )
    contestant_groups = {
        g.pk: ContestantGroup.objects.create(contest=copy, name=g.name, order=g.order)
        for g in source.contestant_groups.all()
    }
    judge_groups = {
        g.pk: JudgeGroup.objects.create(contest=copy, name=g.name, weight=g.weight, order=g.order)
        for g in source.judge_groups.all()
    }
    if include_contestants:
        Contestant.objects.bulk_create(
            Contestant(
                contest=copy,
                name=c.name,
                title=c.title,
                unit=c.unit,
                topic=c.topic,
                order=c.order,
                group=contestant_groups.get(c.group_id),
            )
            for c in source.contestants.all()
        )
    if include_judges:
        Judge.objects.bulk_create(
            Judge(
                contest=copy,
                name=j.name,
                unit=j.unit,
                order=j.order,
                group=judge_groups.get(j.group_id),
            )
            for j in source.judges.all()
        )
    # What the apps above keep per contest and a template carries (scoring: the 指标评分
    # items, never their scores), sent inside the copy's transaction.
    copied.send(sender=Contest, source=source, copy=copy)
    return copy
