"""Simplified Chinese unless the user chose another language with the switcher.

Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a judge whose phone
is set to English, in a Chinese hall, still gets the Chinese pages everyone else sees.
"""

from django.conf import settings
from django.utils import translation

from arena.middleware import HybridMiddleware


class ChosenLanguageMiddleware(HybridMiddleware):
    def call(self, request):
        code = self._activate(request)
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        return response

    async def acall(self, request):
        code = self._activate(request)
        response = await self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        return response

    @staticmethod
    def _activate(request) -> str:
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        return code
