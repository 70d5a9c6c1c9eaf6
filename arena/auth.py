"""Organizer login with a rate limit: password guessing gets 429 long before it gets far.

Only failed attempts count, per address and per user name (normalised as Django's login form
normalises it, NFKC, and case-folded, so "ｏｒｇａｎｉｚｅｒ" is the same name). A name under attack
stays open to an address that has not failed yet: a stranger's guesses cannot lock the real
organizer out, since a correct password from a clean address still gets in. With Redis down the
counters live in each web process (arena/ratelimit.py), so the limits still hold per process.
"""

import unicodedata

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from arena.ratelimit import count, peek

FAILURES_PER_NAME = 10  # per 5 minutes, for one user name from anywhere
FAILURES_PER_ADDRESS = 30  # per 5 minutes, from one address whatever the name
WINDOW_SECONDS = 300


def login_name(text: str) -> str:
    """The name as the login form will look it up: stripped before it is cut (150 spaces before
    a locked name made a fresh, empty name and escaped its lockout). The post's size is
    bounded by DATA_UPLOAD_MAX_MEMORY_SIZE."""
    return unicodedata.normalize("NFKC", text.strip()).strip()[:150].casefold()


class LoginView(auth_views.LoginView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        name = login_name(request.POST.get("username", ""))
        address = request.META.get("REMOTE_ADDR", "")
        address_failures = peek("login-address", address, WINDOW_SECONDS)
        name_failures = peek("login-name", name, WINDOW_SECONDS)
        if address_failures >= FAILURES_PER_ADDRESS or (
            address_failures and name_failures >= FAILURES_PER_NAME
        ):
            form = self.get_form_class()(request)  # unbound: no password is checked at all
            context = self.get_context_data(
                form=form, throttled=_("登录尝试过于频繁，请 5 分钟后再试。")
            )
            return self.render_to_response(context, status=429)
        response = super().post(request, *args, **kwargs)
        if not request.user.is_authenticated:  # the password was wrong
            count("login-address", address, WINDOW_SECONDS)
            count("login-name", name, WINDOW_SECONDS)
        return response
