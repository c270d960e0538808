"""Workflows on a network's portfolio, shared by the web, the package import and the CLI.

Each function that changes rows writes the audit log (``olievlek.accounts.audit``); the
package import and export of a whole network live in ``olievlek.networks.actions`` and call
:func:`import_outcomes` and :func:`export_outcomes` for the three portfolio files.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from django.db import models, transaction

from olievlek import derived
from olievlek.accounts import audit
from olievlek.spread import split_list

from .models import BoundaryObject, Rating, Use

BATCH = 2000


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _required_date(text: str) -> dt.date:
    date = _date(text)
    assert date is not None  # a required column: a validated package has it in every row
    return date


def _score(text: str) -> int | None:
    return int(text) if text else None


def import_outcomes(pkg, network, organisations: dict, people: dict[str, int], units: dict) -> dict[str, int]:
    """Load ``objects``, ``ratings`` and ``uses`` of a validated package (inside the caller's
    transaction). Objects are matched by id and updated or created, their makers, units and
    lineage set as the package says; the ratings and confirmed uses of every object in the
    package are replaced (uses proposed through the follow-up link are kept)."""
    if pkg.objects.empty:
        return {"objects": 0, "ratings": 0, "uses": 0}
    existing = {o.key: o for o in network.boundary_objects.all()}
    changed = []
    for r in pkg.objects.to_dict("records"):
        obj = existing.get(r["id"]) or BoundaryObject(network=network, key=r["id"])
        for field in ("title", "kind", "form", "status", "level", "licence", "url", "themes",
                      "description"):
            setattr(obj, field, r[field])
        obj.date = _date(r["date"])
        changed.append(obj)
    BoundaryObject.objects.bulk_create([o for o in changed if o.pk is None], batch_size=BATCH)
    BoundaryObject.objects.bulk_update(
        [o for o in changed if o.pk is not None],
        ["title", "kind", "form", "status", "level", "licence", "url", "themes", "description", "date"],
        batch_size=BATCH)
    objects = {o.key: o for o in network.boundary_objects.all()}
    mine = [objects[k] for k in pkg.objects["id"]]
    Makers, Units, Lineage = (BoundaryObject.makers.through, BoundaryObject.units.through,
                              BoundaryObject.based_on.through)
    Makers.objects.filter(boundaryobject__in=mine).delete()
    Units.objects.filter(boundaryobject__in=mine).delete()
    Lineage.objects.filter(from_boundaryobject__in=mine).delete()
    makers, unit_rows, lineage = [], [], []
    for r in pkg.objects.to_dict("records"):
        obj = objects[r["id"]]
        makers += [Makers(boundaryobject=obj, person_id=people[p]) for p in split_list(r["makers"])]
        unit_rows += [Units(boundaryobject=obj, unit=units[u]) for u in split_list(r["units"])]
        lineage += [Lineage(from_boundaryobject=obj, to_boundaryobject=objects[b])
                    for b in split_list(r["based_on"])]
    Makers.objects.bulk_create(makers, batch_size=BATCH)
    Units.objects.bulk_create(unit_rows, batch_size=BATCH)
    Lineage.objects.bulk_create(lineage, batch_size=BATCH)

    Rating.objects.filter(object__in=mine).delete()
    Rating.objects.bulk_create([
        Rating(object=objects[r.object], rater=r.rater, date=_date(r.date),
               visibility=_score(r.visibility), accessibility=_score(r.accessibility),
               usability=_score(r.usability), transfer=_score(r.transfer), note=r.note)
        for r in pkg.ratings.itertuples(index=False)], batch_size=BATCH)
    Use.objects.filter(object__in=mine, proposed=False).delete()
    for start in range(0, len(pkg.uses), BATCH * 5):
        Use.objects.bulk_create([
            Use(object=objects[r.object], date=_required_date(r.date), organisation=organisations[r.organisation],
                person_id=people.get(r.person) if r.person else None, municipality=r.municipality,
                country=r.country.upper(), use=r.use, source=r.source, channel=r.channel, note=r.note)
            for r in pkg.uses.iloc[start:start + BATCH * 5].itertuples(index=False)], batch_size=BATCH)
    _warm(network.pk)
    return {"objects": len(pkg.objects), "ratings": len(pkg.ratings), "uses": len(pkg.uses)}


def export_outcomes(networks) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Per network id, the rows of ``objects``, ``ratings`` and ``uses`` (confirmed uses only),
    sorted by id and date: six queries whatever the number of networks."""
    ids = [n.pk for n in networks]
    out: dict[int, dict[str, list[dict[str, Any]]]] = {
        pk: {"objects": [], "ratings": [], "uses": []} for pk in ids}
    links: dict[str, dict[int, list[str]]] = {"makers": {}, "units": {}, "based_on": {}}
    for name, through, own, other in (
        ("makers", BoundaryObject.makers.through, "boundaryobject", "person__key"),
        ("units", BoundaryObject.units.through, "boundaryobject", "unit__key"),
        ("based_on", BoundaryObject.based_on.through, "from_boundaryobject", "to_boundaryobject__key"),
    ):
        for oid, key in through.objects.filter(**{f"{own}__network__in": ids}).values_list(f"{own}_id", other):
            links[name].setdefault(oid, []).append(key)
    for o in BoundaryObject.objects.filter(network__in=ids).order_by("key"):
        out[o.network_id]["objects"].append({
            "id": o.key, "title": o.title, "kind": o.kind, "form": o.form, "status": o.status,
            "level": o.level, "date": o.date.isoformat() if o.date else "",
            **{name: ";".join(sorted(links[name].get(o.pk, []))) for name in links},
            "licence": o.licence, "url": o.url, "themes": o.themes, "description": o.description,
        })
    for net, key, rater, date, v, a, u, t, note in (
            Rating.objects.filter(object__network__in=ids)
            .order_by("object__key", "rater", "date", "pk")
            .values_list("object__network_id", "object__key", "rater", "date", "visibility",
                         "accessibility", "usability", "transfer", "note")):
        out[net]["ratings"].append({
            "object": key, "rater": rater, "date": date.isoformat() if date else "",
            "visibility": _text(v), "accessibility": _text(a), "usability": _text(u),
            "transfer": _text(t), "note": note})
    for net, key, date, org, person, municipality, country, use, source, channel, note in (
            Use.objects.filter(object__network__in=ids, proposed=False)
            .order_by("object__key", "date", "pk")
            .values_list("object__network_id", "object__key", "date", "organisation__key",
                         "person__key", "municipality", "country", "use", "source", "channel",
                         "note")):
        out[net]["uses"].append({
            "object": key, "date": date.isoformat(), "organisation": org, "person": person or "",
            "municipality": municipality, "country": country, "use": use, "source": source,
            "channel": channel, "note": note})
    return out


