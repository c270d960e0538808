"""Managing a network in the browser: upload a package, edit the network and its records.

Every view loads the network through ``access.network_to_edit`` (404 for networks the user may
not see, 403 for a network they may see but not change), validates a form, and saves through
one audited function in ``actions``. People appear only as ``Viewer.label`` allows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from olievlek.accounts import audit
from olievlek.accounts.access import NAMES, network_for, network_to_edit, viewer
from olievlek.package import PackageError, read_package

from . import actions, uploads
from .forms import MembershipForm, NetworkForm, OrganisationForm, PersonForm, UnitForm
from .models import Membership, Network
from .views import _person_for

SESSION_KEY = "package_upload"
MAX_UPLOAD_MB = 100


class UploadForm(forms.Form):
    package = forms.FileField(
        label=gettext_lazy("Network package"),
        help_text=gettext_lazy("The package folder as .zip, or an .xlsx workbook (see the format description)."),
    )

    def clean_package(self):
        f = self.cleaned_data["package"]
        if Path(f.name).suffix.lower() not in uploads.SUFFIXES:
            raise forms.ValidationError(_("Upload a .zip or an .xlsx file."))
        if f.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_MB})
        return f


def _researcher(request):
    v = viewer(request.user)
    if not v.is_researcher:
        raise PermissionDenied
    return v


@login_required
def upload_package(request, slug: str | None = None):
    """Upload -> every problem, or a preview of the changes -> confirm -> import, all or nothing.

    Without ``slug`` (researchers) the package's network.csv names the network, new or
    existing; with it, the package goes into that network (its coordinator may do this).
    """
    if slug:
        _v, network = network_to_edit(request, slug)
    else:
        _researcher(request)
        network = None
    target = network.slug if network else ""
    here = request.path
    pending = request.session.get(SESSION_KEY) or {}
    if pending.get("network") != target:
        pending = {}

    if request.method == "POST" and ("confirm" in request.POST or "cancel" in request.POST):
        name = request.POST.get("upload", "")
        if not pending or pending.get("name") != name:
            messages.error(request, _("This upload is no longer waiting; upload the package again."))
            return redirect(here)
        request.session.pop(SESSION_KEY, None)
        if "cancel" in request.POST:
            uploads.discard(name)
            messages.info(request, _("Nothing was imported."))
            return redirect(here)
        return _confirm(request, network, name, pending, here)

    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"network": network, "form": form}
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["package"]
        if pending:
            uploads.discard(pending["name"])
        name = uploads.store(f, Path(f.name).suffix.lower())
        stored = uploads.path_of(name)
        assert stored is not None  # stored just now
        try:
            pkg = read_package(stored, require_network=network is None)
            plan = actions.plan_import(pkg, network_slug=network.slug if network else None)
        except PackageError as exc:
            uploads.discard(name)
            request.session.pop(SESSION_KEY, None)
            context.update(problems=_problems(exc, f.name, name), filename=f.name)
            return render(request, "networks/manage/import.html", context, status=400)
        request.session[SESSION_KEY] = {"name": name, "network": target, "filename": f.name}
        context.update(plan=plan, upload=name, filename=f.name, form=None)
    return render(request, "networks/manage/import.html", context)


def _problems(exc: PackageError, filename: str, stored: str):
    # A problem about the file as a whole names the stored (random) file: show the user's name.
    return [
        {"file": filename if p.file in (stored, "") or p.file.endswith("/" + stored) else p.file,
         "row": p.row, "column": p.column, "reason": p.reason}
        for p in exc.problems
    ]


def _confirm(request, network: Network | None, name: str, pending: dict, here: str):
    path = uploads.path_of(name)
    if path is None:
        messages.error(request, _("This upload is no longer waiting; upload the package again."))
        return redirect(here)
    if path.stat().st_size > settings.BACKGROUND_IMPORT_BYTES:
        # A large package goes to the worker (`olievlek worker`); its page shows the progress.
        from olievlek.ops.tasks import enqueue_import

        job = enqueue_import(path, user=request.user,
                             network_slug=network.slug if network else None,
                             actor=audit.actor_of(request.user))
        uploads.discard(name)  # the job keeps its own copy
        return redirect(job.get_absolute_url())
    try:
        pkg = read_package(path, require_network=network is None)
        result = actions.import_package(pkg, network_slug=network.slug if network else None,
                                        actor=audit.actor_of(request.user))
    except PackageError as exc:
        return render(request, "networks/manage/import.html", {
            "network": network, "form": UploadForm(),
            "problems": _problems(exc, pending.get("filename", ""), name),
            "filename": pending.get("filename", ""),
        }, status=400)
    finally:
        uploads.discard(name)
    messages.success(request, _("The package was imported."))
    return redirect(result.get_absolute_url())


@login_required
def network_create(request):
    _researcher(request)
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.save_record(form.instance, actor=audit.actor_of(request.user))
        messages.success(request, _("The network was created."))
        return redirect(form.instance.get_absolute_url())
    return _form(request, form, None, _("New network"))


@login_required
def network_edit(request, slug: str):
    _v, network = network_to_edit(request, slug)
    form = NetworkForm(request.POST or None, instance=network)
    if request.method == "POST" and form.is_valid():
        return _saved(request, form, network.get_absolute_url())
    return _form(request, form, network, _("Edit the network"))


def _saved(request, form, url: str):
    actions.save_record(form.instance, actor=audit.actor_of(request.user), changed=form.changed_data)
    messages.success(request, _("Saved."))
    return redirect(url)


def _form(request, form, network, title: str, *, back: str = "", delete: str = ""):
    return render(request, "networks/manage/form.html", {
        "form": form, "network": network, "title": title,
        "back": back or (network.get_absolute_url() if network else "/networks/"),
        "delete": delete,
    })


def units_url(network: Network) -> str:
    return reverse("network_units", kwargs={"slug": network.slug})


@login_required
def organisation_form(request, slug: str, organisation: str | None = None):
    _v, network = network_to_edit(request, slug)
    instance = get_object_or_404(network.organisations, key=organisation) if organisation else None
    form = OrganisationForm(request.POST or None, instance=instance, network=network)
    if request.method == "POST" and form.is_valid():
        return _saved(request, form, network.get_absolute_url() + "#h-organisations")
    title = _("Edit organisation") if instance else _("New organisation")
    return _form(request, form, network, title)


@login_required
def unit_form(request, slug: str, unit: str | None = None):
    _v, network = network_to_edit(request, slug)
    instance = get_object_or_404(network.units, key=unit) if unit else None
    form = UnitForm(request.POST or None, instance=instance, network=network)
    if request.method == "POST" and form.is_valid():
        return _saved(request, form, units_url(network))
    return _form(request, form, network, _("Edit unit") if instance else _("New unit"),
                 back=units_url(network))


@login_required
def person_form(request, slug: str, person: str | None = None):
    v, network = network_to_edit(request, slug)
    mode = v.mode(network)
    instance = _person_for(v, network, mode, person) if person else None
    form = PersonForm(request.POST or None, instance=instance, network=network, names=mode == NAMES)
    if request.method == "POST" and form.is_valid():
        actions.save_record(form.instance, actor=audit.actor_of(request.user), changed=form.changed_data)
        messages.success(request, _("Saved."))
        return redirect(_person_url(v, network, form.instance))
    if instance is None:
        return _form(request, form, network, _("New person"))
    return _form(request, form, network, _("Edit %(person)s") % {"person": v.label(instance, mode)},
                 back=_person_url(v, network, instance))


def _person_url(v, network: Network, person) -> str:
    return reverse("person_detail", kwargs={"slug": network.slug,
                                            "person": v.reference(person, v.mode(network))})


@login_required
def membership_form(request, slug: str, person: str | None = None, pk: int | None = None):
    v, network = network_to_edit(request, slug)
    mode = v.mode(network)
    if pk is not None:
        # Scoped to the network in the address: another network's membership id is a 404.
        instance = get_object_or_404(Membership.objects.select_related("person", "unit"),
                                     pk=pk, person__network=network)
        subject = instance.person
    else:
        assert person is not None  # the add-membership address names the person
        subject = _person_for(v, network, mode, person)
        instance = Membership(person=subject)
    form = MembershipForm(request.POST or None, instance=instance, network=network)
    back = _person_url(v, network, subject)
    if request.method == "POST" and form.is_valid():
        return _saved(request, form, back)
    label = v.label(subject, mode)
    title = (_("Membership of %(person)s") if pk else _("New membership of %(person)s")) % {"person": label}
    delete = reverse("membership_delete", kwargs={"slug": network.slug, "pk": pk}) if pk else ""
    return _form(request, form, network, title, back=back, delete=delete)


@login_required
@require_POST
def membership_delete(request, slug: str, pk: int):
    v, network = network_to_edit(request, slug)
    membership = get_object_or_404(Membership.objects.select_related("person__network", "unit"),
                                   pk=pk, person__network=network)
    subject = membership.person
    actions.delete_membership(membership, actor=audit.actor_of(request.user))
    messages.success(request, _("The membership was deleted."))
    return redirect(_person_url(v, network, subject))


@login_required
def unit_list(request, slug: str):
    """The units as a tree, each with its number of current members; editors get links."""
    v, network = network_for(request, slug)
    tree = actions.units_tree(network)
    counts: dict[int, int] = {}
    for m in Membership.objects.filter(unit__network=network).active_on(dt.date.today()).only("unit_id"):
        counts[m.unit_id] = counts.get(m.unit_id, 0) + 1
    rows = [{"unit": u, "depth": d, "members": counts.get(u.pk, 0)} for u, d in tree]
    return render(request, "networks/manage/units.html", {
        "network": network, "rows": rows, "can_edit": v.edits(network),
    })


@login_required
def unit_detail(request, slug: str, unit: str):
    """One unit: its place in the tree and its members over time, as the viewer may see them."""
    v, network = network_for(request, slug)
    subject = get_object_or_404(network.units.select_related("parent"), key=unit)
    mode = v.mode(network)
    members = []
    for m in subject.memberships.select_related("person").order_by("start", "person__key"):
        if v.may_see_person(m.person, mode):
            members.append({"m": m, "label": v.label(m.person, mode), "ref": v.reference(m.person, mode)})
    hidden = subject.memberships.count() - len(members)
    return render(request, "networks/manage/unit_detail.html", {
        "network": network, "unit": subject, "children": subject.children.order_by("name"),
        "members": members, "hidden": hidden, "can_edit": v.edits(network),
    })
