"""One JSON object per log line, for log collectors (LOG_FORMAT=json, docs/operations.md)."""

import json
import logging
from datetime import UTC, datetime

from django.http import HttpRequest


class JsonFormatter(logging.Formatter):
    """time, level, logger and message; the request and status when Django logs them;
    an exception's traceback as one string, so a collector never splits it across lines."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # django.request and django.server pass these as `extra`.
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            entry["method"] = request.method
            entry["path"] = request.path
        status_code = getattr(record, "status_code", None)
        if isinstance(status_code, int):
            entry["status_code"] = status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: a message argument that JSON cannot hold must not lose the line.
        return json.dumps(entry, ensure_ascii=False, default=str)
