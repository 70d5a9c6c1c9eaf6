"""What officials' systems read, as JSON: a contest's published results, a series' standings,
its 事项台账 and a month of its boards. Read-only (GET), with the permissions of the pages:
a signed-in reader of the organisation, or a read token of it or of an organisation above it
(orgs/read_tokens.py). Each answer carries the same table the page's CSV/XLSX file carries
(`columns`, `rows`, built by the same function), so the figures are the files' figures;
decimals are strings, as published ("86.67"), never floats."""

from __future__ import annotations

import copy
import datetime as dt
import re

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from boards import outputs as board_outputs
from contests.models import Contest
from followup import tables as followup_tables
from orgs import read_tokens
from orgs.models import Organisation
from scoring import exports, results
from series import monthly, standings, tables
from series.cumulative import METHODS
from series.models import Series

MONTH = re.compile(r"(20[0-9]{2})-(0[1-9]|1[0-2])")


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _answer(view):
    """Refusals as JSON with a message; 401 names the scheme the caller should use."""

    def wrapped(request: HttpRequest, *args, **kwargs) -> JsonResponse:
        try:
            return JsonResponse(
                view(request, *args, **kwargs), json_dumps_params={"ensure_ascii": False}
            )
        except Refused as refusal:
            response = JsonResponse(
                {"message": refusal.message},
                status=refusal.status,
                json_dumps_params={"ensure_ascii": False},
            )
            if refusal.status == 401:
                response["WWW-Authenticate"] = 'Bearer realm="arena"'
            return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return require_GET(wrapped)


def _readable(request: HttpRequest, organisation: Organisation) -> None:
    """As the pages: anyone else gets 404, so ids reveal nothing; no credentials, 401."""
    token = read_tokens.presented(request)
    if token is None and request.headers.get("Authorization"):
        raise Refused(401, "令牌无效或已吊销。")
    if token is None and not request.user.is_authenticated:
        raise Refused(401, "请登录，或在 Authorization: Bearer 中提供只读接口令牌。")
    if not read_tokens.may_read(request.user, token, organisation):
        raise Refused(404, "没有这个对象。")


def _table(rows: list[list]) -> dict:
    header, *body = rows
    return {"columns": header, "rows": body}


def _series(request: HttpRequest, pk: int) -> Series:
    series = Series.objects.select_related("organisation").filter(pk=pk).first()
    if series is None:
        raise Refused(404, "没有这个对象。")
    _readable(request, series.organisation)
    return series


@_answer
def contest_results(request: HttpRequest, pk: int) -> dict:
    """The signed results of a contest once published (公示), as its results file."""
    contest = Contest.objects.select_related("organisation").filter(pk=pk).first()
    if contest is None:
        raise Refused(404, "没有这个对象。")
    _readable(request, contest.organisation)
    snapshot = results.signed_snapshot(contest)
    if contest.status != Contest.Status.PUBLISHED or snapshot is None:
        raise Refused(404, "结果尚未公示。")
    return {
        "contest": {"id": contest.pk, "title": contest.title, "date": contest.date.isoformat()},
        "version": snapshot.version,
        "fingerprint": results.fingerprint(contest, snapshot.data),
        **_table(exports.awarded_results_table(contest, snapshot)),
    }


@_answer
def series_standings(request: HttpRequest, pk: int) -> dict:
    """The cumulative standings: the series' own method from its latest version (as the page
    and its files), or ?method= another, computed now from the same counted rounds."""
    series = _series(request, pk)
    method = request.GET.get("method") or series.method
    if method not in METHODS:
        raise Refused(422, f"method 须为 {'、'.join(METHODS)} 之一。")
    snapshot = standings.latest_snapshot(series) or standings.refresh(series)
    if method == series.method:
        data, version = snapshot.data, snapshot.version
    else:
        other = copy.copy(series)
        other.method = method
        data, version = standings.compute(other), None
    return {
        "series": {"id": series.pk, "title": series.title, "year": series.year},
        "method": method,
        "version": version,  # None: computed for another method, never signed
        "fingerprint": snapshot.fingerprint if version else None,
        **dict(zip(("columns", "rows"), tables.matrix_table(data), strict=True)),
    }


@_answer
def round_board(request: HttpRequest, pk: int, number: int) -> dict:
    """A signed round's 三考三比 月度榜单, as its XLSX (series/monthly.py)."""
    series = _series(request, pk)
    rnd = series.rounds.select_related("contest").filter(number=number).first()
    if rnd is None:
        raise Refused(404, "没有这个对象。")
    if rnd.contest.status not in {Contest.Status.SIGNED, Contest.Status.PUBLISHED}:
        raise Refused(404, "本期结果尚未签齐两项签字。")
    return {
        "series": {"id": series.pk, "title": series.title},
        "round": {"number": rnd.number, "label": rnd.label},
        **_table(monthly.table(rnd)),
    }


def _month(text: str) -> dt.date:
    match = MONTH.fullmatch(text)
    if match is None:
        raise Refused(422, "月份须写成 YYYY-MM，如 2026-11。")
    return dt.date(int(match[1]), int(match[2]), 1)


@_answer
def series_ledger(request: HttpRequest, pk: int) -> dict:
    """The 事项台账 as the month's 汇报表 (?month=YYYY-MM, default this month; ?action=)."""
    series = _series(request, pk)
    today = timezone.localdate()
    month = _month(request.GET["month"]) if request.GET.get("month") else today.replace(day=1)
    rows = followup_tables.month_report(series, month, today, request.GET.get("action", ""))
    return {
        "series": {"id": series.pk, "title": series.title},
        "month": f"{month:%Y-%m}",
        **_table(followup_tables.report_table(rows)),
    }


@_answer
def board_month(request: HttpRequest, pk: int, month: str) -> dict:
    """A month of the series' boards, each as its sheet of the month's XLSX."""
    series = _series(request, pk)
    period = _month(month)
    return {
        "series": {"id": series.pk, "title": series.title},
        "month": f"{period:%Y-%m}",
        "boards": [
            {"name": name, **_table(table)}
            for name, table in board_outputs.period_tables(series, period)
        ],
    }
