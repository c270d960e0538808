"""Workflows of coding shared by web, API and CLI (one definition each)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from olievlek.accounts import audit
from olievlek.coding import codebook as cb
from olievlek.coding import project as qp

from .models import REMOVED_CODER, Code, Coding, Source


def load_codebook(tree: list[cb.CodeNode], parent: Code | None = None) -> int:
    """Create the codes of ``tree`` that are not there yet (by GUID); returns how many."""
    made = 0
    for i, node in enumerate(tree):
        code, created = Code.objects.get_or_create(
            guid=node.guid,
            defaults={
                "name": node.name,
                "parent": parent,
                "position": i,
                "description": node.description,
                "codable": node.codable,
                "color": node.color,
                "key": node.key,
            },
        )
        made += created + load_codebook(node.children, code)
    return made


def codebook_tree(*, include_retired: bool = True) -> list[cb.CodeNode]:
    """The codebook in the database as a tree (merged codes are left out: their codings moved)."""
    codes = Code.objects.filter(merged_into__isnull=True)
    if not include_retired:
        codes = codes.filter(retired_at__isnull=True)
    children: dict[int | None, list[Code]] = {}
    for c in codes.order_by("position", "name"):
        children.setdefault(c.parent_id, []).append(c)

    def build(parent_id):
        return [
            cb.CodeNode(c.name, c.guid, c.description, c.codable, c.color, c.key, build(c.pk))
            for c in children.get(parent_id, [])
        ]

    return build(None)


def user_guid(username: str) -> str:
    return str(uuid.uuid5(cb.NAMESPACE, "user:" + username))


def project_of(networks, name: str = "olievlek") -> qp.Project:
    """The REFI-QDA project of the networks' sources, codings, coders and the codebook."""
    sources = (
        Source.objects.filter(network__in=networks)
        .select_related("network")
        .prefetch_related("codings__code", "codings__coder")
    )
    users: dict[str, qp.User] = {}
    cases: dict[int, qp.Case] = {}
    out_sources = []
    for n in networks:
        cases[n.pk] = qp.Case(
            str(uuid.uuid5(cb.NAMESPACE, "network:" + n.slug)),
            n.slug,
            {"sector": n.sector, "region": n.region},
        )
    for s in sources:
        selections = []
        for c in s.codings.all():
            username = c.coder.get_username() if c.coder else REMOVED_CODER
            users.setdefault(username, qp.User(user_guid(username), username))
            selections.append(
                qp.Selection(c.guid, c.start, c.end, c.code.guid, user_guid(username), c.memo)
            )
        out_sources.append(qp.Source(s.guid, s.title, s.text, selections, s.memo))
        cases[s.network_id].source_guids.append(s.guid)
    return qp.Project(
        name,
        sorted(users.values(), key=lambda u: u.name),
        codebook_tree(),
        list(cases.values()),
        out_sources,
    )


@transaction.atomic
def export_project(networks, out, *, actor: str) -> qp.Project:
    """Write the networks' coding as a .qdpx to ``out`` and log it (coding is personal data)."""
    project = project_of(networks)
    qp.write_qdpx(project, out)
    counts = {c.name: len(c.source_guids) for c in project.cases}
    for n in networks:
        audit.log(
            actor,
            "coding-export",
            network_slug=n.slug,
            object_type="qdpx",
            detail=f"{counts.get(n.slug, 0)} sources",
        )
    return project


def add_coding(source: Source, code: Code, start: int, end: int, coder, memo: str = "") -> Coding:
    """Code ``source.text[start:end]`` with ``code``; the quote is kept beside the offsets."""
    if not (0 <= start < end <= len(source.text)):
        raise ValueError(
            f"selection {start}-{end} is outside the source (length {len(source.text)})"
        )
    if not code.codable or code.retired_at or code.merged_into_id:
        raise ValueError(f"code {code.name!r} cannot be applied")
    return Coding.objects.create(
        source=source,
        code=code,
        start=start,
        end=end,
        quote=source.text[start:end],
        coder=coder,
        memo=memo,
    )


