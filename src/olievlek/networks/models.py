"""The network itself: organisations, people, nested units and memberships over time."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from olievlek import package as P

SECTOR_CHOICES = [
    ("po", _("primary education (po)")),
    ("vo", _("secondary education (vo)")),
    ("mbo", _("vocational education (mbo)")),
    ("sectoroverstijgend", _("cross-sector")),
]
PERSON_SECTOR_CHOICES = [*SECTOR_CHOICES, ("ho", _("higher education (ho)")), ("anders", _("other"))]
ORGANISATION_TYPE_CHOICES = [
    ("schoolbestuur", _("school board")),
    ("school", _("school")),
    ("hogeschool", _("university of applied sciences")),
    ("universiteit", _("university")),
    ("mbo-instelling", _("vocational college")),
    ("lerarenopleiding", _("teacher education")),
    ("gemeente", _("municipality")),
    ("bedrijf", _("company")),
    ("kenniscentrum", _("knowledge centre")),
    ("other", _("other")),
]
EDUCATION_LEVEL_CHOICES = [
    ("mbo", _("mbo")),
    ("hbo", _("hbo (applied sciences)")),
    ("universiteit", _("university")),
    ("phd", _("PhD")),
    ("anders", _("other")),
]
YEARS_IN_EDUCATION_CHOICES = [
    ("<1", _("less than a year")),
    ("1-15", _("1-15 years")),
    ("15+", _("more than 15 years")),
]
INVOLVEMENT_CHOICES = [
    ("0-3m", _("0-3 months")),
    ("3-6m", _("3-6 months")),
    ("6-12m", _("6-12 months")),
    ("1-2y", _("1-2 years")),
    ("2-5y", _("2-5 years")),
    ("5y+", _("more than 5 years")),
]
PROCESS_CHOICES = [
    ("coordinatie", _("coordination")),
    ("onderzoek", _("research")),
    ("praktijk", _("practice")),
]
LEVEL_CHOICES = [("macro", _("macro")), ("meso", _("meso")), ("micro", _("micro"))]

# Roles that make someone a formal leader: defined once, with the format's other codes.
from olievlek.package import FORMAL_LEADER_ROLES  # noqa: E402,F401

# Network slugs the URLs use for pages that are not a network (/networks/new/, /networks/import/).
RESERVED_SLUGS = frozenset({"new", "import"})


class Network(models.Model):
    """A regional knowledge network: schools, boards, teacher education and researchers
    joined around a shared question."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=SECTOR_CHOICES, blank=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    started = models.CharField(
        _("start of collaboration"), max_length=10, blank=True, help_text=_("year or ISO date")
    )
    coordinator_sees_names = models.BooleanField(
        _("coordinators see names"),
        default=False,
        help_text=_("Set by a researcher; otherwise coordinators see pseudonyms."),
    )
    # The counts of the last import, set by actions.import_package on the instance it returns.
    import_summary: dict[str, int]

    class Meta:
        ordering = ["slug"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/networks/{self.slug}/"

    def members_on(self, day: dt.date):
        """The network's members on ``day``: a membership active then
        (``Membership.objects.active_on``), or placed in no unit at all (nothing says they
        left)."""
        active = Membership.objects.filter(person__network=self).active_on(day)
        return self.people.filter(Q(pk__in=active.values("person_id")) | Q(memberships__isnull=True))


class Organisation(models.Model):
    """An organisation taking part in (or around) a network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="organisations")
    key = models.CharField(_("id"), max_length=100)
    name = models.CharField(_("name"), max_length=300)
    type = models.CharField(_("type"), max_length=20, choices=ORGANISATION_TYPE_CHOICES, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=PERSON_SECTOR_CHOICES, blank=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    member = models.BooleanField(_("member of the network"), default=True)
    # CBS code GM#### (olievlek.spread places every use of the portfolio by it)
    municipality = models.CharField(_("municipality"), max_length=6, blank=True)

    class Meta:
        ordering = ["network", "name"]
        constraints = [models.UniqueConstraint(fields=["network", "key"], name="organisation_key")]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone in a network. Personal data: every change is logged (accounts.AuditEntry)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="people")
    key = models.CharField(_("id"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    organisation_name = models.CharField(
        _("organisation (as given)"), max_length=300, blank=True,
        help_text=_("Used when the package has no organisations.csv."),
    )
    function = models.CharField(_("function"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=PERSON_SECTOR_CHOICES, blank=True)
    education_level = models.CharField(
        _("highest education level"), max_length=20, choices=EDUCATION_LEVEL_CHOICES, blank=True
    )
    years_in_education = models.CharField(
        _("years in education"), max_length=10, choices=YEARS_IN_EDUCATION_CHOICES, blank=True
    )
    involvement = models.CharField(
        _("time involved in the network"), max_length=10, choices=INVOLVEMENT_CHOICES, blank=True
    )
    expertise = models.TextField(_("expertise"), blank=True)
    pseudonym = models.CharField(
        _("pseudonym"), max_length=60, blank=True,
        help_text=_("Stable code shown instead of the name where names are hidden."),
    )

    class Meta:
        ordering = ["network", "key"]
        constraints = [
            models.UniqueConstraint(fields=["network", "key"], name="person_key"),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation else self.organisation_name


class Unit(models.Model):
    """A subsystem of a network (stuurgroep, PLG, werkplaats...), nested as a tree."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="units")
    key = models.CharField(_("id"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    process = models.CharField(_("process"), max_length=20, choices=PROCESS_CHOICES, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=LEVEL_CHOICES, blank=True)
    # RESTRICT: a unit with sub-units cannot be deleted alone, but a whole network can be.
    parent = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["network", "key"]
        constraints = [models.UniqueConstraint(fields=["network", "key"], name="unit_key")]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("A unit cannot be inside itself.")})
            if node.network_id != self.network_id:
                raise ValidationError({"parent": _("The parent belongs to another network.")})
            seen.add(node.pk)
            node = node.parent


class MembershipQuerySet(models.QuerySet):
    """The study's membership rules, as :mod:`olievlek.package` defines them."""

    def active_on(self, day: dt.date) -> MembershipQuerySet:
        """Memberships active on ``day``: the SQL form of :func:`olievlek.package.membership_active`
        (both ends inclusive, empty ends open); a test keeps the two equal."""
        return self.filter(Q(start__isnull=True) | Q(start__lte=day),
                           Q(end__isnull=True) | Q(end__gte=day))

    def primary(self) -> dict[int, tuple[int, str, str, str]]:
        """Each person's primary membership (:func:`olievlek.package.primary_of`), among
        these memberships: person pk -> ``(unit pk, unit key, unit name, role)``."""
        rows = self.values_list("person_id", "unit__key", "start", "unit_id", "unit__name", "role")
        return {pk: (row[3], row[1], row[4], row[5]) for pk, row in P.primary_of(rows).items()}


class Membership(models.Model):
    """A person in a unit with a formal role, from start to end (end empty while active)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=100, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["person", "start", "unit"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.person} @ {self.unit} ({self.role})"

    def is_active_on(self, day: dt.date) -> bool:
        """:func:`olievlek.package.membership_active` for this membership."""
        return P.membership_active(self.start, self.end, day)
