"""The ASGI application (uvicorn): Django's request cycle, entering a worker thread once.

Django's own ASGIHandler builds an async middleware chain, and adapts each sync piece of it
(every built-in middleware: security, sessions, CSRF, auth, messages, clickjacking) by running
its process_request and process_response in a worker thread, each a thread switch of its own:
16 switches for a 404 page, most of its CPU (docs/performance.md). This handler runs the chain
that WSGI runs instead, in one worker thread per request. The event loop still carries what
needs it: reading bodies, sending responses, and the SSE streams, whose async view Django runs
on the loop.

The public event streams (/s/<token>/events/, /j/<token>/events/) skip Django altogether:
settings.ARENA_STREAMS (live/streams.py) serves them on the loop, a coroutine and a mailbox
each.
"""

import os
import sys
from importlib import import_module

import django
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arena.settings")


class SyncChainASGIHandler(ASGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        # thread_sensitive: the thread Django's request_started and request_finished handlers
        # run in, so the database connection the view takes is the one handed back afterwards.
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


def get_application():
    django.setup(set_prefix=False)  # as django.core.asgi.get_asgi_application
    # Named in settings, as Django names ROOT_URLCONF: arena/ wires the apps, never imports them.
    streams = import_module(settings.ARENA_STREAMS)
    django_application = SyncChainASGIHandler()

    async def application(scope, receive, send) -> None:
        if scope["type"] == "http" and streams.is_stream_path(scope["path"]):
            await streams.application(scope, receive, send)
        else:
            await django_application(scope, receive, send)

    return application


# The event loop writing a new frame to thousands of streams holds the GIL for long stretches;
# a request's worker thread that gave it up for a database round trip waits up to the switch
# interval (5 ms by default) to get it back, a dozen times per judge's POST. At 0.5 ms a POST
# during a push to 5,000 streams took at most 63–70 ms, against 81–256 ms (docs/performance.md).
GIL_SWITCH_INTERVAL_SECONDS = 0.0005
sys.setswitchinterval(GIL_SWITCH_INTERVAL_SECONDS)

application = get_application()
