"""Response headers every page carries beyond Django's own security headers."""

from django.http import HttpRequest, HttpResponse

# The pages use no camera, microphone, location, payment or USB: say so, so that no script
# (nor an injected one) can ask for them.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
