"""Reading, validating and writing network packages (no database)."""

from __future__ import annotations

import zipfile

import pytest

from olievlek.package import PackageError, read_package, same_content, write_package
from tests.factories import small_package


def write_files(folder, files: dict[str, str]):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("suffix", ["", ".zip", ".xlsx"])
def test_write_then_read_gives_the_same_package(tmp_path, suffix):
    pkg = small_package()
    path = write_package(pkg, tmp_path / f"pkg{suffix}")
    again = read_package(path)
    assert same_content(pkg, again)
    assert again.ties["frequency"].tolist() == pkg.ties["frequency"].tolist()
    assert again.waves() == ["2024", "2025"]


def test_network_csv_may_be_left_out_when_a_network_is_named(tmp_path):
    folder = write_files(tmp_path / "p", {"people.csv": "id,name\np1,Ada\n"})
    with pytest.raises(PackageError) as err:
        read_package(folder)
    assert "network.csv" in str(err.value)
    pkg = read_package(folder, require_network=False)
    assert pkg.people["name"].tolist() == ["Ada"]
    assert pkg.people["education_level"].tolist() == [""]


def test_every_problem_is_reported_with_file_row_and_column(tmp_path):
    folder = write_files(tmp_path / "bad", {
        "network.csv": "id,name,sector\nn1,Net,primair\n",
        "people.csv": "id,name,education_level\np1,Ada,hbo\np2,Bo,master\np1,Cy,\n",
        "units.csv": "id,name,parent\nu1,A,u2\nu2,B,u1\n",
        "memberships.csv": "person,unit,role,start,end\np1,u1,leraar,2024-13-01,\n",
        "ties.csv": "wave,source,target,relation,frequency,usefulness,topic\n"
                    "2024,p1,p2,advice,4,,\n2024,p2,p2,advice,3,,\n2024,p1,p9,advice,9,,\n"
                    "2024,p1,p2,advice,2,,\n2024,p2,p1,motivation,vaak,3,\n",
    })
    with pytest.raises(PackageError) as err:
        read_package(folder)
    found = {(p.file, p.row, p.column) for p in err.value.problems}
    assert ("network.csv", 2, "sector") in found
    assert ("people.csv", 3, "education_level") in found
    assert ("people.csv", 4, "id") in found  # duplicate id
    assert any(p.file == "units.csv" and "cycle" in p.reason for p in err.value.problems)
    assert ("memberships.csv", 2, "start") in found
    assert ("ties.csv", 3, "target") in found  # self-tie
    assert ("ties.csv", 4, "target") in found  # unknown person
    assert ("ties.csv", 4, "frequency") in found  # out of range
    assert ("ties.csv", 5, "relation") in found  # duplicate tie
    assert ("ties.csv", 6, "frequency") in found  # not a number
    assert ("ties.csv", 6, "usefulness") in found  # usefulness on motivation
    assert "row 3, column education_level" in str(err.value)


def test_missing_required_file_and_column(tmp_path):
    folder = write_files(tmp_path / "p", {"network.csv": "id,name\nn,N\n", "ties.csv": "wave,source\n"})
    with pytest.raises(PackageError) as err:
        read_package(folder)
    found = {(p.file, p.column) for p in err.value.problems}
    assert ("people.csv", None) in found
    assert ("ties.csv", "target") in found and ("ties.csv", "frequency") in found


def test_bad_encoding_names_the_row(tmp_path):
    folder = tmp_path / "enc"
    folder.mkdir()
    (folder / "network.csv").write_text("id,name\nn,N\n")
    # 0x81 is neither UTF-8 here nor a Windows-1252 character
    (folder / "people.csv").write_bytes(b"id,name\np1,Ada\np2,Jos\x81\n")
    with pytest.raises(PackageError) as err:
        read_package(folder)
    [problem] = err.value.problems
    assert (problem.file, problem.row) == ("people.csv", 3)
    assert "save as CSV UTF-8" in problem.reason


def test_zip_with_a_top_folder_and_xlsx_with_csv_sheet_names(tmp_path):
    archive = tmp_path / "net.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("export/network.csv", "id,name\nn,N\n")
        zf.writestr("export/people.csv", "\ufeffid,name\np1,Ada\n")  # with a BOM, as Excel writes
    assert read_package(archive).people["id"].tolist() == ["p1"]

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "network.csv"
    wb.active.append(["id", "name"])
    wb.active.append(["n", "N"])
    ws = wb.create_sheet("people.csv")
    ws.append(["id", "name", "years_in_education"])
    ws.append([17, "Ada", "15+"])
    wb.save(tmp_path / "net.xlsx")
    pkg = read_package(tmp_path / "net.xlsx")
    assert pkg.people["id"].tolist() == ["17"]  # a number cell becomes the id text "17"


def test_not_a_package(tmp_path):
    (tmp_path / "x.txt").write_text("hi")
    with pytest.raises(PackageError, match="not a folder"):
        read_package(tmp_path / "x.txt")
    with pytest.raises(PackageError, match="no such file"):
        read_package(tmp_path / "missing")


def test_row_numbers_survive_blank_lines_quotes_and_extra_cells(tmp_path):
    """Rows are numbered as a spreadsheet shows them, whichever parser reads the file."""
    people = (
        'id,name,involvement\n'
        'p1,"Aa, Bee",1-2y\n'
        '\n'                      # a blank line still takes up row 3
        ',,\n'                    # a row of empty cells is skipped, but counted: row 4
        'p2,Bo,soms\n'            # row 5: bad code
    )
    folder = write_files(tmp_path / "fast", {"network.csv": "id,name\nn,N\n", "people.csv": people})
    with pytest.raises(PackageError) as err:
        read_package(folder)
    assert [(p.file, p.row, p.column) for p in err.value.problems] == [("people.csv", 5, "involvement")]

    ragged = people + "p3,Cy,1-2y,extra\n"  # row 6 has a cell too many: the exact parser reads it
    folder = write_files(tmp_path / "exact", {"network.csv": "id,name\nn,N\n", "people.csv": ragged})
    with pytest.raises(PackageError) as err:
        read_package(folder)
    assert {(p.row, p.column) for p in err.value.problems} == {(6, None)}


def test_names_with_commas_and_spaces_are_read_whole(tmp_path):
    folder = write_files(tmp_path / "p", {
        "network.csv": "id,name\nn,N\n",
        "people.csv": 'id,name,expertise\n p1 ,"Aa, Bee","lezen, rekenen"\n',
    })
    pkg = read_package(folder)
    assert pkg.people.iloc[0][["id", "name", "expertise"]].tolist() == ["p1", "Aa, Bee", "lezen, rekenen"]
