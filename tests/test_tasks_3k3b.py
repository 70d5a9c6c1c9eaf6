"""#30 item 3–4: 三考三比 tasks — dimension, 共性/个性 scope, `sum` and `percent` composites, the X
pool, 全科/偏科 and the 月度榜单 (page, PDF, XLSX) with the figures of capabilities.md §C6."""

import datetime as dt
import io
import re
import subprocess
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contests import live
from contests.kinds import apply_kind_defaults
from contests.models import Contest, Contestant, ContestantGroup, Indicator
from scoring import engine
from scoring.indicators import pool_problems, save_scores
from scoring.standings import recompute
from scoring.taskboard import board
from series import monthly, rounds
from series.models import Entrant, Series

# capabilities.md §C6 (5): 15 common tasks, maxima summing to 90, X pool 10.
COMMON = [
    ("疫情防控", "10", "speed"),
    ("“一户多宅”清理整治", "10", "speed"),
    ("村集体增收", "6", "force"),
    ("共性任务4", "6", "speed"),
    ("共性任务5", "6", "speed"),
    ("共性任务6", "6", "speed"),
    ("共性任务7", "5", "force"),
    ("共性任务8", "6", "force"),
    ("共性任务9", "6", "force"),
    ("共性任务10", "5", "force"),
    ("共性任务11", "5", "force"),
    ("共性任务12", "5", "style"),
    ("共性任务13", "5", "style"),
    ("共性任务14", "5", "style"),
    ("共性任务15", "4", "style"),
]
NANSHAN = [
    "9.88",
    "9.75",
    "5.5",
    "5.70",
    "5.80",
    "5.64",
    "5",
    "6",
    "5.50",
    "5",
    "5",
    "5",
    "5",
    "5",
    "4",
]
XIAHE = ["10", "9.8", "3.0", "5.80", *[m for _, m, _ in COMMON[4:]]]
VILLAGES = {"南山村": "第一组", "下河村": "第一组", "上塘村": "第二组"}


def make_month(owner, title="10月三考三比", *, composite="sum", series=None) -> Contest:
    contest = Contest(
        owner=owner, title=title, date=dt.date(2026, 10, 31), kind=Contest.Kind.SHOWCASE,
        indicator_composite=composite,
    )  # fmt: skip
    apply_kind_defaults(contest)
    contest.save()
    groups = {
        name: ContestantGroup.objects.create(contest=contest, name=name, order=order)
        for order, name in enumerate(sorted(set(VILLAGES.values())), start=1)
    }
    for order, (village, group) in enumerate(VILLAGES.items(), start=1):
        Contestant.objects.create(
            contest=contest, name=f"{village}书记", unit=village, order=order, group=groups[group]
        )
    for order, (name, maximum, dimension) in enumerate(COMMON, start=1):
        Indicator.objects.create(
            contest=contest, name=name, max_score=D(maximum), dimension=dimension, order=order
        )
    return contest


def own_task(contest, name, maximum, dimension, *villages) -> Indicator:
    task = Indicator.objects.create(
        contest=contest, name=name, max_score=D(maximum), dimension=dimension,
        scope=Indicator.Scope.OWN, order=contest.indicators.count() + 1,
    )  # fmt: skip
    task.contestants.set(contest.contestants.filter(unit__in=villages))
    return task


def village(contest, name) -> Contestant:
    return contest.contestants.get(unit=name)


def enter(contest, name, values: dict) -> None:
    presenter = village(contest, name)
    cells = {(contest.indicators.get(name=task).pk, presenter.pk): v for task, v in values.items()}
    assert save_scores(contest, cells) == {}


def october(owner, **fields) -> Contest:
    """Cases 1 and 2: 南山村 with X tasks A 4.50/5 and B 5/5; 下河村 with one X task 9.0/10;
    上塘村 (another 小组) with one X task of 10."""
    contest = make_month(owner, **fields)
    own_task(contest, "个性任务A", "5", "force", "南山村")
    own_task(contest, "个性任务B", "5", "style", "南山村")
    own_task(contest, "个性任务C", "10", "force", "下河村")
    own_task(contest, "个性任务D", "10", "speed", "上塘村")
    names = [name for name, _, _ in COMMON]
    enter(
        contest,
        "南山村",
        dict(zip(names, NANSHAN, strict=True)) | {"个性任务A": "4.50", "个性任务B": "5"},
    )
    enter(contest, "下河村", dict(zip(names, XIAHE, strict=True)) | {"个性任务C": "9.0"})
    enter(contest, "上塘村", dict.fromkeys(names, "4") | {"个性任务D": "8"})
    recompute(contest.pk)
    return contest


