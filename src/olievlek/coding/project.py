"""Writing a REFI-QDA project (.qdpx, Project.xsd): a zip of ``project.qde`` and ``sources/``.

Pure: the Django app turns its models into these dataclasses. Text sources are written as the
canonical text (UTF-8, ``\\n``, no BOM) under ``sources/<guid>.txt``, so selection offsets are
code points of the file exactly as stored, as the standard says.
"""

from __future__ import annotations

import io
import uuid
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .codebook import NAMESPACE, CodeNode, _local, codes_element

PROJECT_NS = "urn:QDA-XML:project:1.0"
VARIABLES = ("sector", "region")  # case variables, in this order


def _guid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


@dataclass
class User:
    guid: str
    name: str


@dataclass
class Selection:
    guid: str
    start: int
    end: int
    code_guid: str
    coder_guid: str
    memo: str = ""


@dataclass
class Source:
    guid: str
    name: str
    text: str  # canonical
    selections: list[Selection] = field(default_factory=list)
    memo: str = ""


@dataclass
class Case:
    guid: str
    name: str
    variables: dict[str, str] = field(default_factory=dict)
    source_guids: list[str] = field(default_factory=list)


@dataclass
class Project:
    name: str
    users: list[User]
    codes: list[CodeNode]
    cases: list[Case]
    sources: list[Source]


def _note(notes: ET.Element, owner: str, text: str) -> str:
    guid = _guid("note", owner)
    note = ET.SubElement(notes, f"{{{PROJECT_NS}}}Note", {"guid": guid, "name": "memo"})
    ET.SubElement(note, f"{{{PROJECT_NS}}}PlainTextContent").text = text
    return guid


def project_xml(p: Project) -> bytes:
    """The ``project.qde`` document."""
    q = f"{{{PROJECT_NS}}}"
    ET.register_namespace("", PROJECT_NS)
    root = ET.Element(f"{q}Project", {"name": p.name, "origin": "olievlek"})
    if p.users:
        users = ET.SubElement(root, f"{q}Users")
        for u in p.users:
            ET.SubElement(users, f"{q}User", {"guid": u.guid, "name": u.name})
    if p.codes:
        ET.SubElement(root, f"{q}CodeBook").append(codes_element(p.codes, PROJECT_NS))
    var_guids = {name: _guid("variable", name) for name in VARIABLES}
    if p.cases:
        variables = ET.SubElement(root, f"{q}Variables")
        for name, guid in var_guids.items():
            ET.SubElement(
                variables, f"{q}Variable", {"guid": guid, "name": name, "typeOfVariable": "Text"}
            )
        cases = ET.SubElement(root, f"{q}Cases")
        for c in p.cases:
            case = ET.SubElement(cases, f"{q}Case", {"guid": c.guid, "name": c.name})
            for name in VARIABLES:
                vv = ET.SubElement(case, f"{q}VariableValue")
                ET.SubElement(vv, f"{q}VariableRef", {"targetGUID": var_guids[name]})
                ET.SubElement(vv, f"{q}TextValue").text = c.variables.get(name, "")
            for guid in c.source_guids:
                ET.SubElement(case, f"{q}SourceRef", {"targetGUID": guid})
    notes = ET.Element(f"{q}Notes")
    if p.sources:
        sources = ET.SubElement(root, f"{q}Sources")
        for s in p.sources:
            el = ET.SubElement(
                sources,
                f"{q}TextSource",
                {"guid": s.guid, "name": s.name, "plainTextPath": f"internal://{s.guid}.txt"},
            )
            for sel in s.selections:
                sel_el = ET.SubElement(
                    el,
                    f"{q}PlainTextSelection",
                    {
                        "guid": sel.guid,
                        "name": s.text[sel.start : sel.end][:60],
                        "startPosition": str(sel.start),
                        "endPosition": str(sel.end),
                        "creatingUser": sel.coder_guid,
                    },
                )
                coding = ET.SubElement(
                    sel_el,
                    f"{q}Coding",
                    {"guid": _guid("coding", sel.guid), "creatingUser": sel.coder_guid},
                )
                ET.SubElement(coding, f"{q}CodeRef", {"targetGUID": sel.code_guid})
                if sel.memo:
                    ref = _note(notes, sel.guid, sel.memo)
                    ET.SubElement(sel_el, f"{q}NoteRef", {"targetGUID": ref})
            if s.memo:
                ET.SubElement(el, f"{q}NoteRef", {"targetGUID": _note(notes, s.guid, s.memo)})
    if len(notes):
        root.append(notes)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def write_qdpx(p: Project, out: str | Path | IO[bytes]) -> None:
    """Write the project as a .qdpx zip to ``out`` (a path or a binary file)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", project_xml(p))
        for s in p.sources:
            z.writestr(f"sources/{s.guid}.txt", s.text.encode("utf-8"))


def qdpx_bytes(p: Project) -> bytes:
    buf = io.BytesIO()
    write_qdpx(p, buf)
    return buf.getvalue()


class ProjectError(ValueError):
    """A project olievlek cannot import without losing data; lists every problem."""

    def __init__(self, name: str, problems: list[str]):
        self.problems = problems
        super().__init__(f"{name}: " + "; ".join(problems))


def _kids(el: ET.Element | None, name: str) -> list[ET.Element]:
    return [] if el is None else [c for c in el if _local(c.tag) == name]


def _kid_text(el: ET.Element, tag: str) -> str:
    """The text of ``el``'s child ``tag``, or "" when there is none."""
    kid = _kid(el, tag)
    return (kid.text or "") if kid is not None else ""


