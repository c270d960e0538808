"""Forms of the portal: the person's own profile, the contact form and the network's choices."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EDUCATION_LEVEL_CHOICES, EXPERTISE_CHOICES, PROVINCE_CHOICES


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    role = forms.CharField(label=_("role"), max_length=200, required=False,
                           help_text=_("e.g. teacher, teacher educator, researcher, school leader"))
    organisation = forms.CharField(label=_("organisation"), max_length=300, required=False)
    region = forms.CharField(label=_("region"), max_length=200, required=False)
    expertise_kinds = forms.MultipleChoiceField(
        label=_("kinds of expertise"), choices=EXPERTISE_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple)
    expertise = forms.CharField(label=_("expertise in your own words"), max_length=2000,
                                required=False, widget=forms.Textarea(attrs={"rows": 3}))
    show_groups = forms.BooleanField(label=_("show the groups I take part in"), required=False,
                                     initial=True)
    consent = forms.BooleanField(label=_("I agree that this profile is public"), required=True)


class ContactForm(forms.Form):
    sender_name = forms.CharField(label=_("your name"), max_length=200)
    sender_email = forms.EmailField(label=_("your e-mail address"),
                                    help_text=_("The person can answer you at this address."))
    message = forms.CharField(label=_("message"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 5}))


class PortalForm(forms.Form):
    enabled = forms.BooleanField(label=_("on the public portal"), required=False)
    province = forms.ChoiceField(label=_("province"), choices=[("", "-"), *PROVINCE_CHOICES],
                                 required=False)
    description = forms.CharField(label=_("public description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class UnitForm(forms.Form):
    published = forms.BooleanField(label=_("published"), required=False)
    theme = forms.CharField(label=_("theme"), max_length=300, required=False)
    goal = forms.CharField(label=_("goal"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    how_to_join = forms.CharField(label=_("how to join"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class ObjectForm(forms.Form):
    public = forms.BooleanField(label=_("public"), required=False)
    educational_level = forms.ChoiceField(label=_("education level"),
                                          choices=[("", "-"), *EDUCATION_LEVEL_CHOICES],
                                          required=False)
    file = forms.FileField(label=_("file"), required=False)
