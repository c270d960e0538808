"""The JSON API, version 1, at ``/api/v1/`` (OpenAPI document at ``/api/v1/openapi.json``).

Respondents authenticate with their invitation token (``Authorization: Bearer <token>``);
staff with their session (plus CSRF token for writes) or a personal API token
(``Authorization: Bearer <api token>``, made with ``olievlek api-token USER``). Access rules
are those of the pages (``olievlek.accounts.access``): another network answers 404.
Every error is JSON ``{"detail": message, "errors": {field: message}}`` with a 4xx status; a
save based on older answers (409) also carries the newer ``answers`` and ``answers_version``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.db import DataError
from django.http import Http404
from django.utils import timezone, translation
from ninja import Field, NinjaAPI, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from olievlek.accounts.access import viewer, visible_networks
from olievlek.accounts.audit import actor_of
from olievlek.package import text_problem

from . import actions, overview, throttle
from . import items as I
from .models import ApiToken, Wave

logger = logging.getLogger(__name__)

api = NinjaAPI(
    version="1",
    title="olievlek API",
    description="Questionnaire waves, invitations, answers and response overviews.",
    urls_namespace="api-v1",
    docs_url=None,  # the interactive docs load Swagger UI from a CDN; the OpenAPI JSON is enough
)


# --------------------------------------------------------------------------------------------
# Errors: always JSON, always 4xx for the caller's mistakes


@api.exception_handler(actions.SurveyError)
def survey_error(request, exc: actions.SurveyError):
    return api.create_response(request, {"detail": exc.message, "errors": exc.errors, **exc.extra},
                               status=exc.status)


@api.exception_handler(DataError)
def data_error(request, exc: DataError):
    # A value the database refuses (e.g. a NUL inside a JSON list, which PostgreSQL cannot store
    # and SQLite would): the caller's input, so a JSON 400 rather than a 500.
    logger.warning("API input refused by the database: %s", exc)
    return api.create_response(
        request, {"detail": "Invalid input: a value the database cannot store.", "errors": {}}, status=400
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found.", "errors": {}}, status=404)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "payload")]
        errors[".".join(loc) or "body"] = err.get("msg", "invalid")
    return api.create_response(request, {"detail": "Invalid input.", "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    if getattr(request, "_token_blocked", False):
        return api.create_response(
            request, {"detail": "Too many unknown links from this address; try again later.", "errors": {}},
            status=429,
        )
    return api.create_response(request, {"detail": "Unknown, revoked or expired link or token.", "errors": {}},
                               status=401)


# --------------------------------------------------------------------------------------------
# Authentication


class RespondentToken(HttpBearer):
    """The invitation token of the personal link. A valid link always works; unknown ones
    count towards the link-guess limit (``throttle``), except staff API tokens."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        inv = actions.find_invitation(token)
        if inv is not None:
            return inv
        if staff_user(token) is None and throttle.refuse(request, token):
            request._token_blocked = True
        return None


def staff_user(token: str):
    """The active user owning this personal API token, or None."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    row = ApiToken.objects.select_related("user").filter(digest=digest).first()
    if row is None or not row.user.is_active:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user


class StaffToken(HttpBearer):
    """A personal API token (``olievlek api-token USER``). The browser never sends this
    header by itself, so a request carrying it cannot be forged cross-site: no CSRF check.
    Unknown tokens answer 401 and are not link-guess misses (they guess no link)."""

    def authenticate(self, request, token):
        user = staff_user(token)
        if user is not None:
            request.user = user
        return user


class StaffSession(SessionAuth):
    """A logged-in browser session, with Django's CSRF check for writes. Skipped (no CSRF
    check) when the request carries no session cookie, so that a token request is judged by
    its token alone."""

    def __call__(self, request):
        if self.param_name not in request.COOKIES:
            return None
        return super().__call__(request)


respondent = Router(tags=["questionnaire"], auth=RespondentToken())
# The token first: a token request never meets the session's CSRF check.
staff = Router(tags=["waves"], auth=[StaffToken(), StaffSession()])


# --------------------------------------------------------------------------------------------
# Schemas


class AdviceIn(Schema):
    model_config = {"extra": "forbid"}
    frequency: int | None = Field(None, ge=1, le=5, description="1 never ... 5 very often")
    usefulness: int | None = Field(None, ge=1, le=5, description="1 very unusable ... 5 very usable")
    topic: str = Field("", max_length=I.TOPIC_MAX)


class MotivationIn(Schema):
    model_config = {"extra": "forbid"}
    frequency: int | None = Field(None, ge=1, le=5)


class AnswersIn(Schema):
    """Any subset of the sections; a given section replaces the saved one (background items
    merge). ``advice`` and ``motivation`` are keyed by the roster's person ``id``."""

    model_config = {"extra": "forbid"}
    base_version: int | None = Field(
        None, ge=0, description="the answers_version this save is based on (from the last GET or save); "
        "a save based on an older version than the stored one is refused with 409 and the newer answers",
    )
    consent: bool | None = None
    background: dict[str, str | None] | None = None
    advice: dict[str, AdviceIn] | None = None
    motivation: dict[str, MotivationIn] | None = None
    extra: dict[str, str | None] | None = None


