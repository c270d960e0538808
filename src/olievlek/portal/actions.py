"""The portal's workflows, shared by its pages and the ``olievlek portal`` command. Every
change of personal data (profiles, invitations, contact messages) is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time
from collections.abc import Sequence

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from olievlek.accounts import audit

from . import counter, search
from .models import (
    ContactMessage,
    PortalNetwork,
    ProfileInvitation,
    PublicProfile,
    PublishedObject,
    PublishedUnit,
    UsageCount,
)


class PortalError(Exception):
    """A request the rules refuse; the message says why, for the person asking."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


# ---------------------------------------------------------------------------------------------
# The network's switch and what it publishes


@transaction.atomic
def set_portal(network, *, enabled: bool, province: str = "", description: str = "",
               actor: str) -> PortalNetwork:
    portal, _created = PortalNetwork.objects.get_or_create(network=network)
    portal.enabled, portal.province, portal.description = enabled, province, description
    portal.save()
    network.portal = portal
    audit.log(actor, "portal on" if enabled else "portal off", network_slug=network.slug,
              object_type="network", object_key=network.slug)
    search.reindex_network(network)
    return portal


@transaction.atomic
def publish_unit(unit, *, published: bool = True, theme: str = "", goal: str = "",
                 how_to_join: str = "", actor: str) -> PublishedUnit:
    pub, _created = PublishedUnit.objects.get_or_create(unit=unit)
    pub.published, pub.theme, pub.goal, pub.how_to_join = published, theme, goal, how_to_join
    pub.save()
    audit.log(actor, "publish" if published else "unpublish", network_slug=unit.network.slug,
              object_type="unit", object_key=unit.key)
    search.index_unit(pub)
    return pub


@transaction.atomic
def publish_object(obj, *, public: bool = True, educational_level: str = "", file=None,
                   actor: str) -> PublishedObject:
    from .metadata import licence_url

    if public and not licence_url(obj.licence):
        raise PortalError(_("Only a product with a Creative Commons licence (e.g. CC-BY-4.0) "
                            "can be public."))
    pub, _created = PublishedObject.objects.get_or_create(object=obj)
    pub.public, pub.educational_level = public, educational_level
    if file is not None:
        pub.file = file
    pub.save()
    audit.log(actor, "publish" if public else "unpublish", network_slug=obj.network.slug,
              object_type="boundary object", object_key=obj.key)
    search.index_product(pub)
    return pub


# ---------------------------------------------------------------------------------------------
# Profiles: only the person makes one, through their own link


def profile_link(token: str) -> str:
    return settings.SITE_URL + reverse("portal:own_profile", args=[token])


@transaction.atomic
def invite(person, *, actor: str, send: bool = True) -> str:
    """Send ``person`` their personal link to make a public profile (replacing any older
    link); returns the token. Refused without an e-mail address: the link goes to the
    person, never through someone else."""
    if not person.email:
        raise PortalError(_("This person has no e-mail address, so no link can be sent."))
    token = secrets.token_urlsafe(32)
    person.portal_invitations.all().delete()
    ProfileInvitation.objects.create(person=person, token_hash=_hash(token))
    audit.log(actor, "portal invite", network_slug=person.network.slug, object_type="person",
              object_key=person.key)
    if send:
        with translation.override("nl"):
            body = _(
                "Hello,\n\nThe network %(network)s has a public portal where people can find "
                "each other, the groups and what they made. You may put a profile of yourself "
                "on it; nothing from the questionnaire or the analysis is ever shown. With "
                "this personal link you can make, change or remove your profile at any "
                "time:\n\n%(link)s\n\nIf you do nothing, nothing about you is published.\n"
            ) % {"network": person.network.name, "link": profile_link(token)}
            subject = _("Your profile on the %(network)s portal") % {"network": person.network.name}
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    return token


def person_for_token(token: str):
    """The person whose link this is, or None."""
    inv = (ProfileInvitation.objects.filter(token_hash=_hash(token))
           .select_related("person__network", "person__organisation").first())
    return inv.person if inv else None


CONSENT_TEXT = (
    "Ik geef toestemming om dit profiel (naam, rol, organisatie, regio, expertise, groepen "
    "en producten) openbaar te tonen op het portaal, vindbaar voor zoekmachines. Mijn "
    "e-mailadres wordt niet getoond. Ik kan het profiel altijd met mijn persoonlijke link "
    "verwijderen."
)


