"""Account pages: your own page, and for researchers the people with access: invite, change
access, revoke. The invited person activates their account by choosing a password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions, audit
from .access import viewer, visible_networks
from .forms import AccessForm, InviteForm


@login_required
def me(request):
    v = viewer(request.user)
    profile = getattr(request.user, "profile", None)
    return render(request, "accounts/me.html", {
        "profile": profile, "networks": visible_networks(v).order_by("name"),
    })


def _researcher(request):
    if not viewer(request.user).manages_accounts:
        raise PermissionDenied


@login_required
def user_list(request):
    _researcher(request)
    users = get_user_model().objects.select_related("profile__network").order_by("username")
    return render(request, "accounts/users.html", {"users": users})


@login_required
def user_invite(request):
    _researcher(request)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        actions.invite(d["email"], role=d["role"], network=d["network"], person=d["person_obj"],
                       actor=audit.actor_of(request.user))
        messages.success(request, _("The invitation was sent to %(email)s.") % {"email": d["email"]})
        return redirect("users")
    return render(request, "accounts/form.html", {"form": form, "title": _("Invite someone")})


@login_required
def user_detail(request, pk: int):
    _researcher(request)
    user = get_object_or_404(get_user_model().objects.select_related("profile"), pk=pk)
    profile = getattr(user, "profile", None)
    initial = {"role": profile.role, "network": profile.network_id,
               "person": profile.person.key if profile.person else ""} if profile else {}
    form = AccessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        actions.set_access(user, role=d["role"], network=d["network"], person=d["person_obj"],
                           actor=audit.actor_of(request.user))
        messages.success(request, _("Saved."))
        return redirect("users")
    return render(request, "accounts/user.html", {"subject": user, "profile": profile, "form": form})


@login_required
@require_POST
def user_revoke(request, pk: int):
    _researcher(request)
    user = get_object_or_404(get_user_model(), pk=pk)
    if user == request.user:
        messages.error(request, _("You cannot revoke your own access."))
        return redirect("user_detail", pk=pk)
    actions.revoke(user, actor=audit.actor_of(request.user))
    messages.success(request, _("%(user)s can no longer log in.") % {"user": user.get_username()})
    return redirect("users")


@login_required
@require_POST
def user_reinvite(request, pk: int):
    _researcher(request)
    user = get_object_or_404(get_user_model(), pk=pk, email__gt="")
    actions.reinvite(user, actor=audit.actor_of(request.user))
    messages.success(request, _("A new activation link was sent to %(email)s.") % {"email": user.email})
    return redirect("users")


def activate(request, token: str):
    """The invitation link: choose a password, then you are logged in."""
    user = actions.user_for_token(token)
    if user is None:
        return render(request, "accounts/activate_invalid.html", status=410)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.activate(user, form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome. Your password is set."))
        return redirect("/networks/")
    return render(request, "accounts/activate.html", {"form": form, "subject": user})
