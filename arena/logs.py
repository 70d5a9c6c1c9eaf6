"""Structured logs: one JSON object per line in production, and a line per request.

Request lines carry method, path, status and duration. Judge links are secrets, so a judge's
token never reaches the log (the path shows /j/…/ instead); run uvicorn with --no-access-log for
the same reason.
"""

import json
import logging
import re
import time
from datetime import UTC, datetime

request_logger = logging.getLogger("arena.request")
JUDGE_TOKEN = re.compile(r"^/j/[^/]+")
JUDGE_TOKEN_ANYWHERE = re.compile(r"/j/[A-Za-z0-9_-]{8,}")
STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in STANDARD_ATTRIBUTES})
        if record.exc_info:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def redacted(path: str) -> str:
    return JUDGE_TOKEN.sub("/j/…", path)


class RedactTokens(logging.Filter):
    """Judges' tokens out of every record: its message, and the request Django attaches to its
    own warnings (a formatter printing extras would show the request's path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/j/" in message:
            record.msg, record.args = JUDGE_TOKEN_ANYWHERE.sub("/j/…", message), ()
        request = getattr(record, "request", None)
        if request is not None and not isinstance(request, str):
            record.request = f"{getattr(request, 'method', '')} {redacted(request.path)}"
        if record.exc_info and not record.exc_text:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = JUDGE_TOKEN_ANYWHERE.sub("/j/…", text)
        return True


class RequestLogMiddleware:
    """Logs every request once its response starts (for event streams: when they open)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        path = redacted(request.path)
        request_logger.info(
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response