def test_nanshan_and_xiahe_on_the_board(organizer):
    """Cases 1 and 2: 97.27 with 速度 36.77 / 力度 36.50 / 尺度 24.00 and 全科; 95.60, 偏科 on
    村集体增收 3.0/6 (50%); 小组 ranks 1 and 2."""
    shown = board(october(organizer))
    assert shown.columns == ["速度", "力度", "尺度"]
    rows = {row.unit: row for row in shown.rows}
    nanshan, xiahe = rows["南山村"], rows["下河村"]
    assert nanshan.composite == D("97.27")
    assert nanshan.subtotals == [D("36.77"), D("36.50"), D("24.00")]
    assert nanshan.verdict == "全科"
    assert xiahe.composite == D("95.60")
    assert xiahe.verdict == "偏科：村集体增收 3.0/6（50%）"
    assert (nanshan.place, xiahe.place) == (1, 2)
    assert [group for group, _ in shown.groups] == ["第一组", "第二组"]
    assert rows["上塘村"].place == 1  # first of its own 小组
    for row in shown.rows:  # the subtotals add up to each composite
        assert sum(row.subtotals) == row.composite


def test_another_villages_task_is_blank_and_locked(organizer, organizer_client):
    contest = october(organizer)
    task = contest.indicators.get(name="个性任务A")
    xiahe = village(contest, "下河村")
    assert save_scores(contest, {(task.pk, xiahe.pk): "3"}) == {
        (task.pk, xiahe.pk): "此项个性任务不适用"
    }
    page = organizer_client.get(reverse("organizer:indicator_table", args=[contest.pk]))
    html = page.content.decode()
    assert f'name="v-{task.pk}-{xiahe.pk}"' not in html  # no input to post
    assert f'name="v-{task.pk}-{village(contest, "南山村").pk}"' in html
    assert html.count('class="locked"') == 3 * 4 - 4  # 4 X tasks × 3 villages, 4 of them theirs


def test_x_maxima_short_of_the_pool_cannot_be_closed(organizer, organizer_client):
    """Case 3: a village whose X maxima add up to 8."""
    contest = make_month(organizer)
    own_task(contest, "个性任务A", "5", "force", "南山村")
    own_task(contest, "个性任务B", "3", "style", "南山村")
    own_task(contest, "个性任务C", "10", "force", "下河村", "上塘村")
    assert pool_problems(contest) == ["南山村书记：个性任务满分合计须为 10，当前为 8"]
    live.start(contest)
    url = reverse("organizer:live_finish", args=[contest.pk])
    response = organizer_client.post(url, follow=True)
    assert "个性任务满分合计须为 10，当前为 8" in response.content.decode()
    contest.refresh_from_db()
    assert contest.status == Contest.Status.LIVE  # not closed
    task = contest.indicators.get(name="个性任务B")
    task.max_score = D(5)
    task.save()
    assert pool_problems(contest) == []
    organizer_client.post(url, {"confirmed": "1"})
    contest.refresh_from_db()
    assert contest.status == Contest.Status.CLOSED


def test_percent_mode_puts_15_plus_1_and_15_plus_3_out_of_100(organizer):
    """Case 4: Σ score ÷ Σ max × 100 over each village's own tasks."""
    contest = make_month(organizer, composite="percent")
    own_task(contest, "个性任务A", "10", "force", "南山村")
    for name, maximum in (("个性任务B", "4"), ("个性任务C", "4"), ("个性任务D", "7")):
        own_task(contest, name, maximum, "style", "下河村")
    assert pool_problems(contest) == []  # percent mode has no pool
    names = [name for name, _, _ in COMMON]
    full = {name: maximum for name, maximum, _ in COMMON}
    enter(contest, "南山村", full | {"个性任务A": "10"})
    enter(contest, "下河村", full | {"个性任务B": "4", "个性任务C": "4", "个性任务D": "7"})
    half = {name: str(D(maximum) / 2) for name, maximum, _ in COMMON}
    enter(contest, "上塘村", half)
    recompute(contest.pk)
    rows = {row.unit: row for row in board(contest).rows}
    assert rows["南山村"].composite == rows["下河村"].composite == D("100.00")
    assert rows["上塘村"].composite == D("50.00")  # 45 of its 90 (no X task)
    assert sum(rows["下河村"].subtotals) == D("100.00")
    assert names  # the 15 common tasks count for every village


