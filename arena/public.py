"""The address phones use to reach this server, for QR codes and printed links.

A judge's card or the projector's audience QR made while the organizer browses the server as
127.0.0.1 would send every phone to itself. ARENA_PUBLIC_URL (e.g. http://192.168.1.10:8000)
names the address the hall's phones use; without it the address of the page being viewed is
used, and the pages that print links warn when that address cannot work from a phone.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def public_url(request: HttpRequest, path: str) -> str:
    """`path` on the address phones use."""
    if settings.ARENA_PUBLIC_URL:
        return settings.ARENA_PUBLIC_URL + path
    return request.build_absolute_uri(path)


def unreachable_from_phones(url: str) -> bool:
    """A loopback address (127.x, ::1, localhost): a phone reaches itself, not this server."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