class ProjectImportError(ValueError):
    """A project that cannot be imported as a whole; lists every problem."""


@transaction.atomic
def import_project(data: bytes, name: str, *, network=None, actor: str) -> qp.Project:
    """Import a .qdpx all or nothing: codes (by GUID), sources, codings and memos.

    Each source goes to ``network`` if given, else to the network whose slug is its case's
    name. Coders unknown here become users without a role or password (they see nothing until a
    researcher gives them one). Imported sources get kind ``document`` unless a researcher
    changes it.
    """
    from django.contrib.auth import get_user_model

    from olievlek.networks.models import Network

    project = qp.read_qdpx(data, name)
    problems = []
    case_of = {g: c.name for c in project.cases for g in c.source_guids}
    networks = {n.slug: n for n in Network.objects.all()}
    targets: dict[str, Network] = {}
    for s in project.sources:
        if Source.objects.filter(guid=s.guid).exists():
            problems.append(f"source {s.name!r} ({s.guid}) is already here")
        target = network or networks.get(case_of.get(s.guid, ""))
        if target is None:
            problems.append(
                f"source {s.name!r}: no network for case {case_of.get(s.guid, '')!r} "
                "(give --network SLUG)"
            )
        else:
            targets[s.guid] = target
    if problems:
        raise ProjectImportError(f"{name}: " + "; ".join(problems))
    load_codebook(project.codes)
    codes = {c.guid: c for c in Code.objects.all()}
    names = {u.guid.strip("{}").lower(): u.name for u in project.users}
    User = get_user_model()
    coders: dict[str, Any] = {}
    for s in project.sources:
        source = Source.objects.create(
            guid=s.guid,
            network=targets[s.guid],
            kind="document",
            title=s.name[:200] or s.guid,
            text=s.text,
            memo=s.memo,
        )
        for sel in s.selections:
            username = names.get(sel.coder_guid) or "import"
            if username == REMOVED_CODER:
                coders[username] = None
            if username not in coders:
                coders[username], made = User.objects.get_or_create(username=username)
                if made:
                    coders[username].set_unusable_password()
                    coders[username].save()
            Coding.objects.create(
                guid=sel.guid,
                source=source,
                start=sel.start,
                end=sel.end,
                quote=s.text[sel.start : sel.end],
                code=codes[sel.code_guid],
                coder=coders[username],
                memo=sel.memo,
            )
        audit.log(
            actor,
            "coding-import",
            network_slug=targets[s.guid].slug,
            object_type="source",
            object_key=s.guid,
            detail=name,
        )
    return project


def _log_code(actor: str, action: str, code: Code, detail: str) -> None:
    audit.log(actor, action, object_type="code", object_key=code.guid, detail=detail)


@transaction.atomic
def merge_codes(source_code: Code, target: Code, *, actor: str) -> int:
    """Merge ``source_code`` into ``target``: its codings move, it stays as history
    (``merged_into``) and no longer appears in the codebook. Returns the codings moved."""
    if source_code.pk == target.pk:
        raise ValueError("a code cannot be merged into itself")
    if target.merged_into_id or target.retired_at or not target.codable:
        raise ValueError(f"code {target.name!r} cannot take codings")
    if source_code.children.filter(merged_into__isnull=True).exists():
        raise ValueError(f"code {source_code.name!r} has codes under it: move them first")
    moved = Coding.objects.filter(code=source_code).update(code=target)
    source_code.merged_into = target
    source_code.save(update_fields=["merged_into"])
    _log_code(actor, "code-merge", source_code, f"into {target.guid}, {moved} codings")
    return moved


