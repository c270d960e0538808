"""Questionnaire waves and what they collect: responses and the ties people name."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from olievlek.networks.models import Network, Person

RELATION_CHOICES = [("advice", _("advice")), ("motivation", _("motivation"))]
STATUS_CHOICES = [("invited", _("invited")), ("partial", _("started")), ("complete", _("complete"))]
VISIBILITY_CHOICES = [
    ("names", _("names")),
    ("pseudonyms", _("pseudonyms")),
    ("aggregate", _("aggregate only")),
]
FREQUENCY_LABELS = {1: _("never"), 2: _("rarely"), 3: _("sometimes"), 4: _("often"), 5: _("very often")}
USEFULNESS_LABELS = {
    1: _("very unusable"),
    2: _("unusable"),
    3: _("neutral"),
    4: _("usable"),
    5: _("very usable"),
}


class Wave(models.Model):
    """One round of the social-network questionnaire in one network (labelled e.g. 2024)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="waves")
    label = models.CharField(_("label"), max_length=40)
    opens = models.DateField(_("opens"), null=True, blank=True)
    closes = models.DateField(_("closes"), null=True, blank=True)
    coordinator_visibility = models.CharField(
        _("what coordinators see"), max_length=12, choices=VISIBILITY_CHOICES, default="pseudonyms"
    )

    class Meta:
        ordering = ["network", "label"]
        constraints = [models.UniqueConstraint(fields=["network", "label"], name="wave_label")]
        verbose_name = _("wave")
        verbose_name_plural = _("waves")

    def __str__(self) -> str:
        return f"{self.network.slug} {self.label}"


class Response(models.Model):
    """Whether a person was invited to a wave and how far they got."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="responses")
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default="invited")

    class Meta:
        ordering = ["wave", "person"]
        constraints = [models.UniqueConstraint(fields=["wave", "person"], name="response_once")]
        verbose_name = _("response")
        verbose_name_plural = _("responses")


class Tie(models.Model):
    """A named relation: source asks target for advice, or target lifts source's motivation."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="ties")
    source = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ties_out")
    target = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ties_in")
    relation = models.CharField(_("relation"), max_length=12, choices=RELATION_CHOICES)
    frequency = models.PositiveSmallIntegerField(_("frequency"))
    usefulness = models.PositiveSmallIntegerField(_("usefulness"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=300, blank=True)

    class Meta:
        ordering = ["wave", "source", "target"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "source", "target", "relation"], name="tie_once"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="tie_not_self"
            ),
            models.CheckConstraint(
                condition=models.Q(frequency__gte=1, frequency__lte=5), name="tie_frequency_1_5"
            ),
        ]
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
