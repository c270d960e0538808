"""The audit log of personal data: one entry per change, written in the same transaction."""

from __future__ import annotations

from .models import AuditEntry


def log(
    actor: str,
    action: str,
    *,
    network_slug: str = "",
    object_type: str = "",
    object_key: str = "",
    detail: str = "",
) -> AuditEntry:
    """Record that ``actor`` (a username or a command) did ``action`` to a record."""
    return AuditEntry.objects.create(
        actor=str(actor)[:150],
        action=action[:40],
        network_slug=network_slug,
        object_type=object_type,
        object_key=str(object_key)[:100],
        detail=detail,
    )


def actor_of(user) -> str:
    """The name to log for a request's user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return user.get_username()