def _warm(network_id: int) -> None:
    """The portfolio changed: warm its spread analysis in the background (``tasks``)."""
    from .tasks import enqueue_warm

    enqueue_warm(network_id)


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


# ---------------------------------------------------------------------------------------------
# One record at a time (web)


@transaction.atomic
def save_object(obj: BoundaryObject, *, makers=(), units=(), based_on=(), actor: str) -> BoundaryObject:
    """Create or update an object with its makers, units and lineage; audited."""
    created = obj.pk is None
    obj.save()
    obj.makers.set(makers)
    obj.units.set(units)
    obj.based_on.set([b for b in based_on if b.pk != obj.pk])
    audit.log(actor, "create" if created else "update", network_slug=obj.network.slug,
              object_type="boundary object", object_key=obj.key, detail=obj.title)
    _warm(obj.network_id)
    return obj


@transaction.atomic
def save_rating(rating: Rating, *, actor: str) -> Rating:
    """Add or change one rater's scores for an object; audited."""
    rating.save()
    audit.log(actor, "rate", network_slug=rating.object.network.slug, object_type="boundary object",
              object_key=rating.object.key, detail=rating.rater)
    _warm(rating.object.network_id)
    return rating


@transaction.atomic
def record_use(use: Use, *, actor: str) -> Use:
    """Register a use (or a proposed one, from the follow-up link); audited."""
    use.save()
    if use.organisation_id:
        assert use.organisation is not None
        who = use.organisation.key
    else:
        who = use.proposed_organisation
    audit.log(actor, "propose use" if use.proposed else "use",
              network_slug=use.object.network.slug, object_type="boundary object",
              object_key=use.object.key, detail=f"{use.date} {use.use} {who}")
    if not use.proposed:  # a proposed use counts only once confirmed
        _warm(use.object.network_id)
    return use


