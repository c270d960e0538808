"""The codebook as a tree, the study's codebook, and the REFI-QDA codebook file (.qdc).

Each node has a stable GUID: uuid5 of its path (``category > subcategory > code``), so the same
codebook gives the same GUIDs on every install and the duplicate name ``duur`` stays two codes.
The study codes with the 33 codes; categories and subcategories are not codable.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources

# Fixed namespace for olievlek's code GUIDs; never change it (GUIDs are exchanged with ATLAS.ti).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://olievlek.nl/coding/codebook")
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
SEP = " > "
# One colour per category (margins in the coding view and ATLAS.ti's code colours), #RRGGBB.
COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"]


def guid_for(path: str) -> str:
    return str(uuid.uuid5(NAMESPACE, path))


@dataclass
class CodeNode:
    name: str
    guid: str
    description: str = ""
    codable: bool = True
    color: str = ""
    key: str = ""  # the study's id (``context_netwerk.geschiedenis.duur``), "" for others
    children: list[CodeNode] = field(default_factory=list)

    def walk(self, path: tuple[str, ...] = ()) -> Iterator[tuple[str, CodeNode]]:
        """Yield ``(path, node)`` for this node and every descendant, depth first."""
        path = (*path, self.name)
        yield SEP.join(path), self
        for child in self.children:
            yield from child.walk(path)


def walk(tree: list[CodeNode]) -> Iterator[tuple[str, CodeNode]]:
    for node in tree:
        yield from node.walk()


def study_codebook() -> list[CodeNode]:
    """The study's codebook (Bijlage 5) as 4 category nodes."""
    raw = json.loads(
        resources.files("olievlek.coding").joinpath("data/codebook.json").read_text("utf-8")
    )
    tree = []
    for i, cat in enumerate(raw["codebook"]):
        colour = COLOURS[i % len(COLOURS)]
        cnode = CodeNode(
            cat["category"], guid_for(cat["category"]), codable=False, color=colour, key=cat["id"]
        )
        for sub in cat["subcategories"]:
            spath = cat["category"] + SEP + sub["subcategory"]
            snode = CodeNode(
                sub["subcategory"], guid_for(spath), codable=False, color=colour, key=sub["id"]
            )
            for code in sub["codes"]:
                assert code["path"] == spath + SEP + code["code"], code["path"]
                snode.children.append(
                    CodeNode(
                        code["code"],
                        guid_for(code["path"]),
                        description=code["definition"],
                        color=colour,
                        key=code["id"],
                    )
                )
            cnode.children.append(snode)
        tree.append(cnode)
    return tree


def _code_element(parent: ET.Element, node: CodeNode, ns: str) -> None:
    attrs = {"guid": node.guid, "name": node.name, "isCodable": "true" if node.codable else "false"}
    if node.color:
        attrs["color"] = node.color
    el = ET.SubElement(parent, f"{{{ns}}}Code", attrs)
    if node.description:
        ET.SubElement(el, f"{{{ns}}}Description").text = node.description
    for child in node.children:
        _code_element(el, child, ns)


def codes_element(tree: list[CodeNode], ns: str) -> ET.Element:
    """The ``<Codes>`` element of a codebook or a project (namespace ``ns``)."""
    codes = ET.Element(f"{{{ns}}}Codes")
    for node in tree:
        _code_element(codes, node, ns)
    return codes


def export_qdc(tree: list[CodeNode], origin: str = "olievlek") -> bytes:
    """A REFI-QDA codebook file (.qdc, Codebook.xsd) of ``tree``."""
    if not tree:
        raise ValueError("the codebook is empty: a .qdc needs at least one code")
    ET.register_namespace("", CODEBOOK_NS)
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": origin})
    root.append(codes_element(tree, CODEBOOK_NS))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


class CodebookError(ValueError):
    """A codebook file olievlek cannot take without losing data; lists every problem."""

    def __init__(self, name: str, problems: list[str]):
        self.problems = problems
        super().__init__(f"{name}: " + "; ".join(problems))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_guid(value: str | None) -> str | None:
    try:
        return str(uuid.UUID((value or "").strip().strip("{}")))
    except ValueError:
        return None


def read_codes(codes: ET.Element, name: str = "codebook") -> list[CodeNode]:
    """The tree under a ``<Codes>`` element (of a .qdc or a project.qde), any namespace.

    Lenient where programs differ (namespace, GUIDs in braces or upper case, missing colour,
    codes that are not codable), strict where data would be lost (a code without GUID or name,
    a GUID used twice, a bad colour): every problem is listed and nothing is returned.
    """
    problems: list[str] = []
    seen: set[str] = set()

    def node(el: ET.Element, where: str) -> CodeNode | None:
        label = el.get("name")
        guid = _parse_guid(el.get("guid"))
        here = f"{where} > {label}" if where else (label or "?")
        line = f"code {here!r}"
        if not label or not label.strip():
            problems.append(f"a code under {where or 'Codes'!r} has no name")
        if guid is None:
            problems.append(f"{line} has no valid guid ({el.get('guid')!r})")
        elif guid in seen:
            problems.append(f"{line}: guid {guid} is used twice")
        else:
            seen.add(guid)
        colour = (el.get("color") or "").strip()
        if colour and not (
            colour.startswith("#") and len(colour) in (4, 7)
            and all(c in "0123456789abcdefABCDEF" for c in colour[1:])
        ):
            problems.append(f"{line}: colour {colour!r} is not #RRGGBB")
        if len(colour) == 4:
            colour = "#" + "".join(c * 2 for c in colour[1:])
        codable = (el.get("isCodable") or "true").strip().lower() in ("true", "1")
        desc = ""
        children = []
        for child in el:
            if _local(child.tag) == "Description":
                desc = (child.text or "").strip()
            elif _local(child.tag) == "Code":
                c = node(child, here)
                if c is not None:
                    children.append(c)
        return CodeNode(
            (label or "").strip(), guid or "", desc, codable, colour.lower(), "", children
        )

    tree = [node(el, "") for el in codes if _local(el.tag) == "Code"]
    if problems:
        raise CodebookError(name, problems)
    return [n for n in tree if n is not None]  # None only where a problem was recorded


def import_qdc(data: bytes, name: str = "codebook.qdc") -> list[CodeNode]:
    """The tree of a REFI-QDA codebook file; :class:`CodebookError` on any problem."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise CodebookError(name, [f"not XML ({e})"]) from None
    if _local(root.tag) != "CodeBook":
        raise CodebookError(name, [f"root element is <{_local(root.tag)}>, not <CodeBook>"])
    codes = [el for el in root if _local(el.tag) == "Codes"]
    if not codes:
        raise CodebookError(name, ["no <Codes> element"])
    tree = read_codes(codes[0], name)
    if not tree:
        raise CodebookError(name, ["the codebook has no codes"])
    return tree