@transaction.atomic
def retire_code(code: Code, *, actor: str) -> None:
    """Retire a code: its codings stay, it can no longer be applied."""
    from django.utils import timezone

    code.retired_at = timezone.now()
    code.save(update_fields=["retired_at"])
    _log_code(actor, "code-retire", code, "")


@transaction.atomic
def rename_code(code: Code, name: str, *, actor: str) -> None:
    """Rename a code (its GUID stays, so exchanged codings keep pointing at it)."""
    name = name.strip()
    if not name:
        raise ValueError("a code needs a name")
    old, code.name = code.name, name[:200]
    code.save(update_fields=["name"])
    _log_code(actor, "code-rename", code, f"{old} -> {code.name}")


def _end_of(parent: Code | None) -> int:
    """The position after the last code under ``parent``."""
    last = Code.objects.filter(parent=parent).order_by("-position").first()
    return last.position + 1 if last else 0


def _check_parent(parent: Code | None) -> None:
    if parent is not None and (parent.merged_into_id or parent.retired_at):
        raise ValueError(f"code {parent.name!r} is merged or retired: no codes can go under it")


@transaction.atomic
def add_code(name: str, *, parent: Code | None = None, description: str = "",
             actor: str) -> Code:
    """Add a code at the end of ``parent``'s codes (``None``: a new category); a new GUID, no
    study id. Logged as ``code-add``."""
    name = name.strip()
    if not name:
        raise ValueError("a code needs a name")
    _check_parent(parent)
    code = Code.objects.create(name=name[:200], parent=parent, position=_end_of(parent),
                               description=description.strip())
    _log_code(actor, "code-add", code, f"under {parent.guid if parent else '-'}")
    return code


@transaction.atomic
def define_code(code: Code, description: str, *, actor: str) -> None:
    """Change a code's definition; the old one is kept in the audit log."""
    description = description.strip()
    if description == code.description:
        return
    old, code.description = code.description, description
    code.save(update_fields=["description"])
    _log_code(actor, "code-define", code, f"was: {old}")


@transaction.atomic
def move_code(code: Code, parent: Code | None, *, actor: str) -> None:
    """Move a code (with the codes under it) to the end of ``parent``'s codes (``None``: the
    top level). Its codings stay with it. Logged as ``code-move`` with the old parent."""
    if code.merged_into_id:
        raise ValueError(f"code {code.name!r} is merged into another code")
    _check_parent(parent)
    node = parent
    while node is not None:
        if node.pk == code.pk:
            raise ValueError(f"code {code.name!r} cannot go under itself or a code under it")
        node = node.parent
    if code.parent_id == (parent.pk if parent else None):
        return
    old = code.parent.guid if code.parent else "-"
    code.parent = parent
    code.position = _end_of(parent)
    code.save(update_fields=["parent", "position"])
    _log_code(actor, "code-move", code, f"{old} -> {parent.guid if parent else '-'}")


def source_agreement(source: Source, coder_a, coder_b):
    """Agreement of two coders on one source (the one definition pages and exports call):
    cu-alpha overall and per code, and per code alpha and percent over paragraphs."""
    from olievlek.coding.agreement import agreement
    from olievlek.coding.text import paragraphs

    def codings(coder):
        return list(source.codings.filter(coder=coder).values_list("code__guid", "start", "end"))

    return agreement(codings(coder_a), codings(coder_b), len(source.text), paragraphs(source.text))


@transaction.atomic
def add_source(
    network,
    *,
    filename: str,
    data: bytes,
    kind: str,
    title: str,
    actor: str,
    date=None,
    study_year: int | None = None,
    event: str = "",
    memo: str = "",
    participants=(),
) -> Source:
    """Store an uploaded file as a source of ``network``: its canonical text (NFC, ``\\n``, no
    BOM) and the original bytes. A file that cannot give its text raises
    :class:`olievlek.coding.files.SourceFileError` and nothing is stored."""
    from olievlek.coding.files import read_source

    text = read_source(filename, data)
    source = Source.objects.create(
        network=network,
        kind=kind,
        title=(title.strip() or filename)[:200],
        date=date,
        study_year=study_year,
        event=event[:200],
        memo=memo,
        text=text,
        original=data,
        original_name=filename[-255:],
    )
    people = [p for p in participants if p.network_id == network.pk]
    source.participants.set(people)
    audit.log(actor, "source-add", network_slug=network.slug, object_type="source",
              object_key=source.guid, detail=f"{filename}, {len(text)} characters")
    return source


