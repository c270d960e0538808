"""The REFI-QDA project file (.qdpx) is valid against Project.xsd and keeps offsets exact."""

import io
import zipfile

import pytest

from olievlek.coding.codebook import study_codebook, walk
from olievlek.coding.project import Case, Project, Selection, Source, User, qdpx_bytes
from olievlek.coding.text import canonical

from .refi import schema

U = "aaaaaaaa-0000-4000-8000-000000000001"
S = "bbbbbbbb-0000-4000-8000-000000000001"


def _project():
    code = next(
        n for _, n in walk(study_codebook()) if n.key == "activiteiten_netwerk.frequentie.duur"
    )
    text = canonical("\ufeffWe komen één keer per maand 👍 bijeen.\r\nDat duurt twee uur.").text
    start = text.index("twee uur")
    sel = Selection(
        "cccccccc-0000-4000-8000-000000000001", start, start + 8, code.guid, U, "memo é"
    )
    return Project(
        "olievlek test",
        [User(U, "coder a")],
        study_codebook(),
        [Case("dddddddd-0000-4000-8000-000000000001", "08", {"sector": "po"}, [S])],
        [Source(S, "interview", text, [sel], memo="bron")],
    ), text


def test_project_is_valid_and_offsets_count_the_stored_text():
    project, text = _project()
    data = qdpx_bytes(project)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        qde = z.read("project.qde").decode("utf-8")
        stored = z.read(f"sources/{S}.txt").decode("utf-8")
    schema("Project.xsd").validate(qde)
    assert stored == text and "\r" not in stored and not stored.startswith("\ufeff")
    sel = project.sources[0].selections[0]
    assert stored[sel.start : sel.end] == "twee uur"
    assert f'startPosition="{sel.start}"' in qde and 'plainTextPath="internal://' in qde


def test_round_trip_keeps_codes_sources_and_selections_exactly():
    from olievlek.coding.project import project_xml, read_qdpx

    project, _ = _project()
    back = read_qdpx(qdpx_bytes(project))
    assert project_xml(back) == project_xml(project)
    assert back.sources[0].selections[0].memo == "memo é"


def test_import_moves_crlf_and_bom_offsets_onto_the_canonical_text():
    from olievlek.coding.project import project_xml, read_qdpx

    project, _ = _project()
    original = "\ufeffWe komen één keer per maand 👍 bijeen.\r\nDat duurt twee uur."
    body = original[1:]  # offsets do not count the BOM; the CRLF counts two
    start = body.index("twee uur")
    qde = project_xml(project).decode("utf-8")
    sel = project.sources[0].selections[0]
    qde = qde.replace(f'startPosition="{sel.start}"', f'startPosition="{start}"').replace(
        f'endPosition="{sel.end}"', f'endPosition="{start + 8}"'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("Atlas Project.QDE", qde)
        z.writestr(f"Sources/{S}.txt", original.encode("utf-8"))
    back = read_qdpx(buf.getvalue())
    got = back.sources[0].selections[0]
    assert back.sources[0].text[got.start : got.end] == "twee uur"


def test_import_lists_every_problem():
    from olievlek.coding.project import ProjectError, project_xml, read_qdpx

    project, _ = _project()
    code_ref = f'targetGUID="{project.sources[0].selections[0].code_guid}"'
    qde = project_xml(project).decode("utf-8")
    assert qde.count(code_ref) == 1
    qde = qde.replace(code_ref, 'targetGUID="99999999-0000-4000-8000-000000000009"')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("project.qde", qde)
    with pytest.raises(ProjectError) as err:
        read_qdpx(buf.getvalue(), "atlas.qdpx")
    assert "is not in the file" in str(err.value) and str(err.value).startswith("atlas.qdpx: ")
    with zipfile.ZipFile(buf, "a") as z:
        z.writestr(f"sources/{S}.txt", project.sources[0].text)
    with pytest.raises(ProjectError, match="unknown code '99999999-"):
        read_qdpx(buf.getvalue(), "atlas.qdpx")
    with pytest.raises(ProjectError, match=r"not a \.qdpx"):
        read_qdpx(b"nope")
