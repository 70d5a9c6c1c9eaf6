"""#30: a monthly 晒比会 runs end to end without judges — no 评分项, no judges, indicator scores
alone — and says so in its own words on every page and file (case 6)."""

import datetime as dt
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from contests import live
from contests.kinds import apply_kind_defaults
from contests.models import Contest, Contestant, Indicator, LiveState
from scoring import results
from scoring.indicators import save_scores
from scoring.standings import recompute
from series import rounds, standings
from tests.conftest import grant_role
from tests.test_series_rounds import UNITS, make_series


def pages(client, contest: Contest) -> dict[str, str]:
    """Every page and file a contest without judges has, in its present state, as text."""
    from contests.collections import STEPS
    from contests.templatetags.arena_tags import setup_steps

    pk = contest.pk
    organizer = {
        "basics": reverse("organizer:contest_basics", args=[pk]),
        "copy": reverse("organizer:contest_copy", args=[pk]),
        "console": reverse("organizer:live_control", args=[pk]),
        "indicators table": reverse("organizer:indicator_table", args=[pk]),
        "results": reverse("organizer:results", args=[pk]),
        "remarks panel": reverse("followup:remarks", args=[pk]),
        "pledge panel": reverse("boards:pledges", args=[pk]),
        **{
            f"step {key}": reverse("organizer:contest_step", args=[pk, key])
            for key, _label in setup_steps(contest, STEPS)
            if key not in {"basics", "live", "results"}
        },
    }
    public = {
        "projector": reverse("screen:projector", args=[contest.screen_token]),
        "audience": reverse("screen:audience", args=[contest.screen_token]),
        "frame": reverse("screen:frame", args=[contest.screen_token]),
    }
    shown = {}
    for name, url in organizer.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        shown[name] = response.content.decode()
    for name, url in public.items():
        response = Client().get(url)
        assert response.status_code == 200, (name, response.status_code)
        shown[name] = response.content.decode()
    for screen in ("board", "stage", "scores", "reveal", "awards"):
        LiveState.objects.filter(contest=pk).update(screen=screen)
        shown[f"frame {screen}"] = Client().get(public["frame"]).content.decode()
    if contest.status not in {Contest.Status.DRAFT, Contest.Status.LIVE}:
        csv = client.get(reverse("organizer:results_export", args=[pk, "results", "csv"]))
        shown["results.csv"] = csv.content.decode("utf-8-sig")
        xlsx = client.get(reverse("organizer:results_export", args=[pk, "results", "xlsx"]))
        shown["results.xlsx"] = " ".join(
            str(cell) for sheet in load_workbook(io.BytesIO(xlsx.content))
            for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None
        )  # fmt: skip
        for kind in ("sheets", "audit"):  # judges' sheets: this kind has none
            url = reverse("organizer:results_export", args=[pk, kind, "csv"])
            assert client.get(url).status_code == 404, kind
        url = reverse("organizer:signature_sheets", args=[pk])
        assert client.get(url).status_code == 404
        from scoring import report

        shown["report"] = report.report_html(contest, results.results_snapshot(contest))
    assert client.get(reverse("organizer:audit_log", args=[pk])).status_code == 404  # judges'
    for step in ("criteria", "judges"):  # steps this kind does not have
        url = reverse("organizer:contest_step", args=[pk, step])
        assert client.get(url).status_code == 404, step
    return shown


SCORES = {"甲": ("9.5", "4.0"), "乙": ("8.0", "5.0"), "丙": ("7.5", "3.5")}


def showcase(owner, series) -> Contest:
    contest = Contest(
        owner=owner, organisation=series.organisation, title="11月晒比会",
        date=dt.date(2026, 11, 20), kind=Contest.Kind.SHOWCASE,
    )  # fmt: skip
    apply_kind_defaults(contest)
    contest.save()
    for order, short in enumerate(SCORES, start=1):
        Contestant.objects.create(
            contest=contest, name=f"{short}书记", unit=UNITS[short], order=order
        )
    Indicator.objects.create(contest=contest, name="村集体增收", max_score=10, order=1)
    Indicator.objects.create(contest=contest, name="人居环境", max_score=5, order=2)
    rounds.add_round(series, contest, label="2026年11月")
    return contest


