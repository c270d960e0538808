"""Questionnaire workflows, one function each, used by the web pages, the API and the CLI.

A wave has a roster (who is invited and who can be named). Inviting gives each roster person
one active :class:`Invitation` with a random token and a ``Response`` row (status
"invited"). The respondent's answers are saved as given into ``Response.answers`` (status
"partial"); submitting writes them as the wave's ``Tie`` rows and the person's background
fields, keeps a numbered :class:`AnswerVersion`, and sets status "complete". Submitting the
same answers again changes nothing; submitting changed answers before the wave closes is a
correction and adds a version.

Audit log: creating and closing a wave, new links, reminders, revoking and reissuing a link,
consent, the first answer, and every submitted version (with what changed in the person's
record). Not every autosave: the draft is the respondent's own until they submit it.

Stale saves: ``Response.saves`` counts the saves and is the answers' version. A save may say
which version it was based on (``base_version``; the questionnaire page and its script always
do); a save based on an older version than the stored one is refused with 409 and the newer
answers, unless it would change nothing (a double submit, a repeated request), so the newest
answers win knowingly and a second tab never silently overwrites them.

Concurrency: save and submit lock the person's ``Response`` row (``select_for_update`` inside
``transaction.atomic``; SQLite runs transactions in IMMEDIATE mode, so writers queue instead of
failing), and the unique constraints (one response per wave and person, one version number per
wave and person) are the last line of defence against a double submit.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Field
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from olievlek import derived
from olievlek.accounts import audit
from olievlek.networks.models import Membership, Network, Person
from olievlek.package import text_problem, wave_label_problem

from . import items as I
from .models import AnswerVersion, Invitation, Response, Tie, Wave

TOKEN_BYTES = 32  # 256 bits; the issue asks for at least 128
_SQLITE_WRITES = threading.RLock()


def _writing():
    """On SQLite, let this process's answer writes queue on a lock here: SQLite has one writer
    at a time anyway, and its own busy handler retries with sleeps of up to 100 ms, which
    makes waiting writers' latency spiky under load (see docs/performance.md). Other
    processes still queue on SQLite's busy timeout; PostgreSQL needs no such lock."""
    return _SQLITE_WRITES if connection.vendor == "sqlite" else nullcontext()


