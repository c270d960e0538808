"""Questionnaire waves and what they collect: responses and the ties people name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from olievlek import package as P
from olievlek.networks.models import Membership, Network, Person, Unit

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


class WaveQuerySet(models.QuerySet["Wave"]):
    def with_progress(self, today: dt.date | None = None) -> list[Wave]:
        """These waves by label, each with ``invited``, ``started`` and ``complete`` counts and
        ``ready``: whether its results are shown (:meth:`Wave.results_ready`). Three queries."""
        waves: list[Wave] = list(self.order_by("network_id", "label"))
        ids = [w.pk for w in waves]
        counts: dict[tuple[int, str], int] = {}
        for wave_id, status, n in (Response.objects.filter(wave_id__in=ids)
                                   .values_list("wave_id", "status").annotate(n=models.Count("id"))):
            counts[(wave_id, status)] = n
        tied = set(Tie.objects.filter(wave_id__in=ids).values_list("wave_id", flat=True).distinct())
        rostered = set(Wave.roster.through.objects.filter(wave_id__in=ids)
                       .values_list("wave_id", flat=True).distinct())
        w: Any  # the counts are plain attributes: other queries annotate() the same names
        for w in waves:
            w.invited = sum(n for (pk, _s), n in counts.items() if pk == w.pk)
            w.started = counts.get((w.pk, "partial"), 0)
            w.complete = counts.get((w.pk, "complete"), 0)
            w.ready = w.results_ready(today, answered=bool(w.complete) or w.pk in tied,
                                      rostered=w.pk in rostered)
        return waves


class Wave(models.Model):
    """One round of the social-network questionnaire in one network (labelled e.g. 2024)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="waves")
    label = models.CharField(_("label"), max_length=40)
    opens = models.DateField(_("opens"), null=True, blank=True)
    closes = models.DateField(_("closes"), null=True, blank=True)
    coordinator_visibility = models.CharField(
        _("what coordinators see"), max_length=12, choices=VISIBILITY_CHOICES, default="pseudonyms"
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="nl",
        help_text=_("The questionnaire's language; respondents can switch."),
    )
    items = models.JSONField(
        _("added items"), default=list, blank=True,
        help_text=_("Items added to the study's set: a list of {id, text, kind}."),
    )
    roster = models.ManyToManyField(
        Person, blank=True, related_name="wave_rosters", verbose_name=_("roster"),
        help_text=_("Who is invited and who can be named; empty for imported waves."),
    )
    roster_units = models.ManyToManyField(Unit, blank=True, related_name="+", verbose_name=_("units"))
    roster_roles = models.JSONField(_("roles"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = WaveQuerySet.as_manager()
    # Set by WaveQuerySet.with_progress only (with its counts, which other pages annotate()).
    ready: bool

    class Meta:
        ordering = ["network", "label"]
        constraints = [models.UniqueConstraint(fields=["network", "label"], name="wave_label")]
        verbose_name = _("wave")
        verbose_name_plural = _("waves")

    def __str__(self) -> str:
        return f"{self.network.slug} {self.label}"

    def is_open(self, today: dt.date | None = None) -> bool:
        """Whether answers are accepted now: opened, not past its closing day, not closed."""
        today = today or timezone.localdate()
        if self.closed_at is not None:
            return False
        if self.opens and today < self.opens:
            return False
        return not (self.closes and today > self.closes)

    def is_over(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is not None or bool(self.closes and today > self.closes)

    def results_ready(self, today: dt.date | None = None, *, answered: bool, rostered: bool) -> bool:
        """Whether the wave's results are shown (the analysis pages' default, the change
        page's pair): it is closed and someone answered. Closed means closed by hand, past its
        closing day, or imported (no roster: the answers were collected elsewhere and are
        final). An open or empty wave is "in progress": its response counts, nothing else."""
        closed = self.is_over(today) or not rostered
        return closed and answered

    def people(self, ties=None) -> P.WavePeople:
        """Who is in this wave, by person pk (sorted): :func:`olievlek.package.wave_people` on its
        roster, response rows and ties (``ties``: ``(source, target, ...)`` rows when the
        caller has them already). For a wave with neither roster nor responses, the members
        on its opening (or closing) day stand in, when it has one."""
        roster = list(self.roster.values_list("pk", flat=True))
        responses = list(self.responses.values_list("person_id", "status"))
        if ties is None:
            ties = self.ties.values_list("source_id", "target_id")
        day = self.opens or self.closes
        members = None
        if not roster and not responses and day:
            members = Membership.objects.filter(person__network_id=self.network_id).active_on(
                day).values_list("person_id", flat=True)
        return P.wave_people(roster=roster, responses=responses,
                             ties=((t[0], t[1]) for t in ties), members=members)


class Response(models.Model):
    """Whether a person was invited to a wave and how far they got."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="responses")
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default="invited")
    # The respondent's answers as last saved (autosave): the working copy, see AnswerVersion.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_text = models.TextField(_("statement consented to"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    saved_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    saves = models.PositiveIntegerField(_("saves"), default=0)

    class Meta:
        ordering = ["wave", "person"]
        constraints = [models.UniqueConstraint(fields=["wave", "person"], name="response_once")]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"response of person {self.person_id} in wave {self.wave_id}: {self.status}"


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

    def __str__(self) -> str:
        return f"{self.source_id} -> {self.target_id} ({self.relation}, {self.wave_id})"


class Invitation(models.Model):
    """A personal link to a wave's questionnaire. The token is 256 random bits
    (``secrets.token_urlsafe(32)``), never derived from the person; it is kept (unique
    index) rather than hashed so that `olievlek wave links` and reminders can repeat the
    same link. A revoked invitation stays for the record; at most one is active per person."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["wave", "person", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "person"],
                condition=models.Q(revoked_at__isnull=True),
                name="invitation_active_once",
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.wave} {self.person.key}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and not self.wave.is_over()

    @property
    def link(self) -> str:
        return f"{settings.SITE_URL}/q/{self.token}/"


class AnswerVersion(models.Model):
    """One submitted version of a person's answers. A correction adds a version; older ones
    stay. Keyed on wave and person (not Response) so a later import cannot erase them."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="answer_versions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="answer_versions")
    number = models.PositiveIntegerField()
    answers = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=20, default="web", help_text="web, api or import")

    class Meta:
        ordering = ["wave", "person", "number"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "person", "number"], name="answer_version_once")
        ]
        verbose_name = _("answer version")
        verbose_name_plural = _("answer versions")

    def __str__(self) -> str:
        return f"answers of person {self.person_id} in wave {self.wave_id}, version {self.number}"


class ApiToken(models.Model):
    """A staff member's token for the JSON API; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"API token of {self.user}"