def test_engine_percent_mode_by_hand():
    """3 of 4 and 6 of 6 → 9 ÷ 10 × 100; a task of someone else's is not counted."""
    tasks = [
        engine.Indicator("a", D(4), dimension="speed"),
        engine.Indicator("b", D(6), dimension="force", applies_to=frozenset({"p"})),
        engine.Indicator("c", D(10), applies_to=frozenset({"q"})),
    ]
    scores = {("a", "p"): D(3), ("b", "p"): D(6), ("c", "p"): D(10)}
    rules = engine.Rules(judge_weight=D(0), indicator_weight=D(100), composite="percent")
    [result] = engine.compute([engine.Contestant("p")], [], [], [], rules, tasks, scores)
    assert result.total == D("90.00")
    assert result.dimensions == {"speed": D("30.00"), "force": D("60.00")}


def test_subtotals_share_out_the_rounding():
    """Three parts of 33.333… each: rounded alone they add to 99.99, shared out to 100.00."""
    tasks = [engine.Indicator(k, D(1), dimension=k) for k in "xyz"]
    scores = {(k, "p"): D(1) for k in "xyz"}
    rules = engine.Rules(judge_weight=D(0), indicator_weight=D(100), composite="percent")
    [result] = engine.compute([engine.Contestant("p")], [], [], [], rules, tasks, scores)
    assert result.total == D("100.00")
    assert list(result.dimensions.values()) == [D("33.34"), D("33.33"), D("33.33")]


def test_a_scored_task_cannot_be_taken_from_its_village(organizer, organizer_client):
    contest = october(organizer)
    task = contest.indicators.get(name="个性任务A")
    url = reverse("organizer:item_edit", args=[contest.pk, "indicators", task.pk])
    posted = {
        "name": task.name, "max_score": "5", "weight": "1", "dimension": "force",
        "scope": "own", "contestants": [village(contest, "下河村").pk],
    }  # fmt: skip
    response = organizer_client.post(url, posted)
    assert "以下汇报人已有此项得分，请先在指标得分表中清除：南山村书记" in response.content.decode()
    assert list(task.contestants.values_list("unit", flat=True)) == ["南山村"]


def test_setup_form_sets_dimension_and_scope(organizer, organizer_client):
    contest = make_month(organizer)
    url = reverse("organizer:item_add", args=[contest.pk, "indicators"])
    posted = {
        "name": "个性任务E", "max_score": "10", "weight": "1", "dimension": "style",
        "scope": "own", "contestants": [village(contest, "上塘村").pk],
    }  # fmt: skip
    organizer_client.post(url, posted)
    task = contest.indicators.get(name="个性任务E")
    assert task.dimension_label == "尺度" and task.scope_label == "个性：上塘村"
    organizer_client.post(url, posted | {"name": "个性任务F", "contestants": []})
    assert not contest.indicators.filter(name="个性任务F").exists()  # 个性 needs its villages
    contest.dimension_labels = "快/实/严"
    contest.save()
    page = organizer_client.get(reverse("organizer:contest_step", args=[contest.pk, "indicators"]))
    assert "快" in page.content.decode()
    task = Indicator.objects.get(pk=task.pk)
    assert task.dimension_label == "严"


def pdf_text(body: bytes, tmp_path) -> str:
    path = tmp_path / "board.pdf"
    path.write_bytes(body)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def month_series(owner) -> Series:
    series = Series.objects.create(owner=owner, title="碧湖镇三考三比", year=2026)
    for order, name in enumerate(VILLAGES, start=1):
        Entrant.objects.create(series=series, name=name, short_name=name, order=order)
    return series


