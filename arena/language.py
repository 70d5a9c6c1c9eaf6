"""Simplified Chinese unless the user chose another language with the switcher.

Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a judge whose phone
is set to English, in a Chinese hall, still gets the Chinese pages everyone else sees.
"""

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        return response
