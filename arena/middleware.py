"""Base for the project's middleware: sync or async, whichever the next handler is.

Under the ASGI server one sync-only middleware makes Django run every request through extra
thread switches (tests/test_settings.py keeps every middleware async-capable).
"""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction


class HybridMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        return self.acall(request) if self.is_async else self.call(request)

    def call(self, request):
        raise NotImplementedError

    async def acall(self, request):
        raise NotImplementedError