def enter_scores(contest) -> None:
    items = list(contest.indicators.order_by("order"))
    cells = {}
    for presenter in contest.contestants.all():
        short = next(s for s, unit in UNITS.items() if unit == presenter.unit)
        for item, value in zip(items, SCORES[short], strict=True):
            cells[(item.pk, presenter.pk)] = value
    assert save_scores(contest, cells) == {}


def test_a_showcase_without_judges_runs_signs_and_counts(organizer, supervisor, organizer_client):
    series = make_series(organizer)
    contest = showcase(organizer, series)
    assert contest.judge_weight == 0 and not contest.criteria.exists()
    states = {"draft": pages(organizer_client, contest)}
    live.start(contest)  # no 评分项 needed: it has no judges
    live.put_on_stage(contest, contest.contestants.first())
    enter_scores(contest)
    contest.refresh_from_db()
    states["live"] = pages(organizer_client, contest)
    live.finish(contest)
    recompute(contest.pk)
    contest.refresh_from_db()
    grant_role(contest.organisation, supervisor, "reviewer", "supervisor")
    version = results.results_snapshot(contest).version
    results.sign_off(contest, organizer, official="张审核", role="review", version=version)
    results.sign_off(contest, supervisor, official="李监督", role="supervise", version=version)
    contest.refresh_from_db()
    assert contest.status in Contest.SIGNED_STATUSES
    states["signed"] = pages(organizer_client, contest)
    totals = {r["unit"]: r["total"] for r in results.results_snapshot(contest).data["results"]}
    # the indicator scores added up: 甲 9.5 + 4.0, 乙 8.0 + 5.0, 丙 7.5 + 3.5
    assert [totals[UNITS[s]] for s in "甲乙丙"] == ["13.50", "13.00", "11.00"]
    data = standings.latest_snapshot(series).data
    counted = [r for r in data["rounds"] if r["status"] == "counted"]
    assert len(counted) == 1  # counts in its series
    found = sorted(
        {
            (state, name, text[max(0, i - 30) : i + 12])
            for state, shown in states.items()
            for name, text in shown.items()
            for i in [m.start() for m in re.finditer("评委", text)]
        }
    )
    assert found == [], "\n".join(map(str, found))
    # and the screens the hall sees speak of no scoring at all: the figures were entered
    scoring = sorted(
        (state, name, text[max(0, i - 30) : i + 12])
        for state, shown in states.items()
        for name, text in shown.items()
        if name in {"projector", "audience"} or name.startswith("frame")
        for i in [m.start() for m in re.finditer("评分", text)]
    )
    assert scoring == [], "\n".join(map(str, scoring))


def test_a_baseline_logged_with_the_judges_rules_still_replays(organizer):
    """Contests without judges that started before their judges' rules were left out of the
    setup log keep a baseline holding them: verify_audit's replay still matches."""
    from contests.changelog import results_setup, setup_mismatches
    from contests.models import SetupChange

    series = make_series(organizer)
    contest = showcase(organizer, series)
    older = {f"rules.{k}": [None, "0"] for k in ("aggregation", "trim_count", "judge_weight")}
    older |= {path: [None, value] for path, value in results_setup(contest).items()}
    SetupChange.objects.create(contest=contest, summary="开始：设置基线", changes=older)
    assert setup_mismatches(contest) == []


@pytest.mark.parametrize(
    "kind",
    [Contest.Kind.SHOWCASE, Contest.Kind.REPORT, Contest.Kind.PLEDGE, Contest.Kind.BENCHMARK],
)
def test_kinds_without_judges_start_without_criteria(organizer, kind):
    """晒比会, 工作汇报会, 表态会 and 对标交流会 have no judges (#30 item 1): no 评分项 needed."""
    contest = Contest(owner=organizer, title="月度会", date=dt.date(2026, 11, 20), kind=kind)
    apply_kind_defaults(contest)
    contest.save()
    assert (contest.judge_weight, contest.indicator_weight) == (0, 100)
    Contestant.objects.create(contest=contest, name="甲书记", unit="甲村", order=1)
    live.start(contest)
    assert Contest.objects.get(pk=contest.pk).status == Contest.Status.LIVE