@transaction.atomic
def confirm_use(use: Use, *, organisation=None, actor: str) -> Use:
    """A coordinator confirms a proposed use: from now on it counts. ``organisation`` is one
    of the network's; without it a new non-member organisation is made with the name given."""
    if organisation is None:
        from django.utils.text import slugify

        from olievlek.networks.models import Organisation

        network = use.object.network
        stem = slugify(use.proposed_organisation)[:80] or "organisatie"
        key, n = stem, 1
        while network.organisations.filter(key=key).exists():
            n += 1
            key = f"{stem}-{n}"
        organisation = Organisation.objects.create(
            network=network, key=key, name=use.proposed_organisation[:300] or key, member=False,
            municipality=use.municipality)
    use.organisation = organisation
    use.proposed = False
    use.save(update_fields=["proposed", "organisation"])
    audit.log(actor, "confirm use", network_slug=use.object.network.slug,
              object_type="boundary object", object_key=use.object.key, detail=str(use.date))
    _warm(use.object.network_id)
    return use


@transaction.atomic
def open_follow_up(obj: BoundaryObject, *, actor: str) -> str:
    """Give ``obj`` a public follow-up link (a new token replaces an old one); audited."""
    import secrets

    obj.follow_up_token = secrets.token_urlsafe(24)
    obj.save(update_fields=["follow_up_token"])
    audit.log(actor, "follow-up link", network_slug=obj.network.slug,
              object_type="boundary object", object_key=obj.key)
    return obj.follow_up_token


@transaction.atomic
def delete_use(use: Use, *, actor: str) -> None:
    """Remove a registered or proposed use; audited."""
    audit.log(actor, "delete use", network_slug=use.object.network.slug,
              object_type="boundary object", object_key=use.object.key, detail=str(use.date))
    use.delete()
    derived.changed(use.object.network_id)  # a use's delete sends no signal (see derived)
    if not use.proposed:
        _warm(use.object.network_id)


# ---------------------------------------------------------------------------------------------
# Erasure (called by ``olievlek.networks.actions.erase_person``)

ERASED = "[erased]"


def forget_person(person) -> dict[str, int]:
    """Erasure in the portfolio, before ``person`` is deleted (see docs/security.md).

    A use recorded *for* the person keeps its organisation-level fact (object, date,
    organisation, municipality, kind of use) and loses the person (``Use.person`` is set to
    NULL by the delete). A ``source`` ("from whom") that is the person (their name, package
    id or login name, whole) is cleared; wherever else the name or package id appears as a
    whole word in a use's source, channel or note, or a rating's rater or note, it becomes
    "[erased]". Being a maker ends with the person (the link row goes). Returns the counts."""
    import re

    from olievlek.accounts.models import Profile

    logins = list(Profile.objects.filter(person=person).values_list("user__username", flat=True))
    whole = {n.strip().casefold() for n in (person.name, person.key, *logins) if n and n.strip()}
    # Whole words only: erasing "p1" must leave "p10" alone.
    needles = [re.compile(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", re.IGNORECASE)
               for n in sorted(whole, key=len, reverse=True)]

    def scrub(text: str) -> str:
        for needle in needles:
            text = needle.sub(ERASED, text)
        return text

    counts = {"uses for the person": Use.objects.filter(person=person).count()}
    network = person.network
    mentions = models.Q()
    for n in whole:
        for field in ("source", "channel", "note"):
            mentions |= models.Q(**{f"{field}__icontains": n})
    uses = []
    for use in Use.objects.filter(object__network=network).filter(mentions).only(
            "pk", "source", "channel", "note"):
        source = "" if use.source.strip().casefold() in whole else scrub(use.source)
        new = (source, scrub(use.channel), scrub(use.note))
        if new != (use.source, use.channel, use.note):
            use.source, use.channel, use.note = new
            uses.append(use)
    Use.objects.bulk_update(uses, ["source", "channel", "note"], batch_size=BATCH)
    counts["uses naming the person"] = len(uses)
    rater_mentions = models.Q()
    for n in whole:
        rater_mentions |= models.Q(rater__icontains=n) | models.Q(note__icontains=n)
    ratings = []
    for rating in Rating.objects.filter(object__network=network).filter(rater_mentions).only(
            "pk", "rater", "note"):
        rater = ERASED if rating.rater.strip().casefold() in whole else scrub(rating.rater)
        scores = (rater, scrub(rating.note))
        if scores != (rating.rater, rating.note):
            rating.rater, rating.note = scores
            ratings.append(rating)
    Rating.objects.bulk_update(ratings, ["rater", "note"], batch_size=BATCH)
    counts["ratings naming the person"] = len(ratings)
    if uses or ratings:
        derived.changed(network.pk)  # bulk writes send no signal
        _warm(network.pk)
    return counts


# ---------------------------------------------------------------------------------------------
# An object's attached file

MAX_FILE_MB = 50
# The types a boundary object may come as, by extension, with the bytes each must start with
# (None: text, checked to be UTF-8 without NUL bytes). Anything else is refused.
_ZIP = (b"PK\x03\x04",)
FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    "odp": ("application/vnd.oasis.opendocument.presentation", _ZIP),
    "zip": ("application/zip", _ZIP),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "mp4": ("video/mp4", None),
    "txt": ("text/plain", None),
    "csv": ("text/csv", None),
}


