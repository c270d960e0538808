"""Sources, the codebook and codings. Positions are code-point offsets into ``Source.text``."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

KIND_CHOICES = [
    ("interview", _("interview")),
    ("observatie", _("observation")),
    ("document", _("document")),
    ("memo", _("memo")),
]


# How a coding whose coder's account was erased is shown and exported.
REMOVED_CODER = "removed-coder"


def new_guid() -> str:
    return str(uuid.uuid4())


class Source(models.Model):
    """A text of a network (the case): canonical plain text plus the file it came from."""

    guid = models.CharField(max_length=36, unique=True, default=new_guid)
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="sources",
        verbose_name=_("network"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    study_year = models.PositiveSmallIntegerField(_("study year"), null=True, blank=True)
    # Canonical: Unicode NFC, "\n" line ends, no BOM (olievlek.coding.text.canonical).
    text = models.TextField(_("text"))
    original = models.BinaryField(_("original file"), blank=True, default=b"")
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    participants = models.ManyToManyField(
        "networks.Person", blank=True, related_name="sources", verbose_name=_("took part")
    )
    event = models.CharField(
        _("event observed"), max_length=200, blank=True,
        help_text=_("For an observation: the meeting or activity observed."),
    )
    memo = models.TextField(_("memo"), blank=True)
    # Shared with the network's coordinator(s) by a researcher (``Viewer.sees_source``):
    # they see this source's text and codings, read-only, and nothing else of coding.
    shared_at = models.DateTimeField(_("shared with the coordinator"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["network", "date", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title


class Code(models.Model):
    """A node of the codebook tree. Retired and merged codes stay, so history is kept."""

    guid = models.CharField(max_length=36, unique=True, default=new_guid)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("parent"),
    )
    position = models.PositiveIntegerField(default=0)
    description = models.TextField(_("definition"), blank=True)
    codable = models.BooleanField(_("codable"), default=True)
    color = models.CharField(_("colour"), max_length=7, blank=True)
    key = models.CharField(
        _("study id"), max_length=120, blank=True,
        help_text=_("The id in the study's codebook, empty for codes added later."),
    )
    memo = models.TextField(_("memo"), blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged",
        verbose_name=_("merged into"),
    )

    class Meta:
        ordering = ["parent_id", "position", "name"]
        verbose_name = _("code")
        verbose_name_plural = _("codes")

    def __str__(self) -> str:
        return self.name


class CodingQuerySet(models.QuerySet):
    def of_record(self) -> CodingQuerySet:
        """The codings of record: all but a second coder's on a double-coded source (those are
        kept for agreement; the first coder's, settled, are the record)."""
        second = Assignment.objects.filter(source=models.OuterRef("source"),
                                           coder=models.OuterRef("coder"), role=Assignment.SECOND)
        return self.exclude(models.Exists(second))


class Coding(models.Model):
    """A code applied by a coder to ``text[start:end]`` of a source; ``quote`` keeps that text
    so the coding can be re-anchored when the source is replaced."""

    guid = models.CharField(max_length=36, unique=True, default=new_guid)
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="codings", verbose_name=_("source")
    )
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    quote = models.TextField(_("quote"))
    code = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="codings", verbose_name=_("code")
    )
    # Erasing a coder's account keeps their codings (the study's analysis rests on them) with
    # no coder: shown and exported as "removed coder" (REMOVED_CODER).
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="codings", verbose_name=_("coder"),
    )
    memo = models.TextField(_("memo"), blank=True)
    # Set when replacing the source's file could not re-anchor the coding by its quote
    # (``MISSING``: the quote is not in the new text; ``AMBIGUOUS``: it is there more than once
    # and none of them near the old place). The quote stays the old text until a researcher
    # places the coding again or removes it.
    review = models.CharField(_("to review"), max_length=10, blank=True, choices=[
        ("missing", _("quote not found")), ("ambiguous", _("quote found more than once"))])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CodingQuerySet.as_manager()

    class Meta:
        ordering = ["source", "start", "end"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")),
                                   name="coding_not_empty"),
        ]
        verbose_name = _("coding")
        verbose_name_plural = _("codings")

    def __str__(self) -> str:
        return f"{self.code_id} {self.start}-{self.end}"


class Assignment(models.Model):
    """Double coding: a source given to a coder (two per source, ``first`` and ``second``), who
    code it blind until a researcher settles the disagreements. The first coder's codings are
    the coding of record; the second's are kept for agreement."""

    FIRST, SECOND = "first", "second"
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("source")
    )
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coding_assignments",
        verbose_name=_("coder"),
    )
    role = models.CharField(max_length=6, choices=[(FIRST, _("first coder")),
                                                   (SECOND, _("second coder"))])
    assigned_by = models.CharField(_("assigned by"), max_length=150, blank=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["source", "role"]
        constraints = [
            models.UniqueConstraint(fields=["source", "role"], name="one_coder_per_role"),
            models.UniqueConstraint(fields=["source", "coder"], name="coder_once_per_source"),
        ]
        verbose_name = _("double coding assignment")
        verbose_name_plural = _("double coding assignments")

    def __str__(self) -> str:
        return f"{self.source_id} {self.role}"
