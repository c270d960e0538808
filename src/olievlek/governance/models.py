"""Governance records of a network (docs/governance.md): its rules, member fees per year,
groups' applications for support, the history of a group's type and the decision log.

The rules themselves live in :mod:`olievlek.governance.rules`; these tables only hold the
facts they are applied to. Groups and bodies are the network's units (``Unit.kind`` PLG,
expertgroep, projectgroep; programmaleiding, beleidsgroep, stuurgroep), their members the
units' memberships.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from olievlek.networks.models import Network, Organisation, Unit

from . import rules as R

TYPE_CHOICES = [(R.PLG, "PLG"), (R.EXPERTGROEP, "expertgroep"), (R.PROJECTGROEP, "projectgroep")]
DECISION_CHOICES = [(R.GRANTED, _("granted")), (R.REFUSED, _("refused"))]
VOTE_CHOICES = [("for", _("for")), ("against", _("against")), ("abstain", _("abstain"))]
OUTCOME_CHOICES = [("adopted", _("adopted")), ("rejected", _("rejected"))]


class Settings(models.Model):
    """A network's governance rules; a network without a row has the defaults (Twente's)."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="governance")
    fee = models.PositiveIntegerField(_("yearly fee per member organisation (EUR)"), default=3000)
    min_paying = models.PositiveIntegerField(_("minimum paying organisations"), default=10)
    min_budget = models.PositiveIntegerField(_("minimum yearly budget (EUR)"), default=30000)
    min_group_organisations = models.PositiveIntegerField(
        _("minimum organisations in a group"), default=3)
    plg_support = models.PositiveIntegerField(_("PLG support per year (EUR)"), default=2000)
    plg_hours = models.PositiveIntegerField(_("PLG hours per member from the employer"), default=40)
    expertgroep_support = models.PositiveIntegerField(_("expertgroep support per year (EUR)"),
                                                      default=1500)
    projectgroep_years = models.PositiveIntegerField(_("projectgroep life (years)"), default=2)

    class Meta:
        verbose_name = _("governance rules")
        verbose_name_plural = _("governance rules")

    def __str__(self) -> str:
        return str(self.network)

    def as_rules(self) -> R.Rules:
        return R.Rules(
            fee=self.fee, min_paying=self.min_paying, min_budget=self.min_budget,
            min_group_organisations=self.min_group_organisations,
            types={R.PLG: R.GroupType(self.plg_support, facilitation_hours=self.plg_hours),
                   R.EXPERTGROEP: R.GroupType(self.expertgroep_support),
                   R.PROJECTGROEP: R.GroupType(None, max_years=self.projectgroep_years)})


class Fee(models.Model):
    """A member organisation's fee for one year, and whether it was paid."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="fees")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="fees")
    year = models.PositiveIntegerField(_("year"))
    amount = models.PositiveIntegerField(_("fee (EUR)"))
    paid = models.BooleanField(_("paid"), default=False)

    class Meta:
        ordering = ["network", "year", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="fee_year")]
        verbose_name = _("fee")
        verbose_name_plural = _("fees")

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class Grant(models.Model):
    """A group's application for support in a year, decided by the rules."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="grants")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="grants")
    year = models.PositiveIntegerField(_("year"))
    type = models.CharField(_("group type"), max_length=20, choices=TYPE_CHOICES)
    amount = models.PositiveIntegerField(_("amount (EUR)"))
    goal = models.TextField(_("goal"), blank=True)
    hours = models.PositiveIntegerField(_("hours per member from the employer"), null=True,
                                        blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=DECISION_CHOICES)
    rule = models.CharField(_("deciding rule"), max_length=40)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["network", "year", "date", "unit__name", "pk"]
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.decision}"


class TypeChange(models.Model):
    """A group's type from a date on (the W&T group: projectgroep, expertgroep, PLG)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="type_changes")
    type = models.CharField(_("group type"), max_length=20, choices=TYPE_CHOICES)
    date = models.DateField(_("from"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["unit", "date", "pk"]
        verbose_name = _("type change")
        verbose_name_plural = _("type changes")

    def __str__(self) -> str:
        return f"{self.unit} {self.type} {self.date}"


class Decision(models.Model):
    """A decision of one of the network's bodies, with who could vote and how they voted."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="decisions")
    # RESTRICT: a body with decisions cannot be deleted alone, but a whole network can be.
    body = models.ForeignKey(Unit, on_delete=models.RESTRICT, related_name="decisions")
    date = models.DateField(_("date"))
    text = models.CharField(_("decision"), max_length=500)
    outcome = models.CharField(_("outcome"), max_length=10, choices=OUTCOME_CHOICES)
    # The organisations that could vote: those that had paid that year's fee on the day.
    eligible = models.ManyToManyField(Organisation, related_name="+", blank=True)

    class Meta:
        ordering = ["network", "date", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    vote = models.CharField(_("vote"), max_length=10, choices=VOTE_CHOICES)

    class Meta:
        ordering = ["decision", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["decision", "organisation"], name="one_vote")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.vote}"
