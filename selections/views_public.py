"""The 公示 page of a selection, for anyone with its link (the QR on the notice board): the
window, where to object, the names by category and unit. 404 before the 公示 opens."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from arena.lib.qr import qr_svg
from selections import outputs
from selections.models import Selection


@require_GET
def notice(request: HttpRequest, token: str) -> HttpResponse:
    selection = get_object_or_404(
        Selection.objects.select_related("organisation"), public_token=token
    )
    if selection.status == Selection.Status.DRAFT:
        raise Http404
    context = outputs.notice_context(selection)
    context["qr"] = qr_svg(request.build_absolute_uri())
    return render(request, "selections/notice.html", context)
