"""Forms of the activity and monitor pages; the package's rules apply to what people type."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from olievlek.package import text_problem
from olievlek.package_activities import RESERVED_IDS

from .models import PROCESS_CHOICES, SCORE_CHOICES, Action, Activity, Factor


class ActivityForm(forms.ModelForm):
    process_codes = forms.MultipleChoiceField(label=_("knowledge processes"), choices=PROCESS_CHOICES,
                                              required=False, widget=forms.CheckboxSelectMultiple)
    people: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("attendees"), queryset=None, required=False)
    guests = forms.CharField(label=_("guests"), required=False, max_length=20000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("One line per guest: their organisation."))

    class Meta:
        model = Activity
        fields = ["key", "date", "title", "kind", "units", "observed", "report"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, network, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["units"].queryset = network.units.order_by("key")
        self.fields["people"].queryset = network.people.order_by("key")
        self.fields["people"].label_from_instance = label
        self.fields["report"].queryset = network.sources.order_by("-date", "title")
        if self.instance.pk:
            self.fields["process_codes"].initial = self.instance.process_list()
            self.fields["people"].initial = [a.person_id for a in self.instance.attendance.all()
                                             if a.person_id]
            self.fields["guests"].initial = "\n".join(
                a.organisation for a in self.instance.attendance.all() if not a.person_id)

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        if key in RESERVED_IDS or "/" in key:
            raise forms.ValidationError(_("This id is taken by a page; choose another."))
        if self.network.activities.filter(key=key).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another activity of this network has this id."))
        return key

    def clean_guests(self):
        lines = [line.strip() for line in self.cleaned_data["guests"].splitlines() if line.strip()]
        for line in lines:
            if len(line) > 300 or text_problem(line):
                raise forms.ValidationError(_("One organisation per line, at most 300 characters."))
        return lines

    def save(self, commit=True):
        activity = super().save(commit=False)
        activity.processes = ";".join(self.cleaned_data["process_codes"])
        return activity


class RhythmForm(forms.Form):
    per_year = forms.IntegerField(label=_("meetings per year"), min_value=1, max_value=366,
                                  required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class RoundForm(forms.Form):
    label = forms.RegexField(label=_("round"), max_length=60, regex=r"^[\w .-]+$")
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))


class ScoresForm(forms.Form):
    """One unit's traffic lights in a round: a score and a required explanation per factor."""

    def __init__(self, *args, factors, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.factors = list(factors)
        initial_scores = initial_scores or {}
        for f in self.factors:
            score, explanation = initial_scores.get(f.key, ("", ""))
            self.fields[f"score_{f.key}"] = forms.ChoiceField(
                label=f.text, choices=[("", "-"), *SCORE_CHOICES], required=False, initial=score)
            self.fields[f"explanation_{f.key}"] = forms.CharField(
                label=_("explanation"), required=False, max_length=5000, initial=explanation,
                widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        for f in self.factors:
            if data.get(f"score_{f.key}") and not (data.get(f"explanation_{f.key}") or "").strip():
                self.add_error(f"explanation_{f.key}", _("Explain every score."))
        return data

    def scores(self) -> dict[str, tuple[str, str]]:
        return {f.key: (self.cleaned_data[f"score_{f.key}"],
                        self.cleaned_data[f"explanation_{f.key}"].strip()) for f in self.factors}


class FactorForm(forms.ModelForm):
    key = forms.RegexField(label=_("id"), max_length=60, regex=r"^[a-z0-9][a-z0-9-]*$",
                           help_text=_("Lower-case letters, digits and -, e.g. tijd."))

    class Meta:
        model = Factor
        fields = ["key", "theme", "text", "order"]

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network

    def clean_key(self):
        key = self.cleaned_data["key"]
        if self.network.factors.filter(key=key).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another factor of this network has this id."))
        return key


class ActionForm(forms.ModelForm):
    """An action: the owner is a person of the network, shown as the viewer may see them
    (``label``), or free text for someone outside the network; one of the two, not both."""

    class Meta:
        model = Action
        fields = ["description", "person", "owner", "due", "done"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"}),
                   "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, network, label, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = network.people.order_by("key")
        field.label_from_instance = label
        self.network = network
        self.fields["owner"].help_text = _("Only for an owner who is not a person of the network.")

    def clean(self):
        data = super().clean()
        person, owner = data.get("person"), (data.get("owner") or "").strip()
        if person is None and not owner:
            raise forms.ValidationError(_("Choose the owner, or name an owner outside the network."))
        if person is not None and owner:
            raise forms.ValidationError(_("Choose a person of the network or name an owner outside it, not both."))
        if owner and self.network.people.filter(name__iexact=owner).exists():
            # Free text only for people outside the network: a person's name typed here
            # would escape erasure (networks.actions.erase_person).
            self.add_error("owner", _("This is a person of the network: choose them as the owner."))
        data["owner"] = owner
        return data
