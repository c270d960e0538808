"""The client's address, the one rule the link-guess limit and the login lockout share.

Without a proxy the address is ``REMOTE_ADDR``. Behind a reverse proxy every request comes
from the proxy, so set ``CLIENT_IP_HEADER`` to the header the proxy writes (``X-Forwarded-For``
or ``X-Real-IP``) and ``CLIENT_IP_PROXIES`` to how many proxies of yours stand in front
(default 1). Each proxy appends the address it received the request from to
``X-Forwarded-For``, so the client's address is the N-th entry from the right: entries further
left were written by the client itself and are never trusted. A missing or malformed header
falls back to ``REMOTE_ADDR``. Never set the header without a proxy that overwrites or
appends it: clients could then choose their own address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def meta_key(header: str) -> str:
    """``X-Forwarded-For`` or ``HTTP_X_FORWARDED_FOR`` -> ``HTTP_X_FORWARDED_FOR``."""
    key = header.strip().upper().replace("-", "_")
    return key if key.startswith("HTTP_") or not key else f"HTTP_{key}"


def _valid(text: str) -> str | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address, or None when the request has none (a request built in code)."""
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if not header:
        return remote
    value = request.META.get(meta_key(header), "")
    entries = [e for e in value.split(",") if e.strip()]
    proxies = max(1, int(getattr(settings, "CLIENT_IP_PROXIES", 1)))
    if len(entries) < proxies:
        return remote
    return _valid(entries[-proxies]) or remote
