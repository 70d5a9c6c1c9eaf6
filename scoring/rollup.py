"""The contests part of an organisation's roll-up page (orgs.views.ROLLUP_SECTIONS)."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from contests.models import Contest
from scoring import results
from scoring.models import SignOff

STATUS_FILTERS = {
    "open": [Contest.Status.DRAFT, Contest.Status.LIVE, Contest.Status.CLOSED],
    "signed": [Contest.Status.SIGNED_OFF, Contest.Status.SIGNED],
    "published": [Contest.Status.PUBLISHED],
}
SHOWN = 200  # the newest; a city's year of events fits


def contests_section(request: HttpRequest, organisation_ids: set[int]) -> dict:
    contests = Contest.objects.filter(organisation_id__in=organisation_ids)
    wanted = STATUS_FILTERS.get(request.GET.get("status", ""))
    if wanted:
        contests = contests.filter(status__in=wanted)
    shown = list(contests.select_related("organisation").order_by("-date", "-id")[:SHOWN])
    # The signed version of every signed contest in one query (each one's active signatures
    # are on the same version), not a look-up per row.
    signed = {}
    for signoff in SignOff.objects.filter(
        contest__in=[c for c in shown if c.status in results.SIGNED], revoked_at__isnull=True
    ).select_related("snapshot"):
        signed.setdefault(signoff.contest_id, signoff.snapshot)
    rows = []
    for contest in shown:
        snapshot = signed.get(contest.pk)
        leaders = snapshot.data["results"] if snapshot else []
        rows.append(
            {"contest": contest, "leaders": [r for r in leaders if r["rank"] and r["rank"] <= 3]}
        )
    return {
        "title": _("活动"),
        "template": "scoring/partials/rollup_contests.html",
        "rows": rows,
    }
