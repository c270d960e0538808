import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """Long work started from the web and run by `olievlek worker`: who started it, its
    state and its outcome. Live progress (done of total) is in the "progress" cache, because a
    job's own writes sit in one transaction that no one else sees until it ends."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUS_CHOICES = (
        (QUEUED, _("waiting for the worker")),
        (RUNNING, _("running")),
        (DONE, _("done")),
        (FAILED, _("failed")),
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=QUEUED)
    message = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.label} ({self.status})"

    def get_absolute_url(self) -> str:
        return f"/jobs/{self.pk}/"

    @property
    def finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)