class SurveyError(ValueError):
    """A request the questionnaire cannot take; ``errors`` maps a field path to a message.

    ``status`` is the HTTP status the API and pages answer with.
    """

    def __init__(self, message: str, errors: dict[str, str] | None = None, status: int = 400,
                 extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        self.status = status
        self.extra = extra or {}  # more for the API's answer, e.g. the newer answers on a 409


def stale_message() -> str:
    """What the respondent reads when a save was refused as based on older answers."""
    return _("Your answers were changed in another window or tab since this page was loaded. "
             "The form now shows the newest answers; please check them and make your change again.")


class StaleAnswers(SurveyError):
    """A save based on an older version of the answers than the one stored."""

    def __init__(self, response: Response):
        super().__init__(
            stale_message(),
            {"base_version": _("Based on an older version of the answers.")},
            status=409,
            extra={"answers": response.answers or {}, "answers_version": response.saves},
        )


# ---------------------------------------------------------------------------------------------
# Waves


def roster_people(network: Network, units=(), roles=(), on: dt.date | None = None) -> list[Person]:
    """The network's members on the day ``on`` (default today; ``Membership.objects.active_on``)
    in ``units`` and with one of ``roles``. Without units and roles: every member on that day,
    and the people placed in no unit at all (nothing says they left)."""
    day = on or timezone.localdate()
    if not units and not roles:
        return list(network.members_on(day).distinct().order_by("key"))
    ms = Membership.objects.filter(person__network=network).active_on(day)
    if units:
        ms = ms.filter(unit__in=list(units))
    if roles:
        ms = ms.filter(role__in=list(roles))
    ids = set(ms.values_list("person_id", flat=True))
    return list(network.people.filter(pk__in=ids).order_by("key"))


def roster_of(wave: Wave):
    """Who can be named in (and is invited to) ``wave``: its roster, or the whole network for a
    wave without one (e.g. a wave created by a package import)."""
    if wave.roster.exists():
        return wave.roster.all().order_by("key")
    return wave.network.people.order_by("key")


def clean_extra_items(lines) -> list[dict]:
    """Added items from text lines ("text", or "scale: text" for a nooit..heel vaak item)."""
    out = []
    for n, line in enumerate([ln.strip() for ln in lines if ln and ln.strip()], start=1):
        kind, _sep, text = line.partition(":")
        if _sep and kind.strip().lower() in I.EXTRA_KINDS:
            kind, text = kind.strip().lower(), text.strip()
        else:
            kind, text = "text", line
        out.append({"id": f"x{n}", "text": text[:500], "kind": kind})
    return out


@transaction.atomic
def create_wave(
    network: Network,
    label: str,
    *,
    opens: dt.date | None = None,
    closes: dt.date | None = None,
    language: str = "nl",
    units=(),
    roles=(),
    extra_items: list[dict] | None = None,
    coordinator_visibility: str | None = None,
    actor: str = "cli",
) -> Wave:
    """A new wave with its roster taken now (later membership changes do not move it): the
    members (``Network.members_on``) on its opening day, or today if that is past."""
    label = (label or "").strip()
    errors = {}
    if not label:
        errors["label"] = _("Give the wave a label, e.g. 2026.")
    elif wave_label_problem(label):
        errors["label"] = _(
            "A label has at most 40 letters, digits, spaces, - _ and ., and starts and ends with a "
            "letter or digit (e.g. 2026, Najaar 2026, 2026-pilot)."
        )
    elif Wave.objects.filter(network=network, label=label).exists():
        errors["label"] = _("This network already has a wave with this label.")
    if opens and closes and closes < opens:
        errors["closes"] = _("The closing date is before the opening date.")
    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("Unknown language.")
    if text_problem(label):
        errors["label"] = _unstorable()
    for item in extra_items or []:
        if text_problem(item.get("text", "")):
            errors[f"items.{item.get('id')}"] = _unstorable()
    if errors:
        raise SurveyError(_("The wave was not created."), errors)
    # The members on the day the wave opens, or today when it opened already: someone
    # leaving next month is on it, someone who left last year is not.
    today = timezone.localdate()
    people = roster_people(network, units, roles, on=max(opens, today) if opens else today)
    if not people:
        raise SurveyError(_("The wave was not created."), {"roster": _("Nobody matches these units and roles.")})
    wave = Wave.objects.create(
        network=network,
        label=label,
        opens=opens,
        closes=closes,
        language=language,
        items=list(extra_items or []),
        roster_roles=sorted(roles),
        **({"coordinator_visibility": coordinator_visibility} if coordinator_visibility else {}),
    )
    wave.roster.set(people)
    wave.roster_units.set(list(units))
    audit.log(actor, "wave-create", network_slug=network.slug, object_type="wave", object_key=label,
              detail=f"{len(people)} people on the roster")
    return wave


@transaction.atomic
def close_wave(wave: Wave, *, actor: str = "cli") -> Wave:
    """Stop accepting answers; every link of the wave expires with it (until reopened)."""
    if wave.closed_at is None:
        wave.closed_at = timezone.now()
        wave.save(update_fields=["closed_at"])
        audit.log(actor, "wave-close", network_slug=wave.network.slug, object_type="wave",
                  object_key=wave.label)
    return wave


def can_reopen(wave: Wave, today: dt.date | None = None) -> bool:
    """Whether closing ``wave`` can still be undone: it was closed by hand and its closing date
    (if it has one) has not passed."""
    today = today or timezone.localdate()
    return wave.closed_at is not None and not (wave.closes and today > wave.closes)


@transaction.atomic
def reopen_wave(wave: Wave, *, actor: str = "cli") -> Wave:
    """Undo closing: the wave's links work again, answers are accepted again."""
    if wave.closed_at is None:
        return wave
    if not can_reopen(wave):
        raise SurveyError(_("The closing date has passed; the wave cannot be reopened."), status=409)
    wave.closed_at = None
    wave.save(update_fields=["closed_at"])
    audit.log(actor, "wave-reopen", network_slug=wave.network.slug, object_type="wave",
              object_key=wave.label)
    return wave


# ---------------------------------------------------------------------------------------------
# Invitations


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(token: str) -> bool:
    return 40 <= len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)


