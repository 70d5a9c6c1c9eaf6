"""WhiteNoise's static files, served without forcing every request through a thread switch."""

from asgiref.sync import sync_to_async
from whitenoise.middleware import WhiteNoiseMiddleware

from arena.middleware import HybridMiddleware


class StaticFilesMiddleware(HybridMiddleware, WhiteNoiseMiddleware):
    """WhiteNoiseMiddleware is sync-only, so under the ASGI server Django ran the whole request
    in a worker thread and switched back for the async middleware and views inside it. Here
    other requests pass straight through; only a static file is opened in a thread."""

    def __init__(self, get_response=None, **kwargs):
        WhiteNoiseMiddleware.__init__(self, get_response, **kwargs)
        HybridMiddleware.__init__(self, get_response)

    def call(self, request):
        return WhiteNoiseMiddleware.__call__(self, request)

    async def acall(self, request):
        if self.autorefresh:
            static_file = await sync_to_async(self.find_file)(request.path_info)
        else:
            static_file = self.files.get(request.path_info)
        if static_file is not None:
            return await sync_to_async(self.serve, thread_sensitive=False)(static_file, request)
        return await self.get_response(request)
