"""Uploaded network packages kept between the preview and the import.

Each upload is stored under MEDIA_ROOT/uploads/ with a random name (never the uploader's file
name) and removed once it is imported or cancelled; uploads left behind (a closed browser)
are removed a day later, at the next upload.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings

SUFFIXES = (".zip", ".xlsx")
STALE_AFTER = 24 * 3600


def folder() -> Path:
    path = Path(settings.MEDIA_ROOT) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(uploaded, suffix: str) -> str:
    """Write an uploaded file; returns its stored name."""
    remove_stale()
    name = secrets.token_urlsafe(18) + suffix
    with open(folder() / name, "wb") as out:
        out.writelines(uploaded.chunks())
    return name


def path_of(name: str) -> Path | None:
    """The stored file ``name``, or None when it is not one of ours (or is gone)."""
    if not name or "/" in name or "\\" in name or not name.endswith(SUFFIXES):
        return None
    path = folder() / name
    return path if path.is_file() else None


def discard(name: str) -> None:
    path = path_of(name)
    if path is not None:
        path.unlink(missing_ok=True)


def remove_stale() -> None:
    cutoff = time.time() - STALE_AFTER
    for path in folder().glob("*"):
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
