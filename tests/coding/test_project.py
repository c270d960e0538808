"""The REFI-QDA project file (.qdpx) is valid against Project.xsd and keeps offsets exact."""

import io
import zipfile

from olievlek.coding.codebook import study_codebook, walk
from olievlek.coding.project import Case, Project, Selection, Source, User, qdpx_bytes
from olievlek.coding.text import canonical

from .refi import schema

U = "aaaaaaaa-0000-4000-8000-000000000001"
S = "bbbbbbbb-0000-4000-8000-000000000001"


def _project():
    code = next(n for _, n in walk(study_codebook()) if n.key == "activiteiten_netwerk.frequentie.duur")
    text = canonical("\ufeffWe komen één keer per maand 👍 bijeen.\r\nDat duurt twee uur.").text
    start = text.index("twee uur")
    sel = Selection("cccccccc-0000-4000-8000-000000000001", start, start + 8, code.guid, U, "memo é")
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