@transaction.atomic
def code_selection(source: Source, codes, start: int, end: int, coder, *, memo: str = "",
                   actor: str) -> list[Coding]:
    """Apply one or more codes to ``source.text[start:end]`` (one coding each) and log it."""
    codes = list(codes)
    if not codes:
        raise ValueError("choose at least one code")
    made = [add_coding(source, code, start, end, coder, memo) for code in codes]
    audit.log(actor, "coding-add", network_slug=source.network.slug, object_type="source",
              object_key=source.guid,
              detail=f"{start}-{end}: " + ", ".join(c.guid for c in codes))
    return made


@transaction.atomic
def change_coding(coding: Coding, *, actor: str, code: Code | None = None,
                  memo: str | None = None) -> Coding:
    """Give a coding another code and/or memo (its position and quote stay)."""
    changed = []
    if code is not None and code.pk != coding.code_id:
        if not code.codable or code.retired_at or code.merged_into_id:
            raise ValueError(f"code {code.name!r} cannot be applied")
        coding.code = code
        changed.append("code")
    if memo is not None and memo != coding.memo:
        coding.memo = memo
        changed.append("memo")
    if changed:
        coding.save(update_fields=changed)
        audit.log(actor, "coding-change", network_slug=coding.source.network.slug,
                  object_type="coding", object_key=coding.guid, detail=", ".join(changed))
    return coding


@transaction.atomic
def remove_coding(coding: Coding, *, actor: str) -> None:
    audit.log(actor, "coding-remove", network_slug=coding.source.network.slug,
              object_type="coding", object_key=coding.guid,
              detail=f"{coding.code.guid} {coding.start}-{coding.end}")
    coding.delete()


@transaction.atomic
def import_codebook(data: bytes, name: str, *, actor: str) -> int:
    """Add the codes of a REFI-QDA codebook (.qdc) that are not here yet (by GUID); returns
    how many. Raises :class:`olievlek.coding.codebook.CodebookError` naming the file."""
    tree = cb.import_qdc(data, name)
    made = load_codebook(tree)
    audit.log(actor, "codebook-import", object_type="qdc", detail=f"{name.rsplit('/', 1)[-1]}: {made} new codes")
    return made


@transaction.atomic
def assign_double_coding(source: Source, first, second, *, actor: str) -> None:
    """Give ``source`` to two coders who code it blind (see :class:`Assignment`)."""
    from .models import Assignment

    if first.pk == second.pk:
        raise ValueError("double coding needs two different coders")
    source.assignments.all().delete()
    Assignment.objects.create(source=source, coder=first, role=Assignment.FIRST, assigned_by=actor)
    Assignment.objects.create(source=source, coder=second, role=Assignment.SECOND,
                              assigned_by=actor)
    audit.log(actor, "double-coding-assign", network_slug=source.network.slug,
              object_type="source", object_key=source.guid,
              detail=f"{first.get_username()}, {second.get_username()}")


def coders_of(source: Source):
    """The first and second coder of a double-coded source, or ``(None, None)``."""
    roles = {a.role: a.coder for a in source.assignments.select_related("coder")}
    return roles.get("first"), roles.get("second")