class FileRefused(ValueError):
    """An upload that is too large or not of an allowed type; nothing was stored."""


def check_file(upload) -> str:
    """The content type of ``upload`` when it may be attached; :class:`FileRefused` otherwise.
    The extension must be allowed and the first bytes must be what that type starts with."""
    from django.utils.translation import gettext as _

    if upload.size > MAX_FILE_MB * 1024 * 1024:
        raise FileRefused(_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_MB})
    ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if ext not in FILE_TYPES:
        raise FileRefused(_("Files of this type cannot be attached; allowed: %(types)s.")
                          % {"types": ", ".join(sorted(FILE_TYPES))})
    content_type, starts = FILE_TYPES[ext]
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if ext == "mp4":
        ok = head[4:8] == b"ftyp"
    elif starts is None:
        try:
            head.decode("utf-8")
            ok = b"\x00" not in head
        except UnicodeDecodeError as exc:  # a cut multi-byte character at the end is fine
            ok = exc.start >= len(head) - 3 and b"\x00" not in head
    else:
        ok = any(head.startswith(s) for s in starts)
    if not ok:
        raise FileRefused(_("The file's content is not what its extension (.%(ext)s) says.") % {"ext": ext})
    return content_type


@transaction.atomic
def attach_file(obj: BoundaryObject, upload, *, actor: str) -> BoundaryObject:
    """Attach ``upload`` to ``obj`` (replacing a file it had), stored under a random name;
    refused (:class:`FileRefused`, nothing stored) when too large or not an allowed type."""
    from pathlib import PurePath

    content_type = check_file(upload)
    old = obj.file.name if obj.file else ""
    name = PurePath(upload.name).name[:200]
    obj.file.save(name, upload, save=False)
    obj.file_name, obj.file_type = name, content_type
    obj.save(update_fields=["file", "file_name", "file_type"])
    if old:
        transaction.on_commit(lambda: obj.file.storage.delete(old))
    audit.log(actor, "replace file" if old else "attach file", network_slug=obj.network.slug,
              object_type="boundary object", object_key=obj.key, detail=name)
    return obj


@transaction.atomic
def remove_file(obj: BoundaryObject, *, actor: str) -> None:
    """Remove ``obj``'s attached file (from the disk too); audited."""
    if not obj.file:
        return
    old, name = obj.file.name or "", obj.file_name
    storage = obj.file.storage
    obj.file, obj.file_name, obj.file_type = "", "", ""
    obj.save(update_fields=["file", "file_name", "file_type"])
    transaction.on_commit(lambda: storage.delete(old))
    audit.log(actor, "remove file", network_slug=obj.network.slug, object_type="boundary object",
              object_key=obj.key, detail=name)
