"""What a network shows on the public portal, and nothing more.

The portal never reads questionnaire answers or analysis results. It shows:

- people who opted in themselves (:class:`PublicProfile`, made only through their own link,
  :class:`ProfileInvitation`; withdrawing deletes it at once);
- units a network publishes (:class:`PublishedUnit`) and boundary objects it marks public
  (:class:`PublishedObject`), each linked one-to-one to the network's own record;
- view and download counts per product and month (:class:`UsageCount`, see
  :mod:`olievlek.portal.counter`), which are never uses.

:class:`SearchEntry` is the search index (see :mod:`olievlek.portal.search`); it is rebuilt
from the rows above and holds nothing they do not.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from olievlek.networks.models import Network, Person, Unit
from olievlek.portfolio.models import BoundaryObject

# The six kinds of expertise the study coded from the open answers (report 5.3).
EXPERTISE_CHOICES = [
    ("thema", _("theme-specific expertise")),
    ("onderzoek-doen", _("doing educational research")),
    ("onderzoek-begeleiden", _("supervising research")),
    ("verandermanagement", _("change management")),
    ("leidinggeven", _("leadership and educational leadership")),
    ("praktijk", _("practice as a teacher")),
]
# Edurep's education levels for the sectors (schema.org educationalLevel, as Onderwijs-
# begrippenkader concepts: olievlek.portal.metadata.EDUCATION_LEVELS).
EDUCATION_LEVEL_CHOICES = [
    ("po", _("primary education (po)")),
    ("vo", _("secondary education (vo)")),
    ("mbo", _("vocational education (mbo)")),
    ("hbo", _("higher professional education (hbo)")),
    ("wo", _("university education (wo)")),
]
PROVINCE_CHOICES = [
    (p, p) for p in ("Drenthe", "Flevoland", "Friesland", "Gelderland", "Groningen", "Limburg",
                     "Noord-Brabant", "Noord-Holland", "Overijssel", "Utrecht", "Zeeland",
                     "Zuid-Holland")
]


class PortalNetwork(models.Model):
    """A network's switch for the portal: nothing of a network is public until it is on."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="portal")
    enabled = models.BooleanField(_("on the public portal"), default=False)
    province = models.CharField(_("province"), max_length=20, choices=PROVINCE_CHOICES, blank=True)
    description = models.TextField(_("public description"), blank=True)

    class Meta:
        verbose_name = _("portal network")
        verbose_name_plural = _("portal networks")

    def __str__(self) -> str:
        return str(self.network)


class PublishedUnit(models.Model):
    """A unit (PLG, expertgroep, projectgroep...) as the network publishes it."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="publication")
    published = models.BooleanField(_("published"), default=True)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    goal = models.TextField(_("goal"), blank=True)
    how_to_join = models.TextField(_("how to join"), blank=True)

    class Meta:
        verbose_name = _("published group")
        verbose_name_plural = _("published groups")

    def __str__(self) -> str:
        return str(self.unit)


class PublishedObject(models.Model):
    """A boundary object the network marks public, with what the portal needs besides it."""

    object = models.OneToOneField(BoundaryObject, on_delete=models.CASCADE,
                                  related_name="publication")
    public = models.BooleanField(_("public"), default=True)
    file = models.FileField(_("file"), upload_to="portal/", blank=True)
    educational_level = models.CharField(_("education level"), max_length=3,
                                         choices=EDUCATION_LEVEL_CHOICES, blank=True,
                                         help_text=_("Empty: the network's sector."))
    # OAI-PMH (olievlek.portal.oai): when the harvestable record last changed (None: never
    # disseminated) and a digest of what it was then, so that only real changes move it.
    datestamp = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    record_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("public product")
        verbose_name_plural = _("public products")

    def __str__(self) -> str:
        return str(self.object)


class PublicProfile(models.Model):
    """A person's public profile, made by the person through their own link, with the
    consent they gave. Deleted at once when they withdraw (and by ``erase_person``)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="public_profile")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    expertise_kinds = models.CharField(_("kinds of expertise"), max_length=200, blank=True,
                                       help_text=_("Codes separated by semicolons."))
    expertise = models.TextField(_("expertise"), blank=True)
    show_groups = models.BooleanField(_("show my groups"), default=True)
    consented_at = models.DateTimeField(_("consent given"))
    consent_text = models.TextField(_("consent text"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("public profile")
        verbose_name_plural = _("public profiles")

    def __str__(self) -> str:
        return self.name

    @property
    def kinds(self) -> list[str]:
        return [k for k in self.expertise_kinds.split(";") if k]

    def kind_labels(self) -> list[str]:
        labels = dict(EXPERTISE_CHOICES)
        return [str(labels[k]) for k in self.kinds if k in labels]


class ProfileInvitation(models.Model):
    """The personal link sent to a person to make, change or withdraw their profile. Only
    the token's hash is stored."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="portal_invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("profile invitation")
        verbose_name_plural = _("profile invitations")

    def __str__(self) -> str:
        return f"invitation {self.pk}"


class ContactMessage(models.Model):
    """A message sent to a profile through the contact form (the address is never shown)."""

    profile = models.ForeignKey(PublicProfile, on_delete=models.CASCADE, related_name="messages")
    sender_name = models.CharField(_("your name"), max_length=200)
    sender_email = models.EmailField(_("your e-mail address"))
    message = models.TextField(_("message"), max_length=5000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self) -> str:
        return f"message {self.pk}"


class UsageCount(models.Model):
    """COUNTER-style views and downloads of a public product in one month."""

    object = models.ForeignKey(BoundaryObject, on_delete=models.CASCADE, related_name="usage_counts")
    month = models.DateField(_("month"))  # the first day
    views = models.PositiveIntegerField(_("views"), default=0)
    downloads = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        ordering = ["object", "month"]
        constraints = [models.UniqueConstraint(fields=["object", "month"], name="usage_month")]
        verbose_name = _("usage count")
        verbose_name_plural = _("usage counts")

    def __str__(self) -> str:
        return f"{self.object_id} {self.month:%Y-%m}: {self.views} views, {self.downloads} downloads"


KIND_CHOICES = [("person", _("person")), ("group", _("group")), ("product", _("product"))]


class SearchEntry(models.Model):
    """One public person, group or product as the search finds it. ``terms`` holds the
    stemmed words (:func:`olievlek.portal.text.terms`); SQLite's FTS5 table and, on
    PostgreSQL, the stored ``terms_tsv`` column with its GIN index read it (see the
    migrations)."""

    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    profile = models.OneToOneField(PublicProfile, on_delete=models.CASCADE, null=True,
                                   related_name="search_entry")
    unit = models.OneToOneField(PublishedUnit, on_delete=models.CASCADE, null=True,
                                related_name="search_entry")
    product = models.OneToOneField(PublishedObject, on_delete=models.CASCADE, null=True,
                                   related_name="search_entry")
    title = models.CharField(max_length=300)
    summary = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=200)
    terms = models.TextField()
    # Facets
    sector = models.CharField(max_length=20, blank=True)
    province = models.CharField(max_length=20, blank=True)
    theme = models.CharField(max_length=300, blank=True)
    product_kind = models.CharField(max_length=20, blank=True)
    organisation_type = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["kind"]),
                   models.Index(fields=["title", "id"], name="portal_search_title"),
                   # covers the one grouped query of all facet counts (search.search)
                   models.Index(fields=["kind", "sector", "province", "theme", "product_kind",
                                        "organisation_type"], name="portal_search_facets")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"
