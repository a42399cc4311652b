"""Structured logs (one JSON object a line in production) that carry no personal data.

What reaches a log line is the logger's message and a short list of technical fields (job, status, duration, HTTP
method and path): a record's other attributes are dropped. A message passes through `redact`, which cuts query strings
(a search for a name is a GET parameter), e-mail addresses and phone numbers. Exceptions are logged with their class and the
traceback's frames, not their message (a database error may quote a row's values)."""

import json
import logging
import re
import traceback
from datetime import UTC, datetime

ALLOWED_FIELDS = ("job", "command", "status", "duration_ms", "status_code", "method", "path", "check")
QUERY_STRING = re.compile(r"\?[^\s\"']*")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+33\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b")


def redact(text):
    text = QUERY_STRING.sub("?[…]", str(text))
    return PHONE.sub("[téléphone]", EMAIL.sub("[courriel]", text))


# Django's own request loggers: their arguments are a reason phrase and the path (never its query string).
REQUEST_LOGGERS = ("django.request", "django.server", "django.security")


def message_of(record):
    """The message with its arguments only when they are numbers: a string argument may be a person's name."""
    if record.name.startswith(REQUEST_LOGGERS):
        return redact(record.getMessage())
    if record.args and isinstance(record.args, tuple):
        safe = tuple(a if isinstance(a, int | float) else "[…]" for a in record.args)
        try:
            return redact(record.msg % safe)
        except (TypeError, ValueError):
            return redact(record.msg)
    return redact(record.getMessage())


def exception_of(record):
    kind, _value, tb = record.exc_info
    frames = "".join(traceback.format_tb(tb)) if tb else ""
    return f"{kind.__name__}\n{frames}".rstrip()


def technical_fields(record):
    fields = {}
    for name in ALLOWED_FIELDS:
        value = getattr(record, name, None)
        if value is not None:
            fields[name] = redact(value) if isinstance(value, str) else value
    # django.request puts the request on the record: its method and path, never its query string or body.
    request = getattr(record, "request", None)
    if request is not None and hasattr(request, "path"):
        fields.setdefault("method", getattr(request, "method", ""))
        fields.setdefault("path", redact(request.path))
    code = getattr(record, "status_code", None)
    if code is not None:
        fields["status_code"] = code
    return fields


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": message_of(record),
            **technical_fields(record),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = exception_of(record)
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The same content for a developer's console, on one readable line."""

    def format(self, record):
        fields = " ".join(f"{k}={v}" for k, v in technical_fields(record).items())
        line = f"{datetime.fromtimestamp(record.created):%H:%M:%S} {record.levelname} {record.name}: {message_of(record)} {fields}".rstrip()
        if record.exc_info and record.exc_info[0] is not None:
            line += "\n" + exception_of(record)
        return line