def disagreements(source: Source) -> list[dict]:
    """Each (code, paragraph) that one of the two coders coded and the other did not, in text
    order: ``{"code", "start", "end", "coder", "role", "codings"}``. The unit is the paragraph,
    as in the per-code agreement figures."""
    from olievlek.coding.text import paragraphs

    first, second = coders_of(source)
    if first is None or second is None:
        return []
    paras = paragraphs(source.text)
    hits: dict[tuple[int, int, int], list[Coding]] = {}  # (code, paragraph, coder) -> codings
    codings = source.codings.filter(coder__in=[first, second]).select_related("code")
    for c in codings:
        for i, (ps, pe) in enumerate(paras):
            if c.start < pe and ps < c.end:
                hits.setdefault((c.code_id, i, c.coder_id), []).append(c)  # type: ignore[arg-type]
    out = []
    for (code_id, i, coder_id), cs in hits.items():
        other = second.pk if coder_id == first.pk else first.pk
        if (code_id, i, other) not in hits:
            out.append({"code": cs[0].code, "start": paras[i][0], "end": paras[i][1],
                        "paragraph": i, "coder": first if coder_id == first.pk else second,
                        "role": "first" if coder_id == first.pk else "second", "codings": cs})
    return sorted(out, key=lambda d: (d["start"], d["code"].name))


@transaction.atomic
def settle(source: Source, code: Code, paragraph: int, *, keep: bool, actor: str) -> None:
    """Settle one disagreement: ``keep`` copies the coder's codings of ``code`` on that
    paragraph to the other coder; otherwise they are removed. Either way the two agree there."""
    first, second = coders_of(source)
    found = [d for d in disagreements(source)
             if d["code"].pk == code.pk and d["paragraph"] == paragraph]
    if not found:
        raise ValueError("no such disagreement")
    d = found[0]
    other = second if d["coder"].pk == first.pk else first
    for c in d["codings"]:
        if keep:
            Coding.objects.create(source=source, code=c.code, start=c.start, end=c.end,
                                  quote=c.quote, coder=other, memo=c.memo)
        else:
            c.delete()
    audit.log(actor, "double-coding-settle", network_slug=source.network.slug,
              object_type="source", object_key=source.guid,
              detail=f"{code.guid} paragraph {paragraph}: {'kept' if keep else 'removed'}")


@transaction.atomic
def finish_settling(source: Source, *, actor: str) -> None:
    """End blind coding of ``source``: the first coder's codings are the coding of record."""
    from django.utils import timezone

    if disagreements(source):
        raise ValueError("settle every disagreement first")
    source.assignments.update(settled_at=timezone.now())
    audit.log(actor, "double-coding-finish", network_slug=source.network.slug,
              object_type="source", object_key=source.guid)


@transaction.atomic
def reactivate_code(code: Code, *, actor: str) -> None:
    """Put a retired code back in use (it can be applied again). Logged as ``code-reactivate``
    with when it was retired; a merged code cannot come back (its codings moved)."""
    if code.merged_into_id:
        raise ValueError(f"code {code.name!r} is merged into another code")
    if code.retired_at is None:
        return
    node = code.parent
    while node is not None:
        if node.retired_at or node.merged_into_id:
            raise ValueError(f"code {node.name!r} above it is merged or retired")
        node = node.parent
    was, code.retired_at = code.retired_at, None
    code.save(update_fields=["retired_at"])
    _log_code(actor, "code-reactivate", code, f"retired {was.isoformat()}")


@transaction.atomic
def order_code(code: Code, step: int, *, actor: str) -> bool:
    """Move a code ``step`` places (-1 up, +1 down) among its siblings (merged codes do not
    count: they are out of the codebook). The siblings are numbered 0, 1, ... afresh, so the
    .qdc export and every page follow the new order. Logged as ``code-order``; returns whether
    it moved (not past the first or last)."""
    siblings = list(Code.objects.select_for_update().filter(
        parent_id=code.parent_id, merged_into__isnull=True).order_by("position", "name"))
    index = next(i for i, c in enumerate(siblings) if c.pk == code.pk)
    to = index + step
    if step == 0 or not 0 <= to < len(siblings):
        return False
    siblings.insert(to, siblings.pop(index))
    for i, c in enumerate(siblings):
        c.position = i
    Code.objects.bulk_update(siblings, ["position"])
    _log_code(actor, "code-order", code, f"{index + 1} -> {to + 1} of {len(siblings)}")
    return True