def find_invitation(token: str) -> Invitation | None:
    """The active invitation with this token, or None when unknown, revoked or expired."""
    if not looks_like_token(token):
        return None
    inv = (
        Invitation.objects.select_related("wave", "wave__network", "person")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if inv is None or inv.wave.is_over():
        return None
    return inv


@dataclass
class InviteResult:
    created: int = 0
    sent: int = 0
    without_email: list[str] = field(default_factory=list)


def invite(wave: Wave, *, actor: str = "cli", send: bool = True) -> InviteResult:
    """Give every roster person a link (once) and email those not emailed yet."""
    if wave.is_over():
        raise SurveyError(_("This wave is closed."), status=409)
    result = InviteResult()
    with transaction.atomic():
        people = list(roster_of(wave))
        has_link = set(
            Invitation.objects.filter(wave=wave, revoked_at__isnull=True).values_list("person_id", flat=True)
        )
        fresh = [Invitation(wave=wave, person=p, token=new_token()) for p in people if p.pk not in has_link]
        Invitation.objects.bulk_create(fresh)
        result.created = len(fresh)
        known = set(Response.objects.filter(wave=wave).values_list("person_id", flat=True))
        Response.objects.bulk_create(
            [Response(wave=wave, person=p) for p in people if p.pk not in known]
        )
        derived.changed(wave.network_id)  # responses written in bulk
        if fresh:
            audit.log(actor, "invite", network_slug=wave.network.slug, object_type="wave",
                      object_key=wave.label, detail=f"{len(fresh)} new links")
    if send:
        pending = Invitation.objects.select_related("person", "wave", "wave__network").filter(
            wave=wave, revoked_at__isnull=True, sent_at__isnull=True
        )
        result.without_email = [inv.person.key for inv in pending if not inv.person.email]
        result.sent = _send(wave, [inv for inv in pending if inv.person.email], reminder=False)
    return result


def remind_targets(wave: Wave) -> list[Invitation]:
    """Who a reminder goes to: everyone with a link and an email address who has not submitted."""
    done = set(Response.objects.filter(wave=wave, status="complete").values_list("person_id", flat=True))
    return [
        inv
        for inv in Invitation.objects.select_related("person", "wave", "wave__network").filter(
            wave=wave, revoked_at__isnull=True
        )
        if inv.person_id not in done and inv.person.email
    ]


def remind(wave: Wave, *, actor: str = "cli") -> int:
    """Email everyone with a link who has not submitted; returns how many were emailed."""
    if wave.is_over():
        raise SurveyError(_("This wave is closed."), status=409)
    count = _send(wave, remind_targets(wave), reminder=True)
    if count:
        audit.log(actor, "remind", network_slug=wave.network.slug, object_type="wave",
                  object_key=wave.label, detail=f"{count} reminders")
    return count


def _send(wave: Wave, invitations: list[Invitation], *, reminder: bool) -> int:
    """One email per invitation in the wave's language; marks them sent or reminded."""
    if not invitations:
        return 0
    messages = []
    with translation.override(wave.language):
        for inv in invitations:
            context = {"invitation": inv, "wave": wave, "network": wave.network, "person": inv.person,
                       "link": inv.link, "reminder": reminder}
            subject = render_to_string("surveys/email_subject.txt", context).strip()
            body = render_to_string("surveys/email_body.txt", context)
            messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [inv.person.email]))
    sent = get_connection().send_messages(messages) or 0
    now = timezone.now()
    ids = [inv.pk for inv in invitations]
    if reminder:
        Invitation.objects.filter(pk__in=ids).update(reminded_at=now, reminders=F("reminders") + 1)
    else:
        Invitation.objects.filter(pk__in=ids).update(sent_at=now)
    return sent


