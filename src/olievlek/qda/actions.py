"""Workflows of coding shared by web, API and CLI (one definition each)."""

from __future__ import annotations

import uuid

from django.db import transaction

from olievlek.accounts import audit
from olievlek.coding import codebook as cb
from olievlek.coding import project as qp

from .models import Code, Coding, Source


def load_codebook(tree: list[cb.CodeNode], parent: Code | None = None) -> int:
    """Create the codes of ``tree`` that are not there yet (by GUID); returns how many."""
    made = 0
    for i, node in enumerate(tree):
        code, created = Code.objects.get_or_create(
            guid=node.guid,
            defaults={
                "name": node.name, "parent": parent, "position": i,
                "description": node.description, "codable": node.codable,
                "color": node.color, "key": node.key,
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
            str(uuid.uuid5(cb.NAMESPACE, "network:" + n.slug)), n.slug,
            {"sector": n.sector, "region": n.region},
        )
    for s in sources:
        selections = []
        for c in s.codings.all():
            username = c.coder.get_username()
            users.setdefault(username, qp.User(user_guid(username), username))
            selections.append(
                qp.Selection(c.guid, c.start, c.end, c.code.guid, user_guid(username), c.memo)
            )
        out_sources.append(qp.Source(s.guid, s.title, s.text, selections, s.memo))
        cases[s.network_id].source_guids.append(s.guid)
    return qp.Project(
        name, sorted(users.values(), key=lambda u: u.name), codebook_tree(),
        list(cases.values()), out_sources,
    )


@transaction.atomic
def export_project(networks, out, *, actor: str) -> qp.Project:
    """Write the networks' coding as a .qdpx to ``out`` and log it (coding is personal data)."""
    project = project_of(networks)
    qp.write_qdpx(project, out)
    counts = {c.name: len(c.source_guids) for c in project.cases}
    for n in networks:
        audit.log(actor, "coding-export", network_slug=n.slug, object_type="qdpx",
                  detail=f"{counts.get(n.slug, 0)} sources")
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
        source=source, code=code, start=start, end=end, quote=source.text[start:end],
        coder=coder, memo=memo,
    )
