"""Who someone is in olievlek (researcher, coordinator, participant) and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

RESEARCHER, COORDINATOR, PARTICIPANT = "researcher", "coordinator", "participant"
ROLE_CHOICES = [
    (RESEARCHER, _("researcher")),
    (COORDINATOR, _("coordinator")),
    (PARTICIPANT, _("participant")),
]


class Profile(models.Model):
    """A user's role. Researchers see all networks with names; a coordinator sees their own
    network (pseudonymised unless a researcher allows names); a participant their own answers."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("role"), max_length=12, choices=ROLE_CHOICES)
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="profiles"
    )
    person = models.ForeignKey(
        "networks.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="profiles"
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class AuditEntry(models.Model):
    """One change of personal data: who did what to which record, and when."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.CharField(_("actor"), max_length=150, help_text=_("username, or the command"))
    action = models.CharField(_("action"), max_length=40)
    network_slug = models.CharField(_("network"), max_length=80, blank=True, db_index=True)
    object_type = models.CharField(_("object type"), max_length=40, blank=True)
    object_key = models.CharField(_("object id"), max_length=100, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type} {self.object_key}"
