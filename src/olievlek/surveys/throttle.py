"""Rate limiting of token guessing.

Every request with an unknown, revoked or expired token counts as a miss for the client's IP
address, in Django's cache, per fixed window (``SURVEY_TOKEN_WINDOW`` seconds, default 600).
After ``SURVEY_TOKEN_MISSES`` misses (default 20) in a window, that address gets 429 for every
token until the window ends, valid or not, so guessing cannot continue. Valid tokens never
count. With several server processes, configure a shared cache (Django's DatabaseCache or
Redis) so the count is shared; the default local-memory cache counts per process. Behind a
reverse proxy, set ``SURVEY_CLIENT_IP_HEADER`` (e.g. ``HTTP_X_REAL_IP``) to the header the proxy
sets, or every client shares the proxy's address.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def _limit() -> int:
    return int(getattr(settings, "SURVEY_TOKEN_MISSES", 20))


def _window() -> int:
    return int(getattr(settings, "SURVEY_TOKEN_WINDOW", 600))


def client_ip(request) -> str:
    header = getattr(settings, "SURVEY_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() if value else "") or request.META.get("REMOTE_ADDR", "unknown")


def _key(request) -> str:
    return f"olievlek:token-miss:{client_ip(request)}:{int(time.time() // _window())}"


def blocked(request) -> bool:
    return (cache.get(_key(request)) or 0) >= _limit()


def record_miss(request) -> None:
    key = _key(request)
    if cache.add(key, 1, _window() * 2):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, _window() * 2)