def _kid(el: ET.Element | None, name: str) -> ET.Element | None:
    found = _kids(el, name)
    return found[0] if found else None


def read_qdpx(data: bytes, name: str = "project.qdpx") -> Project:
    """A REFI-QDA project from a .qdpx, every offset moved onto the canonical text.

    Lenient with what programs write (any ``*.qde`` name, ``sources``/``Sources`` folder,
    CRLF and BOM in sources, empty sets, codes that are not codable); strict where data would
    be lost: every problem is listed in one :class:`ProjectError` and nothing is returned.
    """
    from .codebook import CodebookError, read_codes
    from .text import canonical, decode

    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ProjectError(name, ["not a .qdpx (zip) file"]) from None
    members = {m.lower(): m for m in z.namelist()}
    qdes = sorted(m for m in members if m.endswith(".qde") and "/" not in m)
    if not qdes:
        raise ProjectError(name, ["no project.qde in the file"])
    qde = members["project.qde"] if "project.qde" in members else members[qdes[0]]
    try:
        root = ET.fromstring(z.read(qde))
    except ET.ParseError as e:
        raise ProjectError(name, [f"{qde}: not XML ({e})"]) from None
    problems: list[str] = []
    users = [
        User(u.get("guid", ""), u.get("name") or u.get("id") or "")
        for u in _kids(_kid(root, "Users"), "User")
    ]
    codes: list[CodeNode] = []
    book = _kid(_kid(root, "CodeBook"), "Codes")
    if book is not None:
        try:
            codes = read_codes(book, qde)
        except CodebookError as e:
            problems += e.problems
    from .codebook import walk

    known_codes = {n.guid.lower() for _, n in walk(codes)}
    notes = {
        (n.get("guid") or "").strip("{}").lower(): _kid_text(n, "PlainTextContent")
        for n in _kids(_kid(root, "Notes"), "Note")
    }

    def memo(el: ET.Element) -> str:
        return "\n\n".join(
            notes.get((r.get("targetGUID") or "").strip("{}").lower(), "")
            for r in _kids(el, "NoteRef")
        ).strip()

    sources: list[Source] = []
    for el in list(_kid(root, "Sources") or []):
        kind = _local(el.tag)
        label = el.get("name") or el.get("guid") or "?"
        if kind != "TextSource":
            problems.append(f"source {label!r}: {kind} is not supported (text sources only)")
            continue
        content = _kid(el, "PlainTextContent")
        path = el.get("plainTextPath") or ""
        if content is not None:
            original = content.text or ""
        elif path:
            inner = path.split("://", 1)[-1].lstrip("/")
            member = members.get(("sources/" + inner).lower()) or members.get(inner.lower())
            if member is None:
                problems.append(f"source {label!r}: {path} is not in the file")
                continue
            try:
                original = decode(z.read(member), member)
            except ValueError as e:
                problems.append(str(e))
                continue
        else:
            problems.append(f"source {label!r} has no text")
            continue
        c = canonical(original)
        selections = []
        for sel in _kids(el, "PlainTextSelection"):
            try:
                start, end = c.move(int(sel.get("startPosition", "")),
                                    int(sel.get("endPosition", "")))
            except ValueError as err:
                problems.append(f"source {label!r}, selection {sel.get('guid')}: {err}")
                continue
            for i, coding in enumerate(_kids(sel, "Coding")):
                code_ref = _kid(coding, "CodeRef")
                ref = (code_ref.get("targetGUID") or "") if code_ref is not None else ""
                if ref.strip("{}").lower() not in known_codes:
                    problems.append(
                        f"source {label!r}, selection {sel.get('guid')}: unknown code {ref!r}"
                    )
                    continue
                selections.append(
                    Selection(
                        ((sel.get("guid") if i == 0 else coding.get("guid")) or "")
                        .strip("{}")
                        .lower(),
                        start,
                        end,
                        ref.strip("{}").lower(),
                        (coding.get("creatingUser") or sel.get("creatingUser") or "")
                        .strip("{}")
                        .lower(),
                        memo(sel),
                    )
                )
        sources.append(
            Source(
                (el.get("guid") or "").strip("{}").lower(),
                el.get("name") or "",
                c.text,
                selections,
                memo(el),
            )
        )
    var_names = {
        v.get("guid", "").lower(): v.get("name", "")
        for v in _kids(_kid(root, "Variables"), "Variable")
    }
    cases = []
    for case in _kids(_kid(root, "Cases"), "Case"):
        values = {}
        for vv in _kids(case, "VariableValue"):
            var_ref = _kid(vv, "VariableRef")
            value_el = _kid(vv, "TextValue")
            if var_ref is not None and value_el is not None:
                values[var_names.get((var_ref.get("targetGUID") or "").lower(), "")] = (
                    value_el.text or "")
        cases.append(
            Case(
                (case.get("guid") or "").strip("{}").lower(),
                case.get("name") or "",
                values,
                [(r.get("targetGUID") or "").strip("{}").lower() for r in _kids(case, "SourceRef")],
            )
        )
    if problems:
        raise ProjectError(name, problems)
    return Project(root.get("name") or "", users, codes, cases, sources)