@transaction.atomic
def save_profile(person, *, name: str, role: str = "", organisation: str = "", region: str = "",
                 expertise_kinds: Sequence[str] = (), expertise: str = "", show_groups: bool = True,
                 actor: str) -> PublicProfile:
    """Make or change the person's profile; making it records their consent (time and the
    exact text agreed to)."""
    profile = PublicProfile.objects.filter(person=person).first()
    created = profile is None
    if profile is None:
        profile = PublicProfile(person=person, consented_at=timezone.now(),
                                consent_text=CONSENT_TEXT)
    profile.name, profile.role, profile.organisation, profile.region = (
        name, role, organisation, region)
    profile.expertise_kinds = ";".join(expertise_kinds)
    profile.expertise, profile.show_groups = expertise, show_groups
    profile.save()
    audit.log(actor, "portal consent" if created else "portal profile",
              network_slug=person.network.slug, object_type="person", object_key=person.key)
    search.index_profile(profile)
    for pub in PublishedObject.objects.filter(object__makers=person):
        search.index_product(pub)  # their name is findable under what they made
    return profile


@transaction.atomic
def withdraw(person, *, actor: str) -> bool:
    """Withdraw consent: the profile, its search entry and the messages sent to it are
    deleted at once. Returns whether there was a profile."""
    profile = PublicProfile.objects.filter(person=person).first()
    if profile is None:
        return False
    profile.delete()
    audit.log(actor, "portal withdraw", network_slug=person.network.slug, object_type="person",
              object_key=person.key)
    for pub in PublishedObject.objects.filter(object__makers=person):
        search.index_product(pub)
    return True


def forget_person(person) -> dict[str, int]:
    """For ``erase_person``: delete the person's profile, the messages sent to it and their
    links; returns the counts."""
    counts = {
        "portal profiles": PublicProfile.objects.filter(person=person).count(),
        "contact messages": ContactMessage.objects.filter(profile__person=person).count(),
    }
    PublicProfile.objects.filter(person=person).delete()
    ProfileInvitation.objects.filter(person=person).delete()
    for pub in PublishedObject.objects.filter(object__makers=person):
        search.index_product(pub)  # their name leaves the index of what they made
    return counts


# ---------------------------------------------------------------------------------------------
# Contact form


def _throttle_key(address: str | None) -> str:
    window = int(time.time() // settings.PORTAL_CONTACT_WINDOW)
    return f"olievlek:portal-contact:{address}:{window}"


def contact_allowed(address: str | None) -> bool:
    """Whether this address may send another message in this window
    (``PORTAL_CONTACT_MESSAGES`` per ``PORTAL_CONTACT_WINDOW`` seconds)."""
    return (cache.get(_throttle_key(address)) or 0) < settings.PORTAL_CONTACT_MESSAGES


@transaction.atomic
def send_contact(profile: PublicProfile, *, sender_name: str, sender_email: str, message: str,
                 address: str | None) -> ContactMessage:
    """Forward a message to the person by e-mail (their address stays hidden; replies go to
    the sender) and keep it, until the person is erased or withdraws."""
    if not contact_allowed(address):
        raise PortalError(_("Too many messages from your address; try again later."))
    key = _throttle_key(address)
    if not cache.add(key, 1, settings.PORTAL_CONTACT_WINDOW * 2):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.PORTAL_CONTACT_WINDOW * 2)
    msg = ContactMessage.objects.create(profile=profile, sender_name=sender_name,
                                        sender_email=sender_email, message=message)
    with translation.override("nl"):
        subject = _("Message via the portal from %(name)s") % {"name": sender_name}
    EmailMessage(subject, message, settings.DEFAULT_FROM_EMAIL, [profile.person.email],
                 reply_to=[sender_email]).send()
    audit.log("portal contact form", "portal contact", network_slug=profile.person.network.slug,
              object_type="person", object_key=profile.person.key)
    return msg


# ---------------------------------------------------------------------------------------------
# Counting views and downloads (olievlek.portal.counter)


def count(obj, action: str, *, address: str | None, user_agent: str | None,
          now: float | None = None) -> bool:
    """Count one view or download of a public product the COUNTER way; returns whether it
    counted (robots and double clicks do not)."""
    assert action in ("view", "download")
    if counter.is_robot(user_agent):
        return False
    now = time.time() if now is None else now
    key = "olievlek:portal-click:" + counter.user_key(address, user_agent, str(obj.pk), action)
    previous = cache.get(key)
    cache.set(key, now, counter.DOUBLE_CLICK_SECONDS)
    if counter.is_double_click(previous, now):
        return False
    month = dt.datetime.fromtimestamp(now, tz=dt.UTC).date().replace(day=1)
    row, _created = UsageCount.objects.get_or_create(object=obj, month=month)
    field = "views" if action == "view" else "downloads"
    UsageCount.objects.filter(pk=row.pk).update(**{field: F(field) + 1})
    return True
