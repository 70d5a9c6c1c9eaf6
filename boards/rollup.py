"""The boards part of an organisation's roll-up: each board, its series and latest month."""

from django.db.models import Count, Max
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from boards.models import Board


def boards_section(request: HttpRequest, organisation_ids: set[int]) -> dict:
    boards = (
        Board.objects.filter(series__organisation_id__in=organisation_ids)
        .select_related("series__organisation")
        .annotate(
            metric_count=Count("metrics", distinct=True),
            latest_month=Max("series__board_months__period"),
        )
        .order_by("-series__year", "series__organisation__name", "name")
    )
    return {"title": _("晒比榜"), "template": "boards/partials/rollup_boards.html", "rows": boards}
