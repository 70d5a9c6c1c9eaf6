"""seed_demo's town: 碧湖镇's monthly 三考三比 (capabilities.md §C6) — six villages in two 小组,
15 共性 tasks (maxima adding up to 90) and each village's 个性 tasks filling the X pool of 10,
September and October as two signed rounds of a monthly series without judges."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from contests import live
from contests.kinds import apply_kind_defaults
from contests.models import Contest, Contestant, ContestantGroup, Indicator
from contests.setup import change as setup_change
from scoring import results
from scoring.indicators import save_scores
from scoring.standings import recompute
from series import rounds, standings
from series.models import Entrant, Series, SeriesGroup

COMMON_TASKS = [  # (name, maximum, dimension); names 4–15 as a township would write them
    ("疫情防控", 10, "speed"),
    ("“一户多宅”清理整治", 10, "speed"),
    ("村集体增收", 6, "force"),
    ("项目进度", 6, "speed"),
    ("信访办结", 6, "speed"),
    ("安全生产", 6, "speed"),
    ("产业发展", 5, "force"),
    ("有效投资", 6, "force"),
    ("土地整治", 6, "force"),
    ("招商引资", 5, "force"),
    ("低收入农户帮扶", 5, "force"),
    ("党建引领", 5, "style"),
    ("作风建设", 5, "style"),
    ("村务公开", 5, "style"),
    ("群众满意度", 4, "style"),
]
VILLAGES = [  # (小组, village, 书记, its 个性 tasks: (name, maximum, dimension))
    ("第一组", "南山村", "陈建华", [("民宿改造", 5, "force"), ("古村保护", 5, "style")]),
    ("第一组", "下河村", "王立新", [("河道清淤", 10, "force")]),
    ("第一组", "上塘村", "李春明", [("茶园扩种", 6, "force"), ("道路硬化", 4, "speed")]),
    ("第二组", "碧湖社区", "赵丽", [("老旧小区改造", 10, "speed")]),
    ("第二组", "新民村", "周国强", [("来料加工", 5, "force"), ("垃圾分类", 5, "style")]),
    ("第二组", "龙石村", "吴海燕", [("光伏项目", 10, "force")]),
]
MONTHS = [("9月", 9, 30), ("10月", 10, 31)]


def _month(owner, organisation, year: int, label: str, month: int, day: int) -> Contest:
    contest = Contest(
        owner=owner,
        organisation=organisation,
        title=f"碧湖镇{year}年{label}“三考三比”晒比会",
        date=dt.date(year, month, day),
        venue="碧湖镇政府二楼会议室",
        organizer_name="碧湖镇党委",
        kind=Contest.Kind.SHOWCASE,
    )
    apply_kind_defaults(contest)  # no judges: the task scores alone rank the villages
    contest.save()
    groups = {
        name: ContestantGroup.objects.create(contest=contest, name=name, order=order)
        for order, name in enumerate(dict.fromkeys(row[0] for row in VILLAGES), start=1)
    }
    for order, (group, village, secretary, _tasks) in enumerate(VILLAGES, start=1):
        Contestant.objects.create(
            contest=contest, group=groups[group], name=secretary, title="村党组织书记",
            unit=village, order=order,
        )  # fmt: skip
    for order, (name, maximum, dimension) in enumerate(COMMON_TASKS, start=1):
        Indicator.objects.create(
            contest=contest, name=name, max_score=maximum, dimension=dimension, order=order
        )
    order = len(COMMON_TASKS)
    for _group, village, _secretary, tasks in VILLAGES:
        for name, maximum, dimension in tasks:
            order += 1
            task = Indicator.objects.create(
                contest=contest, name=name, max_score=maximum, dimension=dimension,
                scope=Indicator.Scope.OWN, order=order,
            )  # fmt: skip
            task.contestants.set(contest.contestants.filter(unit=village))
    return contest


def _scores(contest: Contest, seed: int) -> dict[tuple[int, int], str]:
    """Most tasks at 85–100 % of their maximum, one in twenty lower (偏科), in steps of 0.05."""
    rng = random.Random(seed)  # noqa: S311 — reproducible demo figures, not a secret
    listed = {
        t.pk: set(t.contestants.values_list("pk", flat=True)) for t in contest.indicators.all()
    }
    cells = {}
    for task in contest.indicators.all():
        for presenter in contest.contestants.all():
            if task.scope == Indicator.Scope.OWN and presenter.pk not in listed[task.pk]:
                continue
            share = rng.uniform(0.4, 0.75) if rng.random() < 1 / 20 else rng.uniform(0.85, 1)
            value = (task.max_score * Decimal(str(round(share * 20) / 20))).quantize(
                Decimal("0.01")
            )
            cells[(task.pk, presenter.pk)] = str(min(value, task.max_score))
    return cells


@transaction.atomic
def create_monthly_demo(owner, organisation, supervisor_username: str, year: int) -> Series:
    supervisor = get_user_model().objects.get(username=supervisor_username)
    series = Series.objects.create(
        owner=owner,
        organisation=organisation,
        title=f"碧湖镇{year}年“三考三比”月度战令",
        year=year,
        cadence=Series.Cadence.MONTH,
    )
    groups = {
        name: SeriesGroup.objects.create(series=series, name=name, order=order)
        for order, name in enumerate(dict.fromkeys(row[0] for row in VILLAGES), start=1)
    }
    for order, (group, village, secretary, _tasks) in enumerate(VILLAGES, start=1):
        Entrant.objects.create(
            series=series, name=village, short_name=village, group=groups[group],
            leader_name=secretary, leader_title="村党组织书记", order=order,
        )  # fmt: skip
    for label, month, day in MONTHS:
        contest = _month(owner, organisation, year, label, month, day)
        rounds.add_round(series, contest, label=f"{year}年{label}")
        live.start(contest, owner)
        # As the indicator table enters them: logged, so verify_audit replays the month.
        with setup_change(contest, owner, "录入指标得分"):
            assert save_scores(contest, _scores(contest, year * 100 + month)) == {}
        live.finish(contest)
        recompute(contest.pk)
        version = results.results_snapshot(contest).version
        results.sign_off(contest, owner, official="张审核", role="review", version=version)
        results.sign_off(contest, supervisor, official="李监督", role="supervise", version=version)
    standings.refresh(series, owner)
    return series
