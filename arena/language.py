"""Simplified Chinese unless the user chose another language with the switcher.

Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a judge whose phone
is set to English, in a Chinese hall, still gets the Chinese pages everyone else sees.
"""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    # Async-capable like the rest of the stack: one sync-only middleware makes Django run every
    # request through extra thread switches under the ASGI server.
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        code = self._activate(request)
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        return response

    async def _acall(self, request):
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
