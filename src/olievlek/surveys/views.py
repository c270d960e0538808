"""Pages: the respondent's questionnaire behind a personal link, and the staff pages for waves
(list, new wave, response overview with its exports and actions).

The questionnaire page works without JavaScript (a plain form post saves or submits); with
JavaScript, ``surveys/questionnaire.js`` saves every answer through the API as it is given.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from olievlek.accounts.access import PSEUDONYMS, network_for, reidentifiable, small_cell_threshold
from olievlek.accounts.audit import actor_of

from . import actions, overview, throttle
from . import items as I
from .models import VISIBILITY_CHOICES, Wave
from .render import roster_parts

# --------------------------------------------------------------------------------------------
# Respondent


def respondent_language(request, wave: Wave) -> str:
    """The language the respondent chose (language cookie), else the wave's."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else wave.language


@never_cache
def questionnaire(request, token: str):
    inv = actions.find_invitation(token)  # first: a valid link is never blocked
    if inv is None:
        if throttle.refuse(request, token):
            return render(request, "surveys/link_blocked.html", status=429)
        return render(request, "surveys/link_invalid.html", status=404)
    with translation.override(respondent_language(request, inv.wave)):
        errors: dict[str, str] = {}
        error_message, status = "", 200
        if request.GET.get("stale") == "1":  # the script's save was refused: it reloaded the page
            error_message, status = actions.stale_message(), 200
        if request.method == "POST":
            data = form_to_answers(request.POST, inv)
            base = _base_version(request.POST)
            try:
                if not data.get("consent"):
                    raise actions.SurveyError(_("Please agree to the statement first."),
                                              {"consent": _("Please agree to the statement first.")},
                                              status=409)
                if request.POST.get("action") == "submit":
                    actions.submit(inv, data, consent_text=actions.consent_statement(inv.wave), source="web",
                                   base_version=base)
                    return redirect(f"{request.path}?submitted=1")
                actions.save_answers(inv, data, consent_text=actions.consent_statement(inv.wave),
                                     base_version=base)
                return redirect(f"{request.path}?saved=1#{request.POST.get('next', 'top')}")
            except actions.SurveyError as exc:
                # shown with the stored answers: after a stale save (409), the newer ones
                errors, error_message = exc.errors, exc.message
                status = exc.status if exc.status == 409 and "base_version" in exc.errors else 422
        q = actions.questionnaire(inv)
        advice = q["answers"].get("advice") or {}
        motivation = q["answers"].get("motivation") or {}
        rows = [
            (unit, [{"p": p, "adv": advice.get(str(p.pk)), "mot": motivation.get(str(p.pk))}
                    for p in people])
            for unit, people in q["groups"]
        ]
        extra = q["answers"].get("extra") or {}
        context = {
            **q,
            "rows": rows,
            # per colleague, rendered in Python: the template engine took seconds for large rosters
            **roster_parts(rows),
            "extra_rows": [{"item": item, "value": extra.get(item.id, "")} for item in q["extra_items"]],
            "token": token,
            "invitation": inv,
            "statement": actions.consent_statement(inv.wave),
            "background": _background_rows(q["answers"], q["person"]),
            "any_advice": bool(advice),
            "any_motivation": bool(motivation),
            "frequency": I.FREQUENCY,
            "usefulness": I.USEFULNESS,
            "texts": I,
            "errors": errors,
            "error_message": error_message,
            "submitted": request.GET.get("submitted") == "1",
            "saved": request.GET.get("saved") == "1",
            "is_open": inv.wave.is_open(),
            "versions": len(actions.versions(inv.wave, inv.person)),
            "answers_version": q["response"].saves if q["response"] else 0,
        }
        response = render(request, "surveys/questionnaire.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    return response


def _base_version(post) -> int | None:
    """The answers' version the posted form was rendered with; None from an old cached form."""
    text = post.get("base_version", "")
    return int(text) if text.isdigit() and len(text) < 10 else None


def _background_rows(answers: dict, person) -> list[dict]:
    given = answers.get("background") or {}
    rows = []
    for item in I.BACKGROUND:
        value = person.name if item.kind == "name" else given.get(item.id, "")
        rows.append({"item": item, "value": value, "name": f"bg-{item.id}"})
    return rows


def form_to_answers(post, inv) -> dict:
    """The no-JavaScript form post as the API's answer structure."""
    data: dict = {}
    if post.get("consent"):
        data["consent"] = True
    else:
        return data  # nothing else is kept before consent
    data["background"] = {
        item.id: post.get(f"bg-{item.id}", "") for item in I.ANSWERABLE_BACKGROUND if f"bg-{item.id}" in post
    }
    advice, motivation = {}, {}
    for key in post.getlist("advice"):
        advice[key] = {
            "frequency": post.get(f"adv-{key}-frequency") or None,
            "usefulness": post.get(f"adv-{key}-usefulness") or None,
            "topic": post.get(f"adv-{key}-topic", ""),
        }
    for key in post.getlist("motivation"):
        motivation[key] = {"frequency": post.get(f"mot-{key}-frequency") or None}
    data["advice"], data["motivation"] = advice, motivation
    extra = {item.id: post.get(f"x-{item.id}", "") for item in I.extra_items(inv.wave) if f"x-{item.id}" in post}
    if extra:
        data["extra"] = extra
    return data


# --------------------------------------------------------------------------------------------
# Staff


def _staff(request, slug: str):
    """(viewer, network) for a researcher or this network's coordinator; 404 for anyone else."""
    v, network = network_for(request, slug)
    if not v.runs_waves_of(network):
        raise Http404
    return v, network


def _wave(network, label: str) -> Wave:
    wave = Wave.objects.filter(network=network, label=label).first()
    if wave is None:
        raise Http404
    return wave


@login_required
def wave_list(request, slug: str):
    v, network = _staff(request, slug)
    waves = {w.label: w for w in network.waves.all()}
    rows = [(overview.masked(r, v.mask(network, waves[r.name]).groups), waves[r.name])
            for r in overview.network_overview(network)]
    return render(request, "surveys/wave_list.html", {
        "network": network, "rows": rows, "viewer": v,
    })


@login_required
def wave_new(request, slug: str):
    v, network = _staff(request, slug)
    units = list(network.units.order_by("key"))
    roles = sorted({r for r in network.people.values_list("memberships__role", flat=True) if r})
    errors: dict[str, str] = {}
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            opens = _date(form.get("opens"), "opens", errors)
            closes = _date(form.get("closes"), "closes", errors)
            if errors:
                raise actions.SurveyError(_("The wave was not created."), errors)
            chosen = [u for u in units if u.key in request.POST.getlist("units")]
            visibility = form.get("coordinator_visibility") if v.is_researcher else None
            if visibility and visibility not in dict(VISIBILITY_CHOICES):
                visibility = None
            wave = actions.create_wave(
                network, form.get("label", ""), opens=opens, closes=closes,
                language=form.get("language", "nl"), units=chosen,
                roles=[r for r in request.POST.getlist("roles") if r in roles],
                extra_items=actions.clean_extra_items(form.get("items", "").splitlines()),
                coordinator_visibility=visibility, actor=actor_of(request.user),
            )
            messages.success(request, _("Wave %(label)s created.") % {"label": wave.label})
            return redirect("surveys_responses", slug=network.slug, label=wave.label)
        except actions.SurveyError as exc:
            errors = exc.errors or {"__all__": exc.message}
    return render(request, "surveys/wave_new.html", {
        "network": network, "units": units, "roles": roles, "errors": errors, "form": form,
        "chosen_units": request.POST.getlist("units") if request.method == "POST" else [],
        "chosen_roles": request.POST.getlist("roles") if request.method == "POST" else [],
        "languages": settings.LANGUAGES, "visibility_choices": VISIBILITY_CHOICES, "viewer": v,
        "study_items": I.BACKGROUND,
        "relation_items": (I.ADVICE_QUESTION, I.ADVICE_FOLLOWUP, I.MOTIVATION_QUESTION),
    }, status=422 if errors else 200)


def _date(text, name: str, errors: dict) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors[name] = _("Give a date as YYYY-MM-DD.")
        return None


@login_required
def wave_responses(request, slug: str, label: str):
    v, network = _staff(request, slug)
    wave = _wave(network, label)
    names = v.sees_names(network, wave)
    return render(request, "surveys/responses.html", {
        "network": network, "wave": wave, "viewer": v,
        "ov": overview.overview_for(wave, v),
        "people": overview.people_status(wave) if names else None,
        "can_manage": not wave.is_over(), "can_reissue": names and not wave.is_over(),
        **_privacy_warning(v, network, wave),
        "can_reopen": actions.can_reopen(wave),
    })


# Actions that cannot be taken back (or only by hand) ask first what will happen.
CONFIRM = ("close", "remind", "revoke", "reissue")


def _confirmation(request, network, wave: Wave, action: str, person):
    """The confirmation step of ``action``: what will happen, and the same post with confirmed=1."""
    active = wave.invitations.filter(revoked_at__isnull=True).count()
    if action == "close":
        title = _("Close wave %(label)s?") % {"label": wave.label}
        what = [ngettext("Answers are no longer accepted and the %(n)d personal link stops working.",
                         "Answers are no longer accepted and all %(n)d personal links stop working.",
                         active) % {"n": active}]
        if wave.closes:
            what.append(_("You can reopen the wave until %(date)s; the links then work again.")
                        % {"date": wave.closes.isoformat()})
        else:
            what.append(_("You can reopen the wave later; the links then work again."))
        label = _("Close the wave")
    elif action == "remind":
        n = len(actions.remind_targets(wave))
        title = _("Send reminders for wave %(label)s?") % {"label": wave.label}
        what = [ngettext("%(n)d person who has not submitted yet gets a reminder email now. Emails "
                         "cannot be called back.",
                         "%(n)d people who have not submitted yet get a reminder email now. Emails "
                         "cannot be called back.", n) % {"n": n}]
        label = _("Send reminders")
    elif action == "revoke":
        title = _("Revoke the link of %(name)s?") % {"name": person.name}
        what = [_("The personal link of %(name)s stops working at once. Their answers so far stay; "
                  "a new link can be made later.") % {"name": person.name}]
        label = _("Revoke the link")
    else:
        title = _("Make a new link for %(name)s?") % {"name": person.name}
        what = [_("The current link of %(name)s stops working and a new one is made (and emailed if "
                  "there is an address). Their answers so far stay.") % {"name": person.name}]
        label = _("Make a new link")
    fields = [("action", action)] + ([("person", person.key)] if person else [])
    return render(request, "confirm.html", {
        "title": title, "what": what, "confirm_label": label, "fields": fields,
        "action_url": request.path,
        "cancel_url": reverse("surveys_responses", kwargs={"slug": network.slug, "label": wave.label}),
    })


def _privacy_warning(v, network, wave) -> dict:
    """For a researcher: the unit+role combinations that give people away under pseudonyms."""
    if not v.is_researcher or wave.coordinator_visibility != PSEUDONYMS:
        return {}
    return {"reidentifiable": reidentifiable(network, wave), "threshold": small_cell_threshold()}


@login_required
@require_POST
def wave_action(request, slug: str, label: str):
    v, network = _staff(request, slug)
    wave = _wave(network, label)
    action, actor = request.POST.get("action"), actor_of(request.user)
    person = None
    if action in ("reissue", "revoke"):
        if not v.sees_names(network, wave):
            raise Http404
        person = network.people.filter(key=request.POST.get("person", "")).first()
        if person is None:
            raise Http404
    if action in CONFIRM and request.POST.get("confirmed") != "1":
        return _confirmation(request, network, wave, action, person)
    try:
        if action == "invite":
            res = actions.invite(wave, actor=actor)
            messages.success(request, _("%(created)d new links; %(sent)d emails sent.")
                             % {"created": res.created, "sent": res.sent})
            if res.without_email:
                messages.warning(request, _("%(n)d people have no email address; use their links.")
                                 % {"n": len(res.without_email)})
        elif action == "remind":
            n = actions.remind(wave, actor=actor)
            messages.success(request, _("%(n)d reminders sent.") % {"n": n})
        elif action == "close":
            actions.close_wave(wave, actor=actor)
            messages.success(request, _("The wave is closed; its links no longer work."))
        elif action == "reopen":
            actions.reopen_wave(wave, actor=actor)
            messages.success(request, _("The wave is open again; its links work again."))
        elif action in ("reissue", "revoke"):
            assert person is not None  # looked up above for these actions
            if action == "revoke":
                actions.revoke(wave, person, actor=actor)
                messages.success(request, _("Link revoked."))
            else:
                actions.reissue(wave, person, actor=actor)
                messages.success(request, _("A new link was made (and emailed if there is an address)."))
        else:
            messages.error(request, _("Unknown action."))
    except actions.SurveyError as exc:
        messages.error(request, exc.message)
    return redirect("surveys_responses", slug=network.slug, label=wave.label)


@login_required
def export(request, slug: str, fmt: str, label: str | None = None):
    v, network = _staff(request, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    wave = _wave(network, label) if label else None
    rows = overview.export_rows(wave=wave, network=network, viewer=v)
    stem = f"{network.slug}-{wave.label}-responses" if wave else f"{network.slug}-responses"
    if fmt == "csv":
        response = HttpResponse(overview.to_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            overview.to_xlsx(rows, wave.label if wave else network.slug),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
