"""The link-guess limit: unknown links from one address get 429 after too many distinct misses.

- A valid link is never blocked: the page and the API look the token up first and serve an
  active link whatever the count, so a school behind one NAT address keeps working while
  someone there mistypes links (or guesses them).
- A miss is an unknown, revoked or expired link. Misses count per client address
  (``olievlek.accounts.clientip``) and token prefix (its first ``PREFIX`` characters): the
  same broken link reloaded, or cut short by a mail program, counts once per window; a
  guesser's random tokens each count.
- After ``SURVEY_TOKEN_MISSES`` (default 20) distinct misses in a fixed window of
  ``SURVEY_TOKEN_WINDOW`` seconds (default 600), further unknown links from that address
  answer 429 until the window ends. Links are 256 random bits, so this slows scanners and
  makes them visible rather than being what keeps links secret.
- Counts live in Django's default cache, shared between processes: the database cache by
  default (its table is made by ``migrate``), Redis when ``REDIS_URL`` is set.
- Staff API tokens never count (the staff endpoints do not call this module).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from olievlek.accounts.clientip import client_ip

PREFIX = 12  # characters (72 bits): distinct guesses differ here; a link cut short does not


def _limit() -> int:
    return int(getattr(settings, "SURVEY_TOKEN_MISSES", 20))


def _window() -> int:
    return max(1, int(getattr(settings, "SURVEY_TOKEN_WINDOW", 600)))


def _address_key(request) -> str:
    return f"olievlek:token-miss:{client_ip(request)}:{int(time.time() // _window())}"


def blocked(request) -> bool:
    """Whether this address has used up its misses; ask only for a link that is not valid."""
    return (cache.get(_address_key(request)) or 0) >= _limit()


def record_miss(request, token: str) -> None:
    key = _address_key(request)
    # hashed: a URL may hold any character, cache keys may not
    seen = f"{key}:{hashlib.sha256(token[:PREFIX].encode()).hexdigest()[:16]}"
    if not cache.add(seen, 1, _window() * 2):
        return  # this prefix already counted in this window
    if cache.add(key, 1, _window() * 2):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, _window() * 2)


def refuse(request, token: str) -> bool:
    """For a token that matched no active link: True when the address is over its limit
    (answer 429), else the miss is counted and False (answer 404/401)."""
    if blocked(request):
        return True
    record_miss(request, token)
    return False
