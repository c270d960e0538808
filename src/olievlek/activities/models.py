"""What a network does and whether it lasts: activities and who attended them, each unit's
planned meeting rhythm, and the sustainability monitor (factors, rounds, scores, actions).

Turnover is not stored here: every membership that ends is a departure
(``olievlek.networks.models.Membership``), read by :mod:`olievlek.activities.data`.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from olievlek.networks.models import Network, Person, Unit
from olievlek.package_activities import split_list

KIND_CHOICES = [
    ("bijeenkomst", _("meeting")),
    ("werkplaatsbijeenkomst", _("workplace meeting")),
    ("plg-bijeenkomst", _("PLC meeting")),
    ("conferentie", _("conference")),
    ("symposium", _("symposium")),
    ("studiedag", _("study day")),
    ("online-uurtje", _("online hour")),
    ("overleg", _("consultation")),
    ("anders", _("other")),
]
PROCESS_CHOICES = [
    ("kennisbenutting", _("knowledge use")),
    ("kennisontwikkeling", _("knowledge development")),
    ("kennisdeling", _("knowledge sharing")),
    ("communicatie-coordinatie", _("communication/coordination")),
]
SCORE_CHOICES = [("red", _("red")), ("orange", _("orange")), ("green", _("green"))]


class Activity(models.Model):
    """Something a network held: a meeting, conference, study day... on one date."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="activities")
    key = models.CharField(_("id"), max_length=100)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=KIND_CHOICES)
    # The codebook's knowledge processes, ";"-separated codes of PROCESS_CHOICES.
    processes = models.CharField(_("knowledge processes"), max_length=200, blank=True)
    units = models.ManyToManyField(Unit, blank=True, related_name="activities",
                                   verbose_name=_("organising units"))
    observed = models.BooleanField(_("observed by a researcher"), default=False)
    report = models.ForeignKey("qda.Source", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="activities", verbose_name=_("observation report"))

    class Meta:
        ordering = ["network", "date", "key"]
        constraints = [models.UniqueConstraint(fields=["network", "key"], name="activity_key")]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title or self.key

    def process_list(self) -> list[str]:
        return split_list(self.processes)


class Attendance(models.Model):
    """One attendee of an activity: a person of the network, or a guest from an organisation."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="attendance", verbose_name=_("person"))
    organisation = models.CharField(_("guest's organisation"), max_length=300, blank=True)

    class Meta:
        ordering = ["activity", "person", "pk"]
        constraints = [models.UniqueConstraint(fields=["activity", "person"], name="attendance_once",
                                               condition=models.Q(person__isnull=False))]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.activity}: {self.person or self.organisation}"


class Rhythm(models.Model):
    """A unit's planned meeting rhythm, from the network's plan: times per school year."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="rhythm")
    per_year = models.PositiveSmallIntegerField(
        _("meetings per year"), validators=[MinValueValidator(1), MaxValueValidator(366)])
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["unit"]
        verbose_name = _("meeting rhythm")
        verbose_name_plural = _("meeting rhythms")

    def __str__(self) -> str:
        return f"{self.unit}: {self.per_year}"


class Factor(models.Model):
    """A key factor of the network's sustainability instrument, in a theme."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="factors")
    key = models.CharField(_("id"), max_length=60)
    theme = models.CharField(_("theme"), max_length=200)
    text = models.CharField(_("factor"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["network", "order", "key"]
        constraints = [models.UniqueConstraint(fields=["network", "key"], name="factor_key")]
        verbose_name = _("factor")
        verbose_name_plural = _("factors")

    def __str__(self) -> str:
        return self.text


class Round(models.Model):
    """One round of the sustainability monitor (e.g. "2024-najaar")."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="monitor_rounds")
    label = models.CharField(_("round"), max_length=60)
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["network", "date", "label"]
        constraints = [models.UniqueConstraint(fields=["network", "label"], name="round_label")]
        verbose_name = _("monitor round")
        verbose_name_plural = _("monitor rounds")

    def __str__(self) -> str:
        return self.label


class Score(models.Model):
    """A unit's traffic light for one factor in one round, with the required explanation."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="monitor_scores")
    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="scores")
    score = models.CharField(_("score"), max_length=10, choices=SCORE_CHOICES)
    explanation = models.TextField(_("explanation"))
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["round", "unit", "factor"]
        constraints = [models.UniqueConstraint(fields=["round", "unit", "factor"], name="score_once")]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return f"{self.round} {self.unit} {self.factor.key}: {self.score}"


class Action(models.Model):
    """What will be done about a red factor, by whom and when. The owner is a person of the
    network (``person``; erasing them clears it, see ``networks.actions.erase_person``), or,
    only for someone outside the network, a free-text ``owner``."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"))
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="monitor_actions", verbose_name=_("owner"))
    owner = models.CharField(_("owner outside the network"), max_length=200, blank=True)
    due = models.DateField(_("date"))
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.description[:60]

    def owner_label(self, label) -> str:
        """Who owns the action, as ``label(person)`` shows a person of the network (the
        viewer's names or pseudonyms), or the free text for someone outside it."""
        return label(self.person) if self.person_id is not None else self.owner
