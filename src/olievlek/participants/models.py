"""What a researcher adds to the participants tables: corrected expertise sortings and
reference populations to compare participants with."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from olievlek.networks.models import Network, Person

VARIABLE_CHOICES = [
    ("education_level", _("highest education level")),
    ("years_in_education", _("years in education")),
    ("involvement", _("time involved in the network")),
    ("person_sector", _("sector of the person")),
    ("process", _("process (coordination, research, practice)")),
    ("role", _("role")),
    ("organisation_type", _("organisations by type")),
]


class ExpertiseSorting(models.Model):
    """A researcher's sorting of one person's open expertise answer into the six kinds.

    Overrides the keyword classifier for that person. ``kinds`` holds kind codes separated by
    spaces (empty: the answer fits none of the kinds)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="expertise_sorting")
    kinds = models.CharField(_("kinds"), max_length=200, blank=True)
    changed_by = models.CharField(_("changed by"), max_length=150, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("expertise sorting")
        verbose_name_plural = _("expertise sortings")

    def __str__(self) -> str:
        return f"{self.person}: {self.kinds or '-'}"

    def kind_list(self) -> tuple[str, ...]:
        return tuple(self.kinds.split())


class ReferencePopulation(models.Model):
    """Counts per category of a population to compare a network's participants with, e.g.
    the sector's teachers by education level. Without a network it applies to every network."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="reference_populations"
    )
    name = models.CharField(_("name"), max_length=200)
    variable = models.CharField(_("variable"), max_length=30, choices=VARIABLE_CHOICES)
    source = models.CharField(_("source"), max_length=300, blank=True)
    counts = models.JSONField(_("counts per category"), default=dict)
    created_by = models.CharField(_("entered by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering = ["network__slug", "name"]
        verbose_name = _("reference population")
        verbose_name_plural = _("reference populations")

    def __str__(self) -> str:
        return self.name


class CheckedFinding(models.Model):
    """A consistency finding a researcher has looked at, so the list can be worked through.

    Findings are computed, not stored: one is identified by its kind, network and subject
    (see ``olievlek.tables.checks``). When the data change and the finding goes away, the mark
    simply no longer matches anything."""

    kind = models.CharField(_("kind"), max_length=40)
    network_slug = models.CharField(_("network"), max_length=80, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked_by = models.CharField(_("checked by"), max_length=150, blank=True)
    checked_at = models.DateTimeField(_("checked at"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "network_slug", "subject"], name="checked_finding_once")
        ]
        verbose_name = _("checked finding")
        verbose_name_plural = _("checked findings")

    def __str__(self) -> str:
        return f"{self.kind} {self.network_slug} {self.subject}"