def test_the_month_as_page_pdf_and_xlsx(organizer, organizer_client, tmp_path):
    """Case 7 and item 4: one table per 小组; the PDF's subtotals add up to each composite; the
    XLSX keeps numbers as numbers; the page changes on last month."""
    series = month_series(organizer)
    september = october(organizer, title="9月三考三比")
    rounds.add_round(series, september, label="2026年9月")
    enter(september, "南山村", {"疫情防控": "8.88"})  # one point less than in October
    recompute(september.pk)
    contest = october(organizer)
    rnd = rounds.add_round(series, contest, label="2026年10月")
    text = pdf_text(monthly.pdf(rnd), tmp_path)
    assert "月度榜单" in text and "第一组" in text and "第二组" in text
    assert text.index("第一组") < text.index("南山村") < text.index("第二组")
    for line in text.splitlines():
        figures = re.findall(r"\d+\.\d{2}", re.split("全科|偏科", line)[0])
        if "村" in line and len(figures) >= 4:  # composite, 较上月, then the subtotals
            composite, *rest = figures
            subtotals = rest[-3:]
            assert sum(map(D, subtotals)) == D(composite), line
    assert "▲1.00" in text  # 南山村: 96.27 in September
    assert "偏科：村集体增收 3.0/6（50%）" in text
    book = load_workbook(io.BytesIO(monthly.xlsx(rnd)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("小组", "小组名次", "单位", "综合得分", "较上月")
    nanshan = next(r for r in rows if r[2] == "南山村")
    assert nanshan[3] == pytest.approx(97.27) and isinstance(nanshan[3], (int, float))
    assert nanshan[4] == pytest.approx(1.0) and nanshan[5:8] == (36.77, 36.5, 24.0)
    page = organizer_client.get(reverse("series:board", args=[series.pk, rnd.number]))
    html = page.content.decode()
    assert page.status_code == 200 and "97.27" in html and "▲1.00" in html
    entrant = series.entrants.get(name="南山村")
    profile = organizer_client.get(reverse("series:task_profile", args=[series.pk, entrant.pk]))
    shown = profile.content.decode()
    assert profile.status_code == 200 and "2026年9月" in shown and "个性任务A" in shown
    for kind in ("pdf", "xlsx"):
        url = reverse("series:board_file", args=[series.pk, rnd.number, kind])
        assert organizer_client.get(url).status_code == 200


def test_next_month_copies_tasks_with_scope_and_no_scores(organizer):
    """Case 5 with X tasks: the copy lists the copied villages, never the scores."""
    from contests.setup import copy_contest

    contest = october(organizer)
    assert contest.indicators.count() == 19
    copy = copy_contest(
        contest, organizer, title="11月", date=dt.date(2026, 11, 30), include_contestants=True
    )
    assert copy.indicators.count() == 19
    assert not Indicator.objects.filter(contest=copy, scores__isnull=False).exists()
    task = copy.indicators.get(name="个性任务A")
    assert task.scope == "own" and task.dimension == "force"
    assert list(task.contestants.values_list("unit", flat=True)) == ["南山村"]
    assert task.contestants.get().contest_id == copy.pk
    assert copy.indicator_composite == contest.indicator_composite


def test_the_projector_shows_the_board_a_page_per_group(organizer, organizer_client):
    """Item 4: the 月度榜单 on the projector, paged like the 晒比榜, once totals may be shown."""
    from django.test import Client

    contest = october(organizer)
    live.set_screen(contest, "monthly")
    frame = reverse("screen:frame", args=[contest.screen_token])
    assert "审核签字后公布月度榜单" in Client().get(frame).content.decode()  # totals hidden
    Contest.objects.filter(pk=contest.pk).update(show_totals=True)
    html = Client().get(frame).content.decode()
    assert html.count('class="page"') == 2  # 第一组, 第二组
    assert "97.27" in html and "偏科：村集体增收 3.0/6（50%）" in html
    console = organizer_client.get(reverse("organizer:live_control", args=[contest.pk]))
    assert 'value="monthly"' in console.content.decode()  # the console offers the screen


def test_the_json_interface_gives_a_signed_months_board(organizer, supervisor, organizer_client):
    """/api/v1/series/<id>/rounds/<n>/board: the XLSX's table, only once both have signed."""
    from scoring import results
    from tests.conftest import grant_role

    series = month_series(organizer)
    contest = october(organizer)
    rnd = rounds.add_round(series, contest, label="2026年10月")
    url = reverse("api:round_board", args=[series.pk, rnd.number])
    assert organizer_client.get(url).status_code == 404  # not signed yet
    live.start(contest)
    live.finish(contest)
    recompute(contest.pk)
    grant_role(contest.organisation, supervisor, "reviewer", "supervisor")
    version = results.results_snapshot(contest).version
    results.sign_off(contest, organizer, official="张审核", role="review", version=version)
    results.sign_off(contest, supervisor, official="李监督", role="supervise", version=version)
    answer = organizer_client.get(url).json()
    assert answer["columns"][:4] == ["小组", "小组名次", "单位", "综合得分"]
    nanshan = next(row for row in answer["rows"] if row[2] == "南山村")
    assert nanshan[1] == 1 and nanshan[3] == "97.27" and nanshan[-1] == "全科"
