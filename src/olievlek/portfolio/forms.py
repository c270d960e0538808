"""Forms of the portfolio pages; the rules of the package apply to what people type too."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from olievlek.spread import municipalities
from olievlek.spread.formats import COUNTRY, SPDX

from .models import USE_CHOICES, BoundaryObject, Rating, Use


class ObjectForm(forms.ModelForm):
    url = forms.URLField(label=_("link"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = BoundaryObject
        fields = ["key", "title", "kind", "form", "status", "level", "date", "makers", "units",
                  "licence", "url", "themes", "description", "based_on"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}),
                   "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, network, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["makers"].queryset = network.people.order_by("key")
        self.fields["makers"].label_from_instance = label
        self.fields["units"].queryset = network.units.order_by("key")
        others = network.boundary_objects.order_by("key")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["based_on"].queryset = others

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        taken = self.network.boundary_objects.filter(key=key).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another object of this network has this id."))
        return key

    def clean_licence(self):
        licence = self.cleaned_data["licence"].strip()
        if licence and not SPDX.match(licence):
            raise forms.ValidationError(_("Not an SPDX licence id (e.g. CC-BY-4.0)."))
        return licence


class RatingForm(forms.ModelForm):
    class Meta:
        model = Rating
        fields = ["rater", "date", "visibility", "accessibility", "usability", "transfer", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}),
                   "note": forms.Textarea(attrs={"rows": 2})}


# Above this many organisations (or people), a form asks for the id instead of listing them all:
# a drop-down of 20,000 organisations takes seconds to render and is of no use to anyone.
LIST_LIMIT = 500


def too_many(queryset) -> bool:
    """Whether a form asks for an id rather than listing ``queryset`` (over LIST_LIMIT rows)."""
    return queryset.count() > LIST_LIMIT


def by_key(field: forms.ModelChoiceField, queryset, label: str) -> forms.ModelChoiceField:
    """``field`` as a text field taking the id (as in organisations.csv / people.csv)."""
    return forms.ModelChoiceField(
        queryset=queryset, to_field_name="key", required=field.required, label=label,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"invalid_choice": _("No such id in this network.")})


class UseForm(forms.ModelForm):
    class Meta:
        model = Use
        fields = ["date", "organisation", "person", "municipality", "country", "use", "source",
                  "channel", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}),
                   "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, obj, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.obj = obj
        organisations = obj.network.organisations.order_by("name")
        people = obj.network.people.order_by("key")
        self.fields["organisation"].queryset = organisations
        self.fields["person"].queryset = people
        self.lists_organisations = not too_many(organisations)
        if not self.lists_organisations:
            self.fields["organisation"] = by_key(self.fields["organisation"], organisations,
                                                 _("Organisation (its id)"))
        if too_many(people):
            self.fields["person"] = by_key(self.fields["person"], people, _("Person (their id)"))
        elif label:
            self.fields["person"].label_from_instance = label

    def clean_municipality(self):
        return check_municipality(self.cleaned_data["municipality"])

    def clean_country(self):
        return check_country(self.cleaned_data["country"])

    def clean_date(self):
        return check_date(self.cleaned_data["date"], self.obj)


class FollowUpForm(forms.Form):
    """The public "Ik heb dit gebruikt" form: anyone who received the object."""

    organisation = forms.CharField(label=_("Your organisation"), max_length=300)
    municipality = forms.CharField(label=_("Municipality (CBS code, e.g. GM0363)"), max_length=6,
                                   required=False)
    date = forms.DateField(label=_("When"), widget=forms.DateInput(attrs={"type": "date"}))
    use = forms.ChoiceField(label=_("How did you use it?"), choices=USE_CHOICES)
    source = forms.CharField(label=_("From whom or how did you get it?"), max_length=200, required=False)
    note = forms.CharField(label=_("Anything else"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False, max_length=2000)

    def __init__(self, *args, obj, **kwargs):
        super().__init__(*args, **kwargs)
        self.obj = obj

    def clean_municipality(self):
        return check_municipality(self.cleaned_data["municipality"])

    def clean_date(self):
        return check_date(self.cleaned_data["date"], self.obj)


def check_municipality(code: str) -> str:
    code = (code or "").strip().upper()
    if code and code not in municipalities():
        raise forms.ValidationError(_("Not a municipality of 2025 (CBS code GM and four digits)."))
    return code


def check_country(code: str) -> str:
    code = (code or "").strip().upper()
    if code and not COUNTRY.match(code):
        raise forms.ValidationError(_("Two letters, e.g. NL or BE."))
    return code


def check_date(date, obj):
    if date and obj.date and date < obj.date:
        raise forms.ValidationError(_("Before the object existed (%(date)s).") % {"date": obj.date})
    return date
