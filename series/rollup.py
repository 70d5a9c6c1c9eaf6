"""The series part of an organisation's roll-up: a city compares its counties' 赛马 series
side by side (rounds counted, units, who leads)."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from series import tables
from series.models import Series


def series_section(request: HttpRequest, organisation_ids: set[int]) -> dict:
    chosen = Series.objects.filter(organisation_id__in=organisation_ids)
    status = request.GET.get("status", "")
    if status == "published":
        chosen = chosen.filter(published_at__isnull=False)
    elif status == "open":
        chosen = chosen.filter(published_at__isnull=True)
    rows = []
    for series in chosen.select_related("organisation").order_by("-year", "organisation__name"):
        snapshot = series.snapshots.order_by("-version").first()
        data = snapshot.data if snapshot else {"entrants": [], "rounds": []}
        ranked = [e for e in data["entrants"] if e["rank"] is not None]
        rows.append(
            {
                "series": series,
                "counted": len(tables.counted_rounds(data)) if snapshot else 0,
                "units": len(data["entrants"]),
                "leaders": [e for e in ranked if e["rank"] <= 3],
            }
        )
    return {"title": _("赛马系列"), "template": "series/partials/rollup_series.html", "rows": rows}
