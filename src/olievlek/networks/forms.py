"""Forms for managing a network in the browser. Validation only: saving goes through
``actions.save_record`` so that every change is audited in one place."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RESERVED_SLUGS, Membership, Network, Organisation, Person, Unit


class NetworkForm(forms.ModelForm):
    class Meta:
        model = Network
        fields = ["slug", "name", "sector", "region", "theme", "started"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["slug"]  # links, exports and audit entries name the network by it

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is reserved; choose another."))
        return slug


class KeyedForm(forms.ModelForm):
    """A record of one network with a package id (``key``), unique within the network."""

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.instance.network = network

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        others = type(self.instance).objects.filter(network=self.network, key=key)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This id is already used in this network."))
        return key


class OrganisationForm(KeyedForm):
    class Meta:
        model = Organisation
        fields = ["key", "name", "type", "sector", "region", "member", "municipality"]

    def clean_municipality(self) -> str:
        """A CBS code of 2025 (GM####), the same rule as organisations.csv."""
        from olievlek.spread.data import municipalities

        code = self.cleaned_data["municipality"].strip()
        if code and code not in municipalities():
            raise forms.ValidationError(
                _("%(code)s is not a municipality of 2025 (CBS code GM####).") % {"code": code})
        return code


class UnitForm(KeyedForm):
    class Meta:
        model = Unit
        fields = ["key", "name", "kind", "process", "level", "parent"]

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, network=network, **kwargs)
        parents = network.units.all()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ModelChoiceField)
        parent_field.queryset = parents


# What a person's form shows depends on what the viewer may see of them: under pseudonyms
# only the fields the person page shows under a pseudonym (no name, email, organisation or
# expertise), so the form never reveals more than the page.
PERSON_FIELDS = ["key", "name", "email", "organisation", "function", "sector", "education_level",
                 "years_in_education", "involvement", "expertise"]
PSEUDONYMOUS_FIELDS = ["function", "sector", "education_level", "years_in_education", "involvement"]


class PersonForm(KeyedForm):
    class Meta:
        model = Person
        fields = PERSON_FIELDS

    def __init__(self, *args, network: Network, names: bool = True, **kwargs):
        super().__init__(*args, network=network, **kwargs)
        if "organisation" in self.fields:
            organisation_field = self.fields["organisation"]
            assert isinstance(organisation_field, forms.ModelChoiceField)
            organisation_field.queryset = network.organisations.all()
        if not names and self.instance.pk:
            for name in list(self.fields):
                if name not in PSEUDONYMOUS_FIELDS:
                    del self.fields[name]
        if "key" in self.fields:
            self.fields["key"].required = False
            self.fields["key"].help_text = _("Leave empty for the next free id (p1, p2...).")

    def clean_key(self):
        if not self.cleaned_data["key"].strip():
            return self.instance.key or next_person_key(self.network)
        return super().clean_key()


def next_person_key(network: Network) -> str:
    taken = set(network.people.values_list("key", flat=True))
    n = len(taken) + 1
    while f"p{n}" in taken:
        n += 1
    return f"p{n}"


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["unit", "role", "start", "end"]
        # A date input takes ISO dates whatever the language (Dutch would render 31-07-2025).
        widgets = {"start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = network.units.all()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end lies before the start."))
        return data
