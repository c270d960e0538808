"""The study's codebook and the REFI-QDA codebook file (.qdc)."""

import uuid

import pytest

from olievlek.coding.codebook import (
    CodebookError,
    export_qdc,
    guid_for,
    import_qdc,
    study_codebook,
    walk,
)

from .refi import schema


def test_study_codebook_is_4_11_33_and_keys_duur_by_path():
    tree = study_codebook()
    assert len(tree) == 4
    subs = [s for c in tree for s in c.children]
    codes = [k for s in subs for k in s.children]
    assert (len(subs), len(codes)) == (11, 33)
    assert all(k.codable and k.description for k in codes)
    assert not any(n.codable for n in tree + subs)
    paths = dict(walk(tree))
    duur = [p for p, n in paths.items() if n.name == "duur"]
    assert duur == [
        "Context netwerk > geschiedenis > duur",
        "Activiteiten netwerk > frequentie > duur",
    ]
    assert paths[duur[0]].guid != paths[duur[1]].guid
    assert paths[duur[0]].description == "Hoe lang het netwerk al bestaat"


def test_guids_are_stable_uuid5_of_the_path():
    tree = study_codebook()
    key = "aard_opbrengsten.ontwikkelingen.meso"
    path, node = next((p, n) for p, n in walk(tree) if n.key == key)
    assert node.guid == guid_for(path) == str(uuid.UUID(node.guid))
    assert node.guid == next(n for _, n in walk(study_codebook()) if n.key == node.key).guid
    assert len({n.guid for _, n in walk(tree)}) == 48


def test_export_is_valid_against_codebook_xsd_and_round_trips():
    tree = study_codebook()
    data = export_qdc(tree)
    schema("Codebook.xsd").validate(data.decode("utf-8"))
    back = import_qdc(data)
    assert [(p, n.guid, n.description, n.codable, n.color) for p, n in walk(back)] == [
        (p, n.guid, n.description, n.codable, n.color) for p, n in walk(tree)
    ]
    assert "coördinatie" in data.decode("utf-8")


def test_import_is_lenient_with_other_programs():
    data = b"""<?xml version="1.0"?>
    <CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti">
      <Codes>
        <Code guid="{0B1F2E3D-4C5B-6A79-8877-665544332211}" name="Thema" isCodable="false" color="#abc">
          <Code guid="11111111-2222-3333-4444-555555555555" name="vertrouwen" isCodable="true"/>
        </Code>
      </Codes>
      <Sets/>
    </CodeBook>"""
    (top,) = import_qdc(data)
    assert top.guid == "0b1f2e3d-4c5b-6a79-8877-665544332211"
    assert (top.codable, top.color) == (False, "#aabbcc")
    assert top.children[0].name == "vertrouwen"


def test_import_lists_every_problem_and_returns_nothing():
    data = b"""<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
      <Code guid="11111111-2222-3333-4444-555555555555" name="a" isCodable="true" color="red"/>
      <Code guid="11111111-2222-3333-4444-555555555555" name="b" isCodable="true"/>
      <Code guid="nope" name="c" isCodable="true"/>
    </Codes></CodeBook>"""
    with pytest.raises(CodebookError) as err:
        import_qdc(data, "atlas.qdc")
    msg = str(err.value)
    assert msg.startswith("atlas.qdc: ")
    assert "'red' is not #RRGGBB" in msg and "used twice" in msg and "no valid guid ('nope')" in msg
    with pytest.raises(CodebookError, match="not XML"):
        import_qdc(b"<CodeBook", "x.qdc")
    with pytest.raises(CodebookError, match="no <Codes>"):
        import_qdc(b"<CodeBook/>")
