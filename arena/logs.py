"""Structured logs: one JSON object per line in production, and a line per request.

Request lines carry method, path, status and duration. Every link that carries a secret — a
judge's (/j/), a unit's (/u/), a screen's or public page's (/s/, /s/series/, /s/boards/), an
invitation (/join/) and a password reset (/reset/<uid>/<token>/) — reaches the log with the
secret replaced by "…" (one rule, SECRET_IN_PATH); run uvicorn with --no-access-log for the same
reason.
"""

import json
import logging
import time
from datetime import UTC, datetime

from arena.lib.redaction import redacted

request_logger = logging.getLogger("arena.request")
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


class RedactTokens(logging.Filter):
    """Links' secrets out of every record: its message, and the request Django attaches to its
    own warnings (a formatter printing extras would show the request's path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = redacted(message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        request = getattr(record, "request", None)
        if request is not None and not isinstance(request, str):
            record.request = f"{getattr(request, 'method', '')} {redacted(request.path)}"
        if record.exc_info and not record.exc_text:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redacted(text)
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