class SavedOut(Schema):
    status: str
    saves: int
    answers_version: int = Field(..., description="send it as base_version with the next save")
    saved_at: dt.datetime | None
    consent: bool


class SubmittedOut(Schema):
    status: str
    version: int
    new_version: bool


class ChoiceOut(Schema):
    code: str
    label: str


class ItemOut(Schema):
    id: str
    text: str
    kind: str
    choices: list[ChoiceOut]


class PersonOut(Schema):
    id: str
    name: str


class GroupOut(Schema):
    unit: str
    people: list[PersonOut]


class QuestionnaireOut(Schema):
    network: str
    wave: str
    language: str
    opens: dt.date | None
    closes: dt.date | None
    person: str
    statement: str = Field(..., description="who sees what; saving consent: true agrees to it")
    status: str
    consent: bool
    background: list[ItemOut]
    extra: list[ItemOut]
    roster: list[GroupOut]
    answers: dict
    answers_version: int = Field(..., description="the version of these answers; send it as base_version")
    versions: int


def _answers(payload: AnswersIn | None) -> dict:
    if payload is None:
        return {}
    data = payload.model_dump(exclude_unset=True)
    data.pop("base_version", None)  # not an answer: see actions.save_answers
    # A missing sub-field is "not given", the same as null.
    return data


def _item(item) -> dict:
    return {"id": item.id, "text": str(item.text), "kind": item.kind,
            "choices": [{"code": str(c), "label": str(label)} for c, label in item.choices]}


# --------------------------------------------------------------------------------------------
# Respondent endpoints


@respondent.get("/questionnaire", response=QuestionnaireOut, summary="The questionnaire behind a link")
def get_questionnaire(request):
    inv = request.auth
    q = actions.questionnaire(inv)
    r = q["response"]
    return {
        "network": inv.wave.network.name,
        "wave": inv.wave.label,
        "language": inv.wave.language,
        "opens": inv.wave.opens,
        "closes": inv.wave.closes,
        "person": inv.person.name,
        "statement": _statement(request),
        "status": r.status if r else "invited",
        "consent": bool(r and r.consent_at),
        "background": [_item(i) for i in I.ANSWERABLE_BACKGROUND],
        "extra": [_item(i) for i in q["extra_items"]],
        "roster": [{"unit": str(unit), "people": [{"id": str(p.pk), "name": p.name} for p in people]}
                   for unit, people in q["groups"]],
        "answers": q["answers"],
        "answers_version": r.saves if r else 0,
        "versions": inv.wave.answer_versions.filter(person=inv.person).count(),
    }


@respondent.put("/questionnaire/answers", response=SavedOut, summary="Save answers as given")
def put_answers(request, payload: AnswersIn):
    r = actions.save_answers(request.auth, _answers(payload), consent_text=_statement(request),
                             base_version=payload.base_version)
    return {"status": r.status, "saves": r.saves, "answers_version": r.saves, "saved_at": r.saved_at,
            "consent": r.consent_at is not None}


@respondent.post("/questionnaire/submit", response=SubmittedOut,
                 summary="Submit (or correct); repeating it with the same answers changes nothing")
def post_submit(request, payload: AnswersIn | None = None):
    r, version, created = actions.submit(request.auth, _answers(payload), consent_text=_statement(request),
                                         source="api", base_version=payload.base_version if payload else None)
    return {"status": r.status, "version": version.number, "new_version": created}


def _statement(request) -> str:
    """The statement the respondent saw, in the language the page showed it in."""
    from .views import respondent_language

    wave = request.auth.wave
    with translation.override(respondent_language(request, wave)):
        return actions.consent_statement(wave)


# --------------------------------------------------------------------------------------------
# Staff endpoints


class WaveIn(Schema):
    model_config = {"extra": "forbid"}
    label: str = Field(..., min_length=1, max_length=40)
    opens: dt.date | None = None
    closes: dt.date | None = None
    language: str = "nl"
    units: list[str] = Field(default_factory=list, description="unit ids; empty: everybody")
    roles: list[str] = Field(default_factory=list)
    items: list[str] = Field(default_factory=list, description='added items; "scale: text" for a 1-5 item')


class CountsOut(Schema):
    kind: str
    name: str
    invited: int | str = Field(..., description='a number, or "<3" for a group too small to show')
    started: int | str
    complete: int | str
    rate: int | None


class WaveOut(Schema):
    label: str
    opens: dt.date | None
    closes: dt.date | None
    open: bool
    language: str
    roster: int
    counts: CountsOut


class OverviewOut(Schema):
    wave: str
    total: CountsOut
    units: list[CountsOut]
    roles: list[CountsOut]
    people: list[dict] | None = Field(None, description="only for viewers allowed to see names")


def _counts(row) -> dict:
    return {"kind": row.kind, "name": row.name, "invited": row.invited, "started": row.started,
            "complete": row.complete, "rate": row.rate}


