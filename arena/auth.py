"""Organizer login with a rate limit: password guessing gets 429 long before it gets far."""

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from arena.ratelimit import allow

ATTEMPTS_PER_NAME = 10  # per 5 minutes, for one user name from anywhere
ATTEMPTS_PER_ADDRESS = 30  # per 5 minutes, from one address whatever the name
WINDOW_SECONDS = 300


class LoginView(auth_views.LoginView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        name = request.POST.get("username", "")[:150].strip().lower()
        address = request.META.get("REMOTE_ADDR", "")
        if not (
            allow("login-name", name, ATTEMPTS_PER_NAME, WINDOW_SECONDS)
            and allow("login-address", address, ATTEMPTS_PER_ADDRESS, WINDOW_SECONDS)
        ):
            form = self.get_form_class()(request)  # unbound: no password is checked at all
            context = self.get_context_data(
                form=form, throttled=_("登录尝试过于频繁，请 5 分钟后再试。")
            )
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)
