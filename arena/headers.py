"""Response headers every page carries beyond Django's own security headers."""

from django.http import HttpRequest, HttpResponse

# The pages use no camera, microphone, location, payment or USB: say so, so that no script
# (nor an injected one) can ask for them.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

# Scripts only from this site's static files: no inline scripts or handlers, no eval (the
# pages' confirmations and the fallback poll live in static/js, not in attributes). Styles may
# be inline (style attributes, htmx's indicator style). Nothing is loaded from elsewhere: a
# venue's network is often cut off from the internet anyway.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