def staff_network(request, slug: str):
    """The network if this staff member manages it (researcher, or its coordinator); 404 else."""
    v = viewer(request.user)
    network = visible_networks(v).filter(slug=slug).first()
    if network is None or not v.runs_waves_of(network):
        raise Http404
    return v, network


def staff_wave(request, slug: str, label: str):
    v, network = staff_network(request, slug)
    wave = Wave.objects.filter(network=network, label=label).first()
    if wave is None:
        raise Http404
    return v, wave


def _wave_out(wave: Wave, v) -> dict:
    ov = overview.overview_for(wave, v)
    return {"label": wave.label, "opens": wave.opens, "closes": wave.closes, "open": wave.is_open(),
            "language": wave.language, "roster": actions.roster_of(wave).count(),
            "counts": _counts(ov["total"])}


@staff.get("/networks/{slug}/waves", response=list[WaveOut])
def list_waves(request, slug: str):
    v, network = staff_network(request, slug)
    return [_wave_out(w, v) for w in network.waves.order_by("label")]


@staff.post("/networks/{slug}/waves", response={201: WaveOut})
def create_wave(request, slug: str, payload: WaveIn):
    v, network = staff_network(request, slug)
    bad = {f"{name}.{i}": problem for name in ("units", "roles") for i, value in enumerate(getattr(payload, name))
           if (problem := text_problem(value))}
    if bad:  # before the lookup: PostgreSQL cannot compare a NUL, SQLite would find nothing
        raise actions.SurveyError("The wave was not created.", bad)
    units = list(network.units.filter(key__in=payload.units))
    unknown = set(payload.units) - {u.key for u in units}
    if unknown:
        raise HttpError(422, f"unknown unit(s): {', '.join(sorted(unknown))}")
    wave = actions.create_wave(
        network, payload.label, opens=payload.opens, closes=payload.closes, language=payload.language,
        units=units, roles=payload.roles, extra_items=actions.clean_extra_items(payload.items),
        actor=actor_of(request.user),
    )
    return Status(201, _wave_out(wave, v))


@staff.get("/networks/{slug}/waves/{label}/responses", response=OverviewOut)
def wave_responses(request, slug: str, label: str):
    v, wave = staff_wave(request, slug, label)
    ov = overview.overview_for(wave, v)
    people = None
    if v.sees_names(wave.network, wave):
        people = [{"id": row["person"].key, "name": row["person"].name, "status": row["status"],
                   "unit": row["unit"], "role": row["role"]} for row in overview.people_status(wave)]
    return {"wave": wave.label, "total": _counts(ov["total"]), "units": [_counts(r) for r in ov["units"]],
            "roles": [_counts(r) for r in ov["roles"]], "people": people}


class ActionOut(Schema):
    detail: str
    count: int = 0


@staff.post("/networks/{slug}/waves/{label}/invite", response=ActionOut)
def invite(request, slug: str, label: str):
    _v, wave = staff_wave(request, slug, label)
    res = actions.invite(wave, actor=actor_of(request.user))
    return {"detail": f"{res.created} new links, {res.sent} emails sent", "count": res.sent}


@staff.post("/networks/{slug}/waves/{label}/remind", response=ActionOut)
def remind(request, slug: str, label: str):
    _v, wave = staff_wave(request, slug, label)
    n = actions.remind(wave, actor=actor_of(request.user))
    return {"detail": f"{n} reminders sent", "count": n}


@staff.post("/networks/{slug}/waves/{label}/close", response=ActionOut)
def close(request, slug: str, label: str):
    _v, wave = staff_wave(request, slug, label)
    actions.close_wave(wave, actor=actor_of(request.user))
    return {"detail": "closed"}


class LinkOut(Schema):
    person: str
    link: str


def _link_holder(request, slug: str, label: str, person: str, what: str):
    """The wave and person whose link is to be changed; only those who see names may."""
    v, wave = staff_wave(request, slug, label)
    if not v.sees_names(wave.network, wave):
        raise HttpError(403, f"Only researchers (or coordinators allowed to see names) can {what} links.")
    p = wave.network.people.filter(key=person).first()
    if p is None:
        raise Http404
    return wave, p


@staff.post("/networks/{slug}/waves/{label}/people/{person}/reissue", response=LinkOut)
def reissue(request, slug: str, label: str, person: str):
    wave, p = _link_holder(request, slug, label, person, "reissue")
    inv = actions.reissue(wave, p, actor=actor_of(request.user))
    return {"person": p.key, "link": inv.link}


@staff.post("/networks/{slug}/waves/{label}/people/{person}/revoke", response=ActionOut)
def revoke(request, slug: str, label: str, person: str):
    wave, p = _link_holder(request, slug, label, person, "revoke")
    n = actions.revoke(wave, p, actor=actor_of(request.user))
    return {"detail": "revoked" if n else "no active link", "count": n}


api.add_router("/", respondent)
api.add_router("/", staff)
