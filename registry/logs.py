"""Structured logs: one JSON object a line (production), for a log collector to parse.

Every record gets time, level, logger and message; Django's request records add the method,
path and status; gunicorn's access records (gunicorn.conf.py) add the request's fields; an
exception adds its traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import orjson

#: gunicorn access-log atoms worth keeping, and the names they get.
_ACCESS_FIELDS = {"h": "remote", "m": "method", "U": "path", "q": "query", "s": "status",
                  "B": "bytes", "D": "duration_us", "a": "user_agent", "f": "referer"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry["message"] = "request"
            for atom, name in _ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if value not in (None, "-", ""):
                    entry[name] = value
        else:
            entry["message"] = record.getMessage()
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            entry["method"] = request.method
            entry["path"] = request.get_full_path()
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()
