"""Account workflows: invite, activate, change access, revoke. Each writes the audit log.

An invitation creates an account without a usable password and mails a signed activation
link; the person chooses a password there. The link is valid for ``INVITE_DAYS`` and only
once: it is bound to the account's password and active state, so setting the password (or
revoking the account) invalidates it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from . import audit
from .models import PARTICIPANT, RESEARCHER, Profile

INVITE_DAYS = 14
SALT = "olievlek.accounts.invite"


def _state(user) -> str:
    return salted_hmac(SALT, f"{user.password}|{user.is_active}").hexdigest()[:20]


def invite_token(user) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=SALT, compress=True)


def user_for_token(token: str):
    """The account an activation token is for, or None when it is wrong, used or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=INVITE_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    if user is None or not user.is_active or _state(user) != data.get("s"):
        return None
    return user


def activation_link(user) -> str:
    return settings.SITE_URL + reverse("activate", kwargs={"token": invite_token(user)})


@transaction.atomic
def invite(email: str, *, role: str, network=None, person=None, actor: str):
    """Create the account for ``email`` with its role and network, and mail the activation link.

    Returns the new user. The username is the e-mail address.
    """
    email = email.strip().lower()
    user = get_user_model().objects.create_user(username=email, email=email)  # no usable password
    Profile.objects.create(user=user, role=role, network=network if role != RESEARCHER else None,
                           person=person if role == PARTICIPANT else None)
    audit.log(actor, "invite", network_slug=network.slug if network else "",
              object_type="user", object_key=str(user.pk), detail=role)
    send_invitation(user)
    return user


def send_invitation(user) -> None:
    link = activation_link(user)
    body = _(
        "You have been invited to olievlek, the software for regional knowledge networks in "
        "education.\n\nChoose your password here (the link works once, for %(days)d days):\n"
        "%(link)s\n\nYour user name is %(username)s."
    ) % {"link": link, "days": INVITE_DAYS, "username": user.get_username()}
    send_mail(_("Your olievlek account"), body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def reinvite(user, *, actor: str) -> None:
    """Give a revoked or never-activated account a fresh activation link (old links stop)."""
    user.is_active = True
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    audit.log(actor, "reinvite", object_type="user", object_key=user.pk)
    send_invitation(user)


@transaction.atomic
def activate(user, password: str) -> None:
    """The invited person sets their password; the link stops working."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.log(user.get_username(), "activate", object_type="user", object_key=user.pk)


@transaction.atomic
def set_access(user, *, role: str, network=None, person=None, actor: str) -> None:
    """Give ``user`` a role and (for coordinators and participants) a network."""
    profile, _created = Profile.objects.get_or_create(user=user, defaults={"role": role})
    before = f"{profile.role} {profile.network.slug if profile.network else '-'}"
    profile.role = role
    profile.network = network if role != RESEARCHER else None
    profile.person = person if role == PARTICIPANT else None
    profile.save()
    after = f"{profile.role} {profile.network.slug if profile.network else '-'}"
    audit.log(actor, "access", network_slug=network.slug if network else "",
              object_type="user", object_key=user.pk, detail=f"{before} -> {after}")


@transaction.atomic
def revoke(user, *, actor: str) -> int:
    """Deactivate an account: it cannot log in, its sessions and API tokens end at once.

    Returns the number of sessions ended.
    """
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    if hasattr(user, "api_tokens"):  # the surveys API's tokens, when that app is installed
        user.api_tokens.all().delete()
    audit.log(actor, "revoke", object_type="user", object_key=user.pk, detail=f"{ended} sessions ended")
    return ended
