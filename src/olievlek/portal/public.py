"""What the portal may show: the one place that decides which rows are public.

A network shows nothing until its portal is on (``PortalNetwork.enabled``). Then: people only
with a profile they made themselves; groups the network published; products it marked
public. Makers and members are shown only when they have a profile (and, for groups, chose
to show them).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from olievlek.networks.models import Membership

from .models import PublicProfile, PublishedObject, PublishedUnit


def profiles() -> QuerySet[PublicProfile]:
    return PublicProfile.objects.filter(person__network__portal__enabled=True)


def groups() -> QuerySet[PublishedUnit]:
    return PublishedUnit.objects.filter(published=True, unit__network__portal__enabled=True)


def products() -> QuerySet[PublishedObject]:
    return PublishedObject.objects.filter(public=True, object__network__portal__enabled=True)


def groups_of(profile: PublicProfile) -> list[PublishedUnit]:
    """The published groups a profile shows: where the person is a member today."""
    if not profile.show_groups:
        return []
    active = Membership.objects.filter(person=profile.person).active_on(dt.date.today())
    return list(groups().filter(unit__in=active.values("unit")).select_related("unit")
                .order_by("unit__name"))


def members_of(pub: PublishedUnit) -> list[PublicProfile]:
    """A group's members today who have a profile and show their groups."""
    active = Membership.objects.filter(unit=pub.unit).active_on(dt.date.today())
    return list(profiles().filter(person__in=active.values("person"), show_groups=True)
                .order_by("name"))


def organisations_of(pub: PublishedUnit) -> list[str]:
    """The organisations taking part in a group: those of its members today."""
    active = Membership.objects.filter(unit=pub.unit).active_on(dt.date.today())
    names = set()
    for org, given in active.values_list("person__organisation__name", "person__organisation_name"):
        if org or given:
            names.add(org or given)
    return sorted(names)


def makers_of(pub: PublishedObject) -> list[PublicProfile]:
    """A product's makers who have a profile."""
    return list(profiles().filter(person__in=pub.object.makers.all()).order_by("name"))


def unnamed_makers(pub: PublishedObject) -> int:
    """How many makers have no profile (shown as a number only)."""
    return pub.object.makers.exclude(public_profile__in=profiles()).count()


def groups_of_product(pub: PublishedObject) -> list[PublishedUnit]:
    return list(groups().filter(unit__in=pub.object.units.all()).select_related("unit")
                .order_by("unit__name"))


def products_of_group(pub: PublishedUnit) -> list[PublishedObject]:
    return list(products().filter(object__units=pub.unit).select_related("object")
                .order_by("object__title"))


def products_of_person(profile: PublicProfile) -> list[PublishedObject]:
    return list(products().filter(object__makers=profile.person).select_related("object")
                .order_by("object__title"))
