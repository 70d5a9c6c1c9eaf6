"""The demo 赛马 series behind `seed_demo`: the demo contest's ten units over three signed
quarterly rounds (two units sat the first one out), scored by twelve judges each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from contests import live
from contests.models import Contest, Contestant, ContestantGroup, Judge
from contests.setup import apply_preset
from orgs.access import grant
from orgs.models import Role
from scoring import results
from scoring.demo import CONTESTANTS, demo_names, demo_organisation, fill_sheets
from scoring.standings import recompute
from series import results as series_results
from series import rounds, standings
from series.demo_monthly import create_monthly_demo
from series.models import Entrant, Series, SeriesGroup

SUPERVISOR_USERNAME = "supervisor"
ROUNDS = [("第一季度", 3, 18), ("第二季度", 6, 18), ("第三季度", 9, 18)]
FIRST_ROUND_ABSENT = {"市住房和城乡建设局", "市民政局"}


def _round_contest(
    owner, organisation, year: int, label: str, month: int, day: int, units: list[tuple]
) -> Contest:
    contest = Contest.objects.create(
        owner=owner,
        organisation=organisation,
        title=f"{year} 年度局长擂台赛赛马 {label}",
        date=dt.date(year, month, day),
        venue="市行政中心三楼大会议室",
        organizer_name="市委督查室",
        aggregation=Contest.Aggregation.TRIMMED,
    )
    apply_preset(contest, "sikan")
    groups = {
        name: ContestantGroup.objects.create(contest=contest, name=name, order=order)
        for order, name in enumerate(dict.fromkeys(row[0] for row in units), start=1)
    }
    for order, (group, name, title, unit, topic) in enumerate(units, start=1):
        Contestant.objects.create(
            contest=contest,
            group=groups[group],
            name=name,
            title=title,
            unit=unit,
            topic=topic,
            order=order,
        )
    for order, name in enumerate(demo_names(12, seed=year + month), start=1):
        Judge.objects.create(contest=contest, name=name, unit="市人民政府", order=order)
    return contest


def seed(owner, password: str) -> list[str]:
    """seed_demo's part for series (scoring.demo.EXTRA_DEMOS)."""
    series = create_demo_series(owner, password)
    town = create_monthly_demo(owner, series.organisation, SUPERVISOR_USERNAME, series.year)
    return [
        f"已创建演示赛马系列 #{series.pk}：{series.title}（3 期已签字，已公布）",
        f"已创建三考三比月度系列 #{town.pk}：{town.title}（9月、10月两期已签字，无评委）",
        f"监督签字账号：{SUPERVISOR_USERNAME}  密码：{password}",
    ]


@transaction.atomic
def create_demo_series(owner, password: str, year: int | None = None) -> Series:
    """Three signed rounds: the owner signs 审核, a second demo account 监督."""
    today = dt.date.today()
    # The latest year whose three rounds are all behind us: a demo of past results.
    year = year or (today.year if today >= dt.date(today.year, 9, 19) else today.year - 1)
    supervisor, created = get_user_model().objects.get_or_create(
        username=SUPERVISOR_USERNAME, defaults={"first_name": "监督"}
    )
    if created:
        supervisor.set_password(password)
        supervisor.save()
    organisation = demo_organisation(owner)
    grant(organisation, supervisor, {Role.SUPERVISOR}, by=None)
    series = Series.objects.create(
        owner=owner,
        organisation=organisation,
        title=f"{year} 年度局长擂台赛赛马",
        year=year,
        cadence=Series.Cadence.QUARTER,
        publicity_contact="市委督查室，电话 0000-12345678",
    )
    groups = {
        name: SeriesGroup.objects.create(series=series, name=name, order=order)
        for order, name in enumerate(dict.fromkeys(row[0] for row in CONTESTANTS), start=1)
    }
    for order, (group, name, title, unit, _topic) in enumerate(CONTESTANTS, start=1):
        Entrant.objects.create(
            series=series,
            name=unit,
            short_name=unit.removeprefix("市"),
            group=groups[group],
            leader_name=name,
            leader_title=title,
            order=order,
        )
    for number, (label, month, day) in enumerate(ROUNDS, start=1):
        units = [row for row in CONTESTANTS if number > 1 or row[3] not in FIRST_ROUND_ABSENT]
        contest = _round_contest(owner, organisation, year, label, month, day, units)
        rounds.add_round(series, contest, label=f"{year}年{label}", weight=Decimal(1))
        live.start(contest)
        fill_sheets(contest, seed=year * 10 + number)
        live.finish(contest)
        recompute(contest.pk)
        version = results.results_snapshot(contest).version
        results.sign_off(contest, owner, official="张审核", role="review", version=version)
        results.sign_off(contest, supervisor, official="李监督", role="supervise", version=version)
    snapshot = standings.refresh(series, owner)
    series_results.sign_off(
        series, owner, official="张审核", role="review", version=snapshot.version
    )
    series_results.sign_off(
        series, supervisor, official="李监督", role="supervise", version=snapshot.version
    )
    series_results.publish(
        series,
        owner,
        text="对排名有异议的，请在公示期内书面实名反映。",
        days=5,
        holidays="",
        contact=series.publicity_contact,
    )
    return series
