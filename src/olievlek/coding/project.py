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

from .codebook import NAMESPACE, CodeNode, codes_element

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


def write_qdpx(p: Project, out) -> None:
    """Write the project as a .qdpx zip to ``out`` (a path or a binary file)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", project_xml(p))
        for s in p.sources:
            z.writestr(f"sources/{s.guid}.txt", s.text.encode("utf-8"))


def qdpx_bytes(p: Project) -> bytes:
    buf = io.BytesIO()
    write_qdpx(p, buf)
    return buf.getvalue()
