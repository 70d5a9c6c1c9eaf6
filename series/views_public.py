"""The series' read-only pages: the public season page (after publication only) and a unit's
own 成绩单 behind its private link."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from arena.lib.workdays import window_of
from arena.text import form_id
from scoring.results import spaced
from series import charts, standings, tables
from series.entrants import by_token
from series.models import Series

# Further pages behind a unit's private link, added by apps built on series (followup: its
# matters): (label, URL name taking the unit's token).
ENTRANT_LINKS: list[tuple[object, str]] = []


@require_GET
def public_page(request: HttpRequest, token: str) -> HttpResponse:
    series = get_object_or_404(
        Series.objects.select_related("published_snapshot"), screen_token=token
    )
    snapshot = series.published_snapshot
    if snapshot is None:
        raise Http404
    return render(
        request,
        "series/public.html",
        {
            "series": series,
            "snapshot": snapshot,
            "matrix": tables.matrix(snapshot.data),
            "correcting": standings.correcting(standings.latest_snapshot(series)),
            "fingerprint_spaced": spaced(snapshot.fingerprint),
            "window": window_of(series),
            **charts.trend(snapshot.data, form_id(request.GET.get("unit", ""))),
        },
    )


@require_GET
def entrant_page(request: HttpRequest, token: str) -> HttpResponse:
    entrant = by_token(token)
    snapshot = standings.latest_snapshot(entrant.series) or standings.refresh(entrant.series)
    shown = tables.matrix(snapshot.data)
    row = next((r for r in shown["rows"] if r["id"] == entrant.pk), None)
    return render(
        request,
        "series/entrant.html",
        {
            "series": entrant.series,
            "entrant": entrant,
            "row": row,
            "rounds": list(zip(shown["rounds"], row["cells"], strict=True)) if row else [],
            "field": shown["ranked"],  # 累计名次 3 / 5: out of those ranked
            "links": [(label, reverse(name, args=[token])) for label, name in ENTRANT_LINKS],
            "sparklines": charts.unit_sparklines(snapshot.data, entrant.pk)
            if row and snapshot.data["counted"]
            else (),
            **charts.trend(snapshot.data, entrant.pk),
        },
    )
