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
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def redacted(path: str) -> str:
    return JUDGE_TOKEN.sub("/j/…", path)


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