@transaction.atomic
def share_source(source: Source, shared: bool, *, actor: str) -> None:
    """Share a source with its network's coordinator(s), or stop sharing it. A coordinator
    sees a shared source's text and codings of record, read-only (``Viewer.sees_source``).
    Logged as ``source-share`` / ``source-unshare``."""
    from django.utils import timezone

    if shared == (source.shared_at is not None):
        return
    source.shared_at = timezone.now() if shared else None
    source.save(update_fields=["shared_at"])
    audit.log(actor, "source-share" if shared else "source-unshare",
              network_slug=source.network.slug, object_type="source", object_key=source.guid)


@transaction.atomic
def replace_source(source: Source, *, filename: str, data: bytes, actor: str) -> list:
    """Replace a source's file by a new version and re-anchor every coding (every coder's) by
    its quote (:func:`olievlek.coding.anchor.reanchor`). All or nothing: a file that cannot
    give its text raises :class:`olievlek.coding.files.SourceFileError` and nothing changes.
    Codings that cannot be placed are kept, flagged ``review`` (``missing`` or
    ``ambiguous``) with their old quote. Returns ``(coding, anchor)`` for every coding;
    logged as ``source-replace`` with the counts."""
    from olievlek.coding.anchor import MOVED, SAME, reanchor
    from olievlek.coding.files import SourceFileError, read_source

    text = read_source(filename, data)
    if not text.strip():
        raise SourceFileError(f"{filename}: no text")
    codings = list(source.codings.select_for_update().order_by("start", "end", "pk"))
    anchors = reanchor(text, [(c.pk, c.start, c.end, c.quote) for c in codings])
    for c, a in zip(codings, anchors):
        c.start, c.end = a.start, a.end
        if a.flagged:
            c.review = a.status  # the old quote stays: it is what the coder coded
        else:
            c.quote, c.review = text[a.start:a.end], ""
    Coding.objects.bulk_update(codings, ["start", "end", "quote", "review"], batch_size=500)
    old_name = source.original_name
    source.text, source.original, source.original_name = text, data, filename[-255:]
    source.save(update_fields=["text", "original", "original_name"])
    counts = {s: sum(a.status == s for a in anchors) for s in (SAME, MOVED)}
    flagged = sum(a.flagged for a in anchors)
    audit.log(actor, "source-replace", network_slug=source.network.slug, object_type="source",
              object_key=source.guid,
              detail=f"{old_name or '-'} -> {filename}, {len(text)} characters; codings: "
                     f"{counts[SAME]} in place, {counts[MOVED]} moved, {flagged} to review")
    return list(zip(codings, anchors))


@transaction.atomic
def place_coding(coding: Coding, start: int, end: int, *, actor: str) -> Coding:
    """Place a coding (one flagged for review after a replacement, or any) on
    ``text[start:end]``: its quote becomes that text and the flag goes. Logged as
    ``coding-place`` with the old position."""
    text = coding.source.text
    if not (0 <= start < end <= len(text)):
        raise ValueError(f"selection {start}-{end} is outside the source (length {len(text)})")
    old = f"{coding.start}-{coding.end}{' ' + coding.review if coding.review else ''}"
    coding.start, coding.end, coding.quote, coding.review = start, end, text[start:end], ""
    coding.save(update_fields=["start", "end", "quote", "review"])
    audit.log(actor, "coding-place", network_slug=coding.source.network.slug,
              object_type="coding", object_key=coding.guid, detail=f"{old} -> {start}-{end}")
    return coding
