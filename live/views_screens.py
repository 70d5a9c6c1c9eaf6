"""Public screens (the projector's 大屏 and the audience's phones) and the organizer console's
stream. Read-only pages; their live updates arrive by push (live/hub.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from arena.lib.qr import qr_svg
from arena.public import public_url
from contests.permissions import organizer_contest, screen_contest
from live.frames import Feed, frame_context, frame_html
from live.hub import Stream
from live.streams import messages


def _page(request: HttpRequest, token: str, template: str, layout: str) -> HttpResponse:
    contest = screen_contest(token)
    audience_url = public_url(request, reverse("screen:audience", args=[token]))
    context = frame_context(contest)
    return render(
        request,
        template,
        {
            **context,
            "token": token,
            "audience_url": audience_url,
            "audience_qr": qr_svg(audience_url, scale=3),
            "frame": frame_html(contest, layout, context),
        },
    )


@require_GET
def projector(request: HttpRequest, token: str) -> HttpResponse:
    return _page(request, token, "screens/projector.html", "projector")


@require_GET
def audience(request: HttpRequest, token: str) -> HttpResponse:
    return _page(request, token, "screens/audience.html", "phone")


@require_GET
def frame(request: HttpRequest, token: str) -> HttpResponse:
    """The current frame as an htmx partial (`layout=phone` for the audience page): what a
    page polls while its stream is broken."""
    contest = screen_contest(token)
    layout = "phone" if request.GET.get("layout") == "phone" else "projector"
    response = HttpResponse(frame_html(contest, layout))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def served_before_django(request: HttpRequest, token: str) -> HttpResponse:
    """/s/<token>/events/ and /j/<token>/events/ are served by live/streams.py, which
    arena/asgi.py routes before Django; these names exist for reverse() in templates."""
    raise Http404


@login_required
def console_events(request: HttpRequest, pk: int) -> HttpResponse:
    """The organizer console's stream: n/N, who is missing, new feedback (`console` events).
    Django's view, for its login and ownership checks; the stream itself runs on the loop."""
    contest = organizer_contest(request, pk)
    feed = Feed("console", language=get_language())
    response = StreamingHttpResponse(
        messages(contest.pk, feed, Stream()), content_type="text/event-stream; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache, no-store"
    response["X-Accel-Buffering"] = "no"
    return response