@transaction.atomic
def revoke(wave: Wave, person: Person, *, actor: str = "cli") -> int:
    """Revoke the person's link; returns how many were active (0 or 1)."""
    n = Invitation.objects.filter(wave=wave, person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if n:
        audit.log(actor, "link-revoke", network_slug=wave.network.slug, object_type="person",
                  object_key=person.key, detail=f"wave {wave.label}")
    return n


def reissue(wave: Wave, person: Person, *, actor: str = "cli", send: bool = True) -> Invitation:
    """Revoke the person's link and give them a new one (emailed when they have an address).
    Their answers so far stay: they belong to the person, not to the link."""
    if wave.is_over():
        raise SurveyError(_("This wave is closed."), status=409)
    if not roster_of(wave).filter(pk=person.pk).exists():
        raise SurveyError(_("This person is not on the wave's roster."), status=404)
    with transaction.atomic():
        revoke(wave, person, actor=actor)
        inv = Invitation.objects.create(wave=wave, person=person, token=new_token())
        Response.objects.get_or_create(wave=wave, person=person)
        audit.log(actor, "link-reissue", network_slug=wave.network.slug, object_type="person",
                  object_key=person.key, detail=f"wave {wave.label}")
    if send and person.email:
        _send(wave, [inv], reminder=False)
    return inv


# ---------------------------------------------------------------------------------------------
# Answers


def roster_ids(wave: Wave, person: Person, among=None) -> set[int]:
    """Who ``person`` may name in ``wave`` (limited to the ids ``among`` when given: a save
    names a few people, so only those are looked up)."""
    ids = None if among is None else {int(k) for k in among if str(k).isdigit()}
    through = Wave.roster.through.objects.filter(wave_id=wave.pk)
    if ids is not None:
        found = set(through.filter(person_id__in=ids).values_list("person_id", flat=True))
        if len(found) < len(ids) and not through.exists():  # a wave without a roster
            found = set(wave.network.people.filter(pk__in=ids).values_list("pk", flat=True))
        return found - {person.pk}
    return set(roster_of(wave).exclude(pk=person.pk).values_list("pk", flat=True))


def clean_answers(wave: Wave, person: Person, data: dict, *, roster: set[int] | None = None) -> dict:
    """Check a (partial) set of answers; returns the cleaned sections or raises SurveyError
    naming each bad field (e.g. ``advice.12.frequency``)."""
    errors: dict[str, str] = {}
    out: dict = {}
    if not isinstance(data, dict):
        raise SurveyError(_("The answers must be a JSON object."))
    unknown = set(data) - {"background", "advice", "motivation", "extra", "consent"}
    for key in sorted(unknown):
        errors[key] = _("Unknown section.")
    if "background" in data:
        bg = data["background"]
        if not isinstance(bg, dict):
            errors["background"] = _("Expected an object.")
        else:
            out["background"] = {}
            for key, value in bg.items():
                item = I.BACKGROUND_BY_ID.get(key)
                path = f"background.{key}"
                if item is None or item.kind == "name":
                    errors[path] = _("Unknown question.")
                    continue
                value = "" if value is None else value
                if not isinstance(value, str):
                    errors[path] = _("Expected text.")
                elif item.choices and value and value not in dict(item.choices):
                    errors[path] = _("Not one of the answers offered.")
                elif len(value) > I.TEXT_MAX:
                    errors[path] = _("At most %(n)d characters.") % {"n": I.TEXT_MAX}
                elif text_problem(value):
                    errors[path] = _unstorable()
                else:
                    out["background"][key] = value.strip()
    named = [k for section in ("advice", "motivation") if isinstance(data.get(section), dict)
             for k in data[section]]
    if roster is None:
        roster = roster_ids(wave, person, among=named) if named else set()
    for section, fields in (("advice", ("frequency", "usefulness", "topic")), ("motivation", ("frequency",))):
        if section not in data:
            continue
        raw = data[section]
        if not isinstance(raw, dict):
            errors[section] = _("Expected an object keyed by person.")
            continue
        out[section] = {}
        for key, entry in raw.items():
            path = f"{section}.{key}"
            if not str(key).isdigit() or int(key) not in roster:
                errors[path] = _("Not a person on this questionnaire's list.")
                continue
            entry = entry if entry is not None else {}
            if not isinstance(entry, dict):
                errors[path] = _("Expected an object.")
                continue
            clean: dict[str, Any] = {}
            for name in fields:
                value = entry.get(name)
                if name == "topic":
                    value = "" if value is None else value
                    if not isinstance(value, str) or len(value) > I.TOPIC_MAX:
                        errors[f"{path}.topic"] = _("Text of at most %(n)d characters.") % {"n": I.TOPIC_MAX}
                    elif text_problem(value):
                        errors[f"{path}.topic"] = _unstorable()
                    clean["topic"] = value.strip() if isinstance(value, str) else ""
                    continue
                if value in (None, ""):
                    clean[name] = None
                elif isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit() \
                        or not 1 <= int(value) <= 5:
                    errors[f"{path}.{name}"] = _("A whole number from 1 to 5.")
                else:
                    clean[name] = int(value)
            extra = set(entry) - set(fields)
            for name in sorted(extra):
                errors[f"{path}.{name}"] = _("Unknown field.")
            out[section][str(int(key))] = clean
    if "extra" in data:
        raw = data["extra"]
        known = {item.id: item for item in I.extra_items(wave)}
        if not isinstance(raw, dict):
            errors["extra"] = _("Expected an object.")
        else:
            out["extra"] = {}
            for key, value in raw.items():
                item = known.get(key)
                value = "" if value is None else value
                if item is None:
                    errors[f"extra.{key}"] = _("Unknown question.")
                elif not isinstance(value, (str, int)) or isinstance(value, bool) or len(str(value)) > I.TEXT_MAX:
                    errors[f"extra.{key}"] = _("Expected text.")
                elif item.choices and str(value) and str(value) not in {str(c) for c, _l in item.choices}:
                    errors[f"extra.{key}"] = _("Not one of the answers offered.")
                elif text_problem(str(value)):
                    errors[f"extra.{key}"] = _unstorable()
                else:
                    out["extra"][key] = str(value).strip()
    if "consent" in data and not isinstance(data["consent"], bool):
        errors["consent"] = _("Expected true or false.")
    if errors:
        raise SurveyError(_("Some answers could not be saved."), errors, status=422)
    return out


def _unstorable() -> str:
    # the rule is olievlek.package.text_problem, shared with the package import
    return _("Contains a character that cannot be stored (a NUL or another control character).")


def consent_statement(wave: Wave) -> str:
    """Who sees what, as the respondent reads it before agreeing (and as it is stored with the
    consent), for what the researchers decided for this wave's coordinator."""
    coordinator = {
        "names": _("The researchers decided that your network's coordinator also sees names "
                   "for this questionnaire."),
        "aggregate": _("Your network's coordinator sees only totals, never single answers."),
    }.get(wave.coordinator_visibility, _(
        "Your network's coordinator sees only pseudonymised results (a role and a number "
        "instead of a name) or totals, unless the researchers decide otherwise and tell the "
        "network."
    ))
    return " ".join([
        _("Your answers are used for the study of the regional knowledge networks. The "
          "researchers see your answers with names."),
        coordinator,
        _("You can correct your answers until the questionnaire closes."),
    ])


def _locked_response(wave: Wave, person: Person) -> Response:
    try:
        response, _created = Response.objects.select_for_update().get_or_create(wave=wave, person=person)
    except IntegrityError:  # created by a concurrent request between our get and create
        response = Response.objects.select_for_update().get(wave=wave, person=person)
    return response


def _check_open(wave: Wave) -> None:
    if wave.is_over():
        raise SurveyError(_("This questionnaire is closed."), status=410)
    if not wave.is_open():
        assert wave.opens is not None  # not over and not open: it opens later
        raise SurveyError(
            _("This questionnaire opens on %(date)s.") % {"date": wave.opens.isoformat()}, status=409
        )


def save_answers(invitation: Invitation, data: dict, *, consent_text: str = "", actor: str = "",
                 base_version: int | None = None) -> Response:
    """Store answers as given (sections replace the stored section; background items merge).

    ``base_version`` is the answers' version (``Response.saves``) the respondent's form showed;
    when the stored answers are newer and this save would change them, it raises
    :class:`StaleAnswers` (409) and stores nothing. None skips the check (scripts, imports).
    """
    wave, person = invitation.wave, invitation.person
    _check_open(wave)
    clean = clean_answers(wave, person, data)
    now = timezone.now()
    actor = actor or f"respondent {person.key}"
    with _writing(), transaction.atomic():
        response = _locked_response(wave, person)
        fields = ["answers", "saved_at", "saves"]
        if data.get("consent") is True and response.consent_at is None:
            response.consent_at = now
            response.consent_text = consent_text
            fields += ["consent_at", "consent_text"]
            audit.log(actor, "consent", network_slug=wave.network.slug, object_type="person",
                      object_key=person.key, detail=f"wave {wave.label}")
        if clean and response.consent_at is None:
            raise SurveyError(_("Please agree to the statement first."), {"consent": _("Required.")},
                              status=409)
        answers = dict(response.answers or {})
        for key, value in clean.items():
            if key == "background":
                answers["background"] = {**answers.get("background", {}), **value}
            else:
                answers[key] = value
        if base_version is not None and base_version != response.saves:
            if answers != (response.answers or {}) or "consent_at" in fields:
                raise StaleAnswers(response)
            return response  # stale but changes nothing: a double submit or a repeated request
        response.answers = answers
        response.saved_at = now
        response.saves += 1
        if response.status == "invited" and response.consent_at is not None:
            response.status = "partial"
            response.started_at = now
            fields += ["status", "started_at"]
            audit.log(actor, "answer-start", network_slug=wave.network.slug, object_type="person",
                      object_key=person.key, detail=f"wave {wave.label}")
        response.save(update_fields=fields)
    return response


def _missing_for_submit(wave: Wave, answers: dict) -> dict[str, str]:
    missing = [(section, key) for section in ("advice", "motivation")
               for key, entry in (answers.get(section) or {}).items() if not entry.get("frequency")]
    if not missing:
        return {}
    # only the names the messages need: a network may have a thousand people
    names = dict(wave.network.people.filter(pk__in={int(key) for _s, key in missing})
                 .values_list("pk", "name"))
    return {
        f"{section}.{key}.frequency": _("Say how often for %(name)s.") % {"name": names.get(int(key), key)}
        for section, key in missing
    }


def submit(invitation: Invitation, data: dict | None = None, *, consent_text: str = "",
           source: str = "web", base_version: int | None = None) -> tuple[Response, AnswerVersion, bool]:
    """Finish (or correct) the questionnaire. Returns the response, its current version and
    whether this call made a new version (False for a repeated submit of the same answers)."""
    wave, person = invitation.wave, invitation.person
    actor = f"respondent {person.key}"
    with _writing(), transaction.atomic():
        if data:
            save_answers(invitation, data, consent_text=consent_text, actor=actor, base_version=base_version)
        else:
            _check_open(wave)
        response = _locked_response(wave, person)
        if response.consent_at is None:
            raise SurveyError(_("Please agree to the statement first."), {"consent": _("Required.")},
                              status=409)
        answers = response.answers or {}
        missing = _missing_for_submit(wave, answers)
        if missing:
            raise SurveyError(_("A few answers are still needed."), missing, status=422)
        last = AnswerVersion.objects.filter(wave=wave, person=person).order_by("-number").first()
        if last is not None and response.status == "complete" and last.answers == answers:
            return response, last, False
        version = AnswerVersion.objects.create(
            wave=wave, person=person, number=(last.number + 1) if last else 1, answers=answers, source=source
        )
        changed = _materialise(wave, person, answers)
        response.status = "complete"
        response.submitted_at = timezone.now()
        response.save(update_fields=["status", "submitted_at"])
        audit.log(actor, "answer-submit" if version.number == 1 else "answer-correct",
                  network_slug=wave.network.slug, object_type="person", object_key=person.key,
                  detail=f"wave {wave.label}, version {version.number}; changed: {', '.join(changed) or '-'}")
    return response, version, True


def _materialise(wave: Wave, person: Person, answers: dict) -> list[str]:
    """Write answers as the wave's ties from ``person`` and their background fields; returns
    what changed, for the audit log."""
    named = {int(key) for section in ("advice", "motivation") for key in (answers.get(section) or {})}
    valid = set(wave.network.people.filter(pk__in=named).values_list("pk", flat=True)) - {person.pk}
    Tie.objects.filter(wave=wave, source=person).delete()
    ties = []
    for key, entry in (answers.get("advice") or {}).items():
        if int(key) in valid and entry.get("frequency"):
            ties.append(Tie(wave=wave, source=person, target_id=int(key), relation="advice",
                            frequency=entry["frequency"], usefulness=entry.get("usefulness"),
                            topic=entry.get("topic") or ""))
    for key, entry in (answers.get("motivation") or {}).items():
        if int(key) in valid and entry.get("frequency"):
            ties.append(Tie(wave=wave, source=person, target_id=int(key), relation="motivation",
                            frequency=entry["frequency"]))
    Tie.objects.bulk_create(ties)
    derived.changed(wave.network_id)  # ties written in bulk
    changed = [f"{len(ties)} ties"]
    background = answers.get("background") or {}
    fields = []
    for item in I.ANSWERABLE_BACKGROUND:
        value = background.get(item.id, "")
        if value and getattr(person, item.field) != value:
            model_field = person._meta.get_field(item.field)
            assert isinstance(model_field, Field)  # a column of Person, not a relation
            setattr(person, item.field, value[: model_field.max_length or None])
            fields.append(item.field)
    if fields:
        person.save(update_fields=fields)
        changed += fields
    return changed


def versions(wave: Wave, person: Person) -> list[AnswerVersion]:
    return list(AnswerVersion.objects.filter(wave=wave, person=person).order_by("number"))


class Named(NamedTuple):
    """A person as the roster shows them: id and name only. A tuple, so that the cached roster
    of 1,000 people unpickles in a millisecond (a frozen dataclass took 11 ms, on every open)."""

    pk: int
    name: str


ROSTER_CACHE_SECONDS = 60
_ROSTER_FILL = threading.Lock()


def _roster_key(wave_pk: int) -> str:
    return f"olievlek:roster:{wave_pk}"


def forget_rosters(network: Network) -> None:
    """Drop the cached rosters of the network's waves (after a person is erased): now, and
    again once the transaction commits, since a form opened meanwhile may cache the old list."""
    keys = [_roster_key(pk) for pk in Wave.objects.filter(network=network).values_list("pk", flat=True)]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def cached_roster(wave: Wave) -> list[tuple[str | None, list[Named]]]:
    """The wave's roster grouped by unit, cached for a minute: every respondent of a wave sees
    the same list (minus themselves), and building it is most of the cost of opening the form.
    The group of people in no unit is named None (translated when shown). Erasing a person
    drops it at once (:func:`forget_rosters`)."""
    key = _roster_key(wave.pk)
    groups = cache.get(key)
    if groups is not None:
        return groups
    with _ROSTER_FILL:  # when many open the form at once, one builds the list, the rest wait
        groups = cache.get(key)
        if groups is not None:
            return groups
        people = list(roster_of(wave).only("pk", "name", "network_id"))
        groups = [
            (None if unit is None else str(unit), [Named(p.pk, p.name) for p in members])
            for unit, members in roster_groups(wave.network, people, others=None)
        ]
        cache.set(key, groups, ROSTER_CACHE_SECONDS)
    return groups


def questionnaire(invitation: Invitation) -> dict:
    """What the form shows: the roster grouped by unit, the items and the saved answers."""
    wave, person = invitation.wave, invitation.person
    response = Response.objects.filter(wave=wave, person=person).first()
    groups = []
    for unit, members in cached_roster(wave):
        members = [p for p in members if p.pk != person.pk]
        if members:
            groups.append((unit if unit is not None else _("Others in the network"), members))
    return {
        "wave": wave,
        "network": wave.network,
        "person": person,
        "response": response,
        "answers": (response.answers if response else {}) or {},
        "groups": groups,
        "extra_items": I.extra_items(wave),
    }


def roster_groups(network: Network, people: list[Person], others="") -> list[tuple[str, list[Person]]]:
    """People grouped by primary unit (earliest membership), units in tree order; people in no
    unit last."""
    from olievlek.networks.actions import units_tree

    primary = {pk: unit for pk, (unit, *_rest) in
               Membership.objects.filter(person__in=people).primary().items()}
    by_unit: dict[int | None, list[Person]] = {}
    for p in sorted(people, key=lambda p: p.name.lower()):
        by_unit.setdefault(primary.get(p.pk), []).append(p)
    out = [(unit.name, by_unit[unit.pk]) for unit, _depth in units_tree(network) if unit.pk in by_unit]
    if None in by_unit:
        out.append((_("Others in the network") if others == "" else others, by_unit[None]))
    return out
