"""A case report per network per study year: the researcher's draft text, the versions sent
to the coordinator (each kept; the approved one frozen), and the coordinator's comments."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The report's fixed structure (the study's case descriptions). Keys are contracts: the
# written texts, comments and exports name sections by them.
SECTIONS = (
    ("inleiding", _("Introduction")),
    ("netwerk", _("Network: structure and organisation")),
    ("deelnemers", _("Participants: roles and role conceptions")),
    ("activiteiten", _("Activities")),
    ("opbrengsten", _("Outcomes")),
)
SECTION_KEYS = tuple(key for key, _label in SECTIONS)
MAX_TEXT = 50_000  # characters of Markdown per section: a long chapter, never a dump
MAX_COMMENT = 5_000

DRAFT, SENT, CHANGES, APPROVED = "draft", "sent", "changes", "approved"
STATUS_CHOICES = (
    (DRAFT, _("draft")),
    (SENT, _("sent to the coordinator")),
    (CHANGES, _("changes asked")),
    (APPROVED, _("approved")),
)


class CaseReport(models.Model):
    """One network's case report of one study year (the wave labelled with that year).
    ``texts`` is the researcher's working draft (section key -> Markdown), autosaved."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE,
                                related_name="case_reports", verbose_name=_("network"))
    year = models.PositiveSmallIntegerField(_("study year"))
    texts = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=DRAFT)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["network", "year"]
        constraints = [models.UniqueConstraint(fields=["network", "year"],
                                               name="case_report_year")]
        verbose_name = _("case report")
        verbose_name_plural = _("case reports")

    def __str__(self) -> str:
        return f"{self.network.slug} {self.year}"

    def get_absolute_url(self) -> str:
        return f"/networks/{self.network.slug}/reports/{self.year}/"

    @property
    def latest(self) -> ReportVersion | None:
        return self.versions.order_by("-number").first()

    @property
    def approved(self) -> ReportVersion | None:
        """The frozen version the cross-case report uses: the last approved one."""
        return self.versions.filter(status=APPROVED).order_by("-number").first()


class ReportVersion(models.Model):
    """What was sent to the coordinator: the texts and the generated parts as they were
    (``parts``: the researcher's view, for the cross-case report), the data's date and hash.
    Versions are never changed after approval (``actions`` refuses)."""

    report = models.ForeignKey(CaseReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    texts = models.JSONField(default=dict)
    parts = models.JSONField(default=list)
    # What the cross-case report adds up over networks, frozen with the version: the answer
    # counts of the background items per sector (Tabel 5.1-5.3), see ``actions.send``.
    counts = models.JSONField(default=dict, blank=True)
    data_hash = models.CharField(max_length=64)
    data_date = models.DateField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=SENT)
    sent_by = models.CharField(max_length=150)
    sent_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"],
                                               name="report_version_number")]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    @property
    def frozen(self) -> bool:
        return self.status == APPROVED


class Comment(models.Model):
    """A coordinator's (or researcher's) remark on one section of one version."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE,
                                related_name="comments")
    section = models.CharField(max_length=20, choices=SECTIONS)
    author = models.CharField(max_length=150)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.version} {self.section}"


class CrossCaseReport(models.Model):
    """The researchers' text of the cross-case chapter of one study year."""

    year = models.PositiveSmallIntegerField(_("study year"), unique=True)
    texts = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)
