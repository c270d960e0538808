"""Forms for inviting people and giving them access."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from olievlek.networks.models import Network

from .models import COORDINATOR, PARTICIPANT, RESEARCHER, ROLE_CHOICES


class AccessForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    network = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.all(), required=False,
                                     help_text=_("For coordinators and participants."))
    person = forms.CharField(label=_("Person (id in the network)"), required=False, max_length=100,
                             help_text=_("For a participant: their id in the network's package."))

    def clean(self):
        data = super().clean()
        role, network, key = data.get("role"), data.get("network"), data.get("person", "").strip()
        if role in (COORDINATOR, PARTICIPANT) and network is None:
            self.add_error("network", _("A coordinator or participant needs a network."))
        data["person_obj"] = None
        if role == PARTICIPANT and network is not None:
            if not key:
                self.add_error("person", _("A participant is one of the network's people."))
            else:
                data["person_obj"] = network.people.filter(key=key).first()
                if data["person_obj"] is None:
                    self.add_error("person", _("No person with this id in the network."))
        if role == RESEARCHER:
            data["network"] = None
        return data


class InviteForm(AccessForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=150)

    field_order = ["email", "role", "network", "person"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        users = get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
        if users.exists():
            raise forms.ValidationError(_("This address already has an account."))
        return email
