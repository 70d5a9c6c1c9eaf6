"""The contests part of an organisation's roll-up page (orgs.views.ROLLUP_SECTIONS)."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from contests.models import Contest
from scoring import results

STATUS_FILTERS = {
    "open": [Contest.Status.DRAFT, Contest.Status.LIVE, Contest.Status.CLOSED],
    "signed": [Contest.Status.SIGNED_OFF],
    "published": [Contest.Status.PUBLISHED],
}
SHOWN = 200  # the newest; a city's year of events fits


def contests_section(request: HttpRequest, organisation_ids: set[int]) -> dict:
    contests = Contest.objects.filter(organisation_id__in=organisation_ids)
    wanted = STATUS_FILTERS.get(request.GET.get("status", ""))
    if wanted:
        contests = contests.filter(status__in=wanted)
    rows = []
    for contest in contests.select_related("organisation").order_by("-date", "-id")[:SHOWN]:
        leaders = []
        if contest.status in {Contest.Status.SIGNED_OFF, Contest.Status.PUBLISHED}:
            snapshot = results.results_snapshot(contest)
            if snapshot is not None:
                leaders = [r for r in snapshot.data["results"] if r["rank"] and r["rank"] <= 3]
        rows.append({"contest": contest, "leaders": leaders})
    return {
        "title": _("活动"),
        "template": "scoring/partials/rollup_contests.html",
        "rows": rows,
    }
