"""Forms of the governance pages; the rules themselves decide in :mod:`.rules`."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from olievlek.package import text_problem

from . import rules as R
from .models import TYPE_CHOICES, VOTE_CHOICES, Settings


def _clean_text(value: str) -> str:
    problem = text_problem(value or "")
    if problem:
        raise forms.ValidationError(problem)
    return value


class SettingsForm(forms.ModelForm):
    class Meta:
        model = Settings
        fields = ["fee", "min_paying", "min_budget", "min_group_organisations", "plg_support",
                  "plg_hours", "expertgroep_support", "projectgroep_years"]


class ApplicationForm(forms.Form):
    unit: forms.ModelChoiceField = forms.ModelChoiceField(label=_("group"), queryset=None)
    year = forms.IntegerField(label=_("year"), min_value=1900, max_value=2100)
    goal = forms.CharField(label=_("goal"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.IntegerField(label=_("amount (EUR)"), required=False, min_value=0,
                                max_value=10_000_000,
                                help_text=_("Empty: the yearly support of the group's type."))
    hours = forms.IntegerField(label=_("hours per member from the employer"), required=False,
                               min_value=0, max_value=2000)
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        groups = [u.pk for u in network.units.all() if R.group_type_of(u.kind)]
        self.fields["unit"].queryset = network.units.filter(pk__in=groups).order_by("name")
        self.fields["year"].initial = dt.date.today().year
        self.fields["date"].initial = dt.date.today()

    def clean_goal(self) -> str:
        return _clean_text(self.cleaned_data["goal"])


class TypeChangeForm(forms.Form):
    unit: forms.ModelChoiceField = forms.ModelChoiceField(label=_("group"), queryset=None)
    type = forms.ChoiceField(label=_("group type"), choices=TYPE_CHOICES)
    date = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = network.units.exclude(kind__in=R.BODIES).order_by("name")

    def clean_note(self) -> str:
        return _clean_text(self.cleaned_data["note"])


class DecisionForm(forms.Form):
    body: forms.ModelChoiceField = forms.ModelChoiceField(label=_("body"), queryset=None)
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=_("decision"), max_length=500)

    def __init__(self, *args, network, voters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = network.units.filter(kind__in=R.BODIES).order_by("name")
        for org in voters:
            self.fields[f"vote_{org.key}"] = forms.ChoiceField(
                label=org.name, required=False, choices=[("", "-"), *VOTE_CHOICES])

    def clean_text(self) -> str:
        return _clean_text(self.cleaned_data["text"])

    def votes(self) -> dict[str, str]:
        return {name.removeprefix("vote_"): value for name, value in self.cleaned_data.items()
                if name.startswith("vote_") and value}
