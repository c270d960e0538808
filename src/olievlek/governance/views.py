"""Governance pages of a network: the yearly overview, fees, support applications, a group's
type, the decision log and the network's rules.

Who sees what is decided in ``olievlek.accounts.access`` (``Viewer.edits_governance_of``:
researchers every network, a coordinator their own); everyone else gets 404. Every change goes
through :mod:`.actions` (audited); every rule is :mod:`.rules`.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from olievlek.accounts.access import network_for

from . import actions
from . import rules as R
from .forms import ApplicationForm, DecisionForm, SettingsForm, TypeChangeForm
from .models import Fee, Settings


def _editor(request, slug):
    v, network = network_for(request, slug)
    if not v.edits_governance_of(network):
        raise Http404
    return v, network


def describe(check: R.Check) -> str:
    """What a rule's check says, in the page's language."""
    if check.met:
        return _("met")
    n = check.short
    if check.rule == "paying_organisations":
        return ngettext("%(n)d paying organisation short", "%(n)d paying organisations short", n) % {"n": n}
    if check.rule in ("budget",):
        return _("EUR %(n)s short") % {"n": f"{n:,}"}
    if check.rule == "organisations":
        return ngettext("%(n)d organisation short", "%(n)d organisations short", n) % {"n": n}
    if check.rule == "facilitation":
        return ngettext("%(n)d hour per member short", "%(n)d hours per member short", n) % {"n": n}
    return check.missing


RULE_LABELS = {
    "all": gettext_lazy("every rule met"),
    "type": gettext_lazy("type: supported from the network's budget"),
    "goal": gettext_lazy("a goal is stated"),
    "organisations": gettext_lazy("members from enough different organisations"),
    "amount": gettext_lazy("at most the type's yearly support"),
    "facilitation": gettext_lazy("hours per member from the employer"),
    "budget": gettext_lazy("budget left this year"),
}


def rule_label(code: str) -> str:
    return str(RULE_LABELS[code]) if code in RULE_LABELS else code


def _year(request, network) -> int:
    text = request.GET.get("year", "")
    if text:
        if not (text.isdigit() and 1900 <= int(text) <= 2100):
            raise Http404
        return int(text)
    years = actions.years_of(network)
    this = dt.date.today().year
    return this if this in years or not years else years[-1]


@login_required
def overview(request, slug):
    v, network = _editor(request, slug)
    year = _year(request, network)
    ov = actions.overview(network, year)
    mode = v.mode(network)
    for body in ov.bodies:  # names or pseudonyms, as access decides for this viewer
        body["members"] = sorted(v.label(p, mode) for p in body["members"])
    condition_labels = {
        "paying_organisations": _("At least %(n)d paying member organisations") % {"n": ov.rules.min_paying},
        "budget": _("At least EUR %(n)s a year") % {"n": f"{ov.rules.min_budget:,}"},
    }
    checks = [{"label": condition_labels.get(c.rule, c.rule), "met": c.met, "text": describe(c)}
              for c in ov.checks]
    grants = [{"grant": g, "rule": rule_label(g.rule)} for g in ov.grants]
    decisions = [{"decision": d, "eligible": sorted(o.name for o in d.eligible.all()),
                  "votes": [(vt.organisation.name, vt.get_vote_display()) for vt in d.votes.all()]}
                 for d in ov.decisions]
    years = sorted(set(actions.years_of(network)) | {year})
    return render(request, "governance/overview.html", {
        "network": network, "ov": ov, "year": year, "years": years, "checks": checks,
        "grants": grants, "decisions": decisions,
        "paying": sum(1 for f in ov.fees if f.paid),
    })


@login_required
def rules_edit(request, slug):
    v, network = _editor(request, slug)
    settings = Settings.objects.filter(network=network).first() or Settings(network=network)
    form = SettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        actions.save_settings(form.save(commit=False), actor=v.username)
        messages.success(request, _("The rules are saved."))
        return redirect("governance:overview", network.slug)
    return render(request, "governance/form.html", {"network": network, "form": form,
                                                    "title": _("Rules of the network")})


@login_required
def fees_edit(request, slug, year):
    v, network = _editor(request, slug)
    if not 1900 <= year <= 2100:
        raise Http404
    orgs = list(network.organisations.order_by("name"))
    fees = {f.organisation_id: f for f in Fee.objects.filter(network=network, year=year)}
    default = actions.rules_for(network).fee
    errors = []
    if request.method == "POST":
        wanted = []
        for org in orgs:
            if not request.POST.get(f"member_{org.pk}"):
                continue
            text = request.POST.get(f"fee_{org.pk}", "").strip() or str(default)
            if not text.isdigit() or int(text) > 10_000_000:
                errors.append(_("%(org)s: '%(fee)s' is not a whole number of euros") % {"org": org.name, "fee": text[:20]})
                continue
            wanted.append((org, int(text), bool(request.POST.get(f"paid_{org.pk}"))))
        if not errors:
            actions.save_fees(network, year, {org.pk: (amount, paid) for org, amount, paid in wanted},
                              actor=v.username)
            messages.success(request, _("The fees are saved."))
            return redirect(f"/networks/{network.slug}/governance/?year={year}")
    rows = [{"org": o, "fee": fees.get(o.pk)} for o in orgs]
    return render(request, "governance/fees.html", {"network": network, "year": year, "rows": rows,
                                                    "default": default, "errors": errors})


@login_required
def apply(request, slug):
    v, network = _editor(request, slug)
    form = ApplicationForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        grant = actions.apply_for_support(d["unit"], year=d["year"], goal=d["goal"], amount=d["amount"],
                                          hours=d["hours"], date=d["date"], actor=v.username)
        if grant.decision == R.GRANTED:
            messages.success(request, _("Granted: EUR %(n)s.") % {"n": f"{grant.amount:,}"})
        else:
            messages.warning(request, _("Refused by the rule: %(rule)s (%(reason)s).")
                             % {"rule": rule_label(grant.rule), "reason": grant.reason})
        return redirect(f"/networks/{network.slug}/governance/?year={grant.year}")
    return render(request, "governance/form.html", {
        "network": network, "form": form, "title": _("Application for support"),
        "intro": _("The application is checked against the network's rules at once: granted, or "
                   "refused with the rule that decided.")})


@login_required
def type_change(request, slug):
    v, network = _editor(request, slug)
    form = TypeChangeForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        actions.change_group_type(d["unit"], d["type"], date=d["date"], note=d["note"], actor=v.username)
        messages.success(request, _("The group's type is recorded."))
        return redirect("governance:overview", network.slug)
    return render(request, "governance/form.html", {"network": network, "form": form,
                                                    "title": _("A group changes type")})


@login_required
def decision_new(request, slug):
    v, network = _editor(request, slug)
    text = request.POST.get("date") or request.GET.get("date") or ""
    try:
        day = dt.date.fromisoformat(text) if text else dt.date.today()
    except ValueError:
        day = dt.date.today()
    paying = set(R.voters(actions.fees_of(network, day.year)))
    voters = [o for o in network.organisations.order_by("name") if o.key in paying]
    form = DecisionForm(request.POST or None, network=network, voters=voters,
                        initial={"date": day})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.record_decision(d["body"], date=d["date"], text=d["text"], votes=form.votes(),
                                    actor=v.username)
        except actions.GovernanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The decision is logged."))
            return redirect(f"/networks/{network.slug}/governance/?year={d['date'].year}")
    return render(request, "governance/form.html", {
        "network": network, "form": form, "title": _("Log a decision"),
        "intro": _("Only member organisations that paid the fee of the decision's year vote "
                   "(wie betaalt, bepaalt); anyone may take part in groups and activities.")
        if voters else _("No member organisation has paid a fee in this year: nobody can vote.")})
