"""A request id on every request, its response and every log line written while serving it.

A proxy's ``X-Request-ID`` is kept (when it looks like an id), otherwise one is made; the
response carries it back, so a user's "error 500, id 3f2a..." finds the traceback in the log.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# Ids from outside go into log lines: short, and no characters that could forge a line.
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
HEADER = "X-Request-ID"


def current() -> str:
    """The id of the request being served by this thread, "-" outside a request."""
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if _VALID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            return response
        finally:
            _current.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` for the log format (settings.LOGGING)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a 4xx after the middleware has returned, with the request attached.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or _current.get()
        return True
