"""A network's boundary objects, their codebook ratings and every recorded use.

Rings, reach and every other measure are computed by :mod:`olievlek.spread` from these rows
(see :mod:`olievlek.portfolio.data`); nothing here stores a derived figure.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from olievlek.networks.models import LEVEL_CHOICES, Network, Organisation, Person, Unit

KIND_CHOICES = [
    ("product", _("product")),
    ("proces", _("process")),
    ("persoon", _("person")),
    ("afspraak", _("agreement")),
    ("bewustwording", _("awareness")),
]
STATUS_CHOICES = [
    ("beoogd", _("intended")),
    ("concept", _("draft")),
    ("gerealiseerd", _("realised")),
]
USE_CHOICES = [
    ("kennisgenomen", _("heard of it")),
    ("ontvangen", _("received")),
    ("uitgeprobeerd", _("tried out")),
    ("toegepast", _("applied")),
    ("aangepast", _("adapted")),
    ("verankerd", _("embedded")),
    ("gestopt", _("stopped")),
]
SCORE = [MinValueValidator(1), MaxValueValidator(5)]
def _file_path(instance, filename: str) -> str:
    """A random name under MEDIA_ROOT/objects/: the name given is kept in ``file_name`` only."""
    import secrets

    return f"objects/{secrets.token_hex(16)}"


municipality_code = RegexValidator(r"^GM\d{4}$", _("A CBS municipality code: GM and four digits."))


class BoundaryObject(models.Model):
    """Something a network made (product, process, person, agreement, awareness)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="boundary_objects")
    key = models.CharField(_("id"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    form = models.CharField(_("form"), max_length=100, blank=True,
                            help_text=_("werkwijze, kaartenset, kennisclip, onderzoeksverslag, workshop..."))
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES, blank=True)
    level = models.CharField(_("development level"), max_length=10, choices=LEVEL_CHOICES, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    makers = models.ManyToManyField(Person, blank=True, related_name="made_objects",
                                    verbose_name=_("makers"))
    units = models.ManyToManyField(Unit, blank=True, related_name="made_objects",
                                   verbose_name=_("units"))
    licence = models.CharField(_("licence"), max_length=100, blank=True,
                               help_text=_("An SPDX id such as CC-BY-4.0, or empty."))
    url = models.URLField(_("link"), max_length=500, blank=True)
    # An attached file (``actions.attach_file``: size and type checked), served by
    # ``views.object_file`` to those who see the portfolio, or to all when public in the portal.
    file = models.FileField(_("file"), upload_to=_file_path, blank=True, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    file_type = models.CharField(_("file type"), max_length=100, blank=True, editable=False)
    themes = models.CharField(_("themes"), max_length=500, blank=True,
                              help_text=_("Separated by semicolons."))
    description = models.TextField(_("description"), blank=True)
    based_on = models.ManyToManyField("self", symmetrical=False, blank=True,
                                      related_name="derived", verbose_name=_("based on"))
    # The public follow-up link ("Ik heb dit gebruikt"): empty until a coordinator opens it.
    follow_up_token = models.CharField(max_length=43, null=True, blank=True, unique=True,
                                       editable=False)

    class Meta:
        ordering = ["network", "key"]
        constraints = [models.UniqueConstraint(fields=["network", "key"], name="boundary_object_key")]
        verbose_name = _("boundary object")
        verbose_name_plural = _("boundary objects")

    def __str__(self) -> str:
        return self.title


class Rating(models.Model):
    """One rater's codebook scores (Bijlage 5) for an object, each 1-5 or empty."""

    object = models.ForeignKey(BoundaryObject, on_delete=models.CASCADE, related_name="ratings")
    rater = models.CharField(_("rater"), max_length=150)
    date = models.DateField(_("date"), null=True, blank=True)
    visibility = models.PositiveSmallIntegerField(_("visibility"), null=True, blank=True, validators=SCORE)
    accessibility = models.PositiveSmallIntegerField(_("accessibility"), null=True, blank=True, validators=SCORE)
    usability = models.PositiveSmallIntegerField(_("usability"), null=True, blank=True, validators=SCORE)
    transfer = models.PositiveSmallIntegerField(_("transfer value"), null=True, blank=True, validators=SCORE)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["object", "rater", "date"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self) -> str:
        return f"{self.object} by {self.rater}"


class Use(models.Model):
    """One recorded use of an object by an organisation (and perhaps a person).

    ``proposed`` uses came in through the public follow-up link and count only once a
    coordinator confirms them.
    """

    object = models.ForeignKey(BoundaryObject, on_delete=models.CASCADE, related_name="uses")
    date = models.DateField(_("date"))
    # Empty only for a proposed use: the coordinator picks or creates it on confirming.
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="uses",
                                     null=True, verbose_name=_("organisation"))
    proposed_organisation = models.CharField(_("organisation as given"), max_length=300, blank=True)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="uses", verbose_name=_("person"))
    municipality = models.CharField(_("municipality"), max_length=6, blank=True,
                                    validators=[municipality_code],
                                    help_text=_("Empty: the organisation's."))
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("Empty: NL."))
    use = models.CharField(_("kind of use"), max_length=20, choices=USE_CHOICES)
    source = models.CharField(_("from whom"), max_length=200, blank=True)
    channel = models.CharField(_("channel"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    proposed = models.BooleanField(_("proposed"), default=False)

    class Meta:
        ordering = ["object", "date", "pk"]
        indexes = [models.Index(fields=["object", "date"])]
        verbose_name = _("use")
        verbose_name_plural = _("uses")

    def __str__(self) -> str:
        return f"{self.object}: {self.use} on {self.date}"


@receiver(post_delete, sender=BoundaryObject)
def _delete_attached_file(sender, instance, **kwargs) -> None:
    """A deleted object (its network erased, the admin) takes its attached file along, once the
    deletion is committed: no file of a network that is gone stays under MEDIA_ROOT."""
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
