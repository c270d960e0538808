"""Counting views and downloads the COUNTER way (Code of Practice release 5), as plain rules.

- **Robots** are left out: a request whose user agent matches any pattern of the COUNTER
  robots list (``data/COUNTER_Robots_list.txt``, case-insensitive regular expressions) is
  not counted. The list is COUNTER's, MIT licence (``data/COUNTER_Robots_LICENSE``), copied
  from github.com/atmire/COUNTER-Robots (``generated/COUNTER_Robots_list.txt``).
- **Double clicks**: the same user (address and user agent) asking for the same item in the
  same way (view or download) again within 30 seconds of their previous request counts once.
- Counts are kept per item and month. They say how often a product was looked at, not that
  anyone used it: they never become uses (which have an organisation) and so never rings.

Imports no Django; the portal's views keep the last-seen times in the cache.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

__all__ = ["DOUBLE_CLICK_SECONDS", "is_robot", "robot_patterns", "user_key", "is_double_click"]

DOUBLE_CLICK_SECONDS = 30
ROBOTS_FILE = Path(__file__).with_name("data") / "COUNTER_Robots_list.txt"


@lru_cache(maxsize=1)
def robot_patterns() -> re.Pattern[str]:
    """The COUNTER robots list as one case-insensitive pattern."""
    lines = [line.strip() for line in ROBOTS_FILE.read_text(encoding="utf-8").splitlines()]
    return re.compile("|".join(f"(?:{p})" for p in lines if p), re.IGNORECASE)


def is_robot(user_agent: str | None) -> bool:
    """Whether a request with this user agent is left out. An empty user agent counts as a
    robot (the list's ``^.?$``).

    >>> is_robot("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
    True
    >>> is_robot("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36")
    False
    """
    return bool(robot_patterns().search(user_agent or ""))


def user_key(address: str | None, user_agent: str | None, item: str, action: str) -> str:
    """A short hash naming one user's requests for one item (no address is stored)."""
    raw = f"{address or ''}\n{user_agent or ''}\n{item}\n{action}"
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def is_double_click(previous: float | None, now: float) -> bool:
    """Whether a request at ``now`` repeats one at ``previous`` (seconds) within the window.

    >>> is_double_click(100.0, 129.9), is_double_click(100.0, 130.0), is_double_click(None, 5.0)
    (True, False, False)
    """
    return previous is not None and 0 <= now - previous < DOUBLE_CLICK_SECONDS
