"""Input a user can easily make, and input made to hurt: every case is an exact read or a
refusal naming file, row and column (no database here; tests/networks covers writing)."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest

from olievlek import package_files
from olievlek.package import PackageError, read_package, same_content, write_package
from tests.factories import small_package

NETWORK = "id,name\nn1,N\n"


def folder_with(tmp_path, people: bytes | str, name="p"):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "network.csv").write_text(NETWORK)
    data = people.encode("utf-8") if isinstance(people, str) else people
    (folder / "people.csv").write_bytes(data)
    return folder


def problems_of(path, **kw):
    with pytest.raises(PackageError) as err:
        read_package(path, **kw)
    return err.value.problems


def test_a_trailing_comma_is_an_error_naming_the_row_not_a_shift(tmp_path):
    folder = folder_with(tmp_path, "id,name,function\np1,Ada Appel,leraar,\np2,Bo,leraar\n")
    [problem] = problems_of(folder)
    assert (problem.file, problem.row) == ("people.csv", 2)
    assert "4 cells, the header has 3" in problem.reason


def test_a_row_with_too_few_cells_is_an_error(tmp_path):
    folder = folder_with(tmp_path, "id,name,function\np1,Ada\n")
    [problem] = problems_of(folder)
    assert (problem.file, problem.row) == ("people.csv", 2)


@pytest.mark.parametrize("value", ["4.5", "inf", "-inf", "nan", "1e30", "4,0", "vier"])
def test_a_frequency_that_is_not_a_whole_number_is_refused(tmp_path, value):
    folder = folder_with(tmp_path, "id,name\np1,A\np2,B\n")
    (folder / "ties.csv").write_text(
        f'wave,source,target,relation,frequency\n2024,p1,p2,advice,"{value}"\n')
    problems = problems_of(folder)
    assert [(p.file, p.row, p.column) for p in problems] == [("ties.csv", 2, "frequency")]


def test_blank_header_cells_are_columns_without_a_name(tmp_path):
    folder = folder_with(tmp_path, "id,name,,\np1,Ada,,\n")
    assert read_package(folder).people["name"].tolist() == ["Ada"]


def test_dutch_excel_semicolons_and_windows_1252(tmp_path):
    text = 'id;name;expertise\r\np1;José Ærts;"lezen; rekenen\r\nen taal"\r\n'
    folder = folder_with(tmp_path, text.encode("cp1252"))
    (folder / "network.csv").write_bytes(b"\xef\xbb\xbfid;name\r\nn1;N\r\n")  # UTF-8 with BOM
    pkg = read_package(folder)
    assert pkg.people["name"].tolist() == ["José Ærts"]
    assert pkg.people["expertise"].tolist() == ["lezen; rekenen\r\nen taal"]
    assert pkg.network["id"] == "n1"


def test_utf16_is_refused_with_what_to_do(tmp_path):
    folder = folder_with(tmp_path, "id,name\np1,Ada\n".encode("utf-16"))
    [problem] = problems_of(folder)
    assert "save as CSV UTF-8" in problem.reason


def test_lengths_and_control_characters_are_part_of_the_format(tmp_path):
    long_name = "x" * 10_000
    folder = folder_with(
        tmp_path,
        f'id,name,expertise,function\np1,{long_name},"a\nb\tc",\np2,B\x00b,,\np3,C,,"x\ny"\n',
    )
    found = {(p.row, p.column): p.reason for p in problems_of(folder)}
    assert set(found) == {(2, "name"), (3, "name"), (4, "function")}
    assert "10,000 characters; at most 200" in found[(2, "name")]
    assert "U+0000" in found[(3, "name")]


@pytest.mark.parametrize("label,ok", [("2026", True), ("Najaar 2026", True), ("2026.1", True),
                                      ("Najaar: 2026", False), ("2026 [pilot]", False), ("2026?", False),
                                      ("..", False), ("x" * 41, False), ("a/b", False)])
def test_wave_labels_follow_one_rule(tmp_path, label, ok):
    folder = folder_with(tmp_path, "id,name\np1,A\n")
    (folder / "responses.csv").write_text(f'wave,person,status\n"{label}",p1,complete\n')
    if ok:
        assert read_package(folder).waves() == [label]
    else:
        assert [(p.file, p.row, p.column) for p in problems_of(folder)] == [("responses.csv", 2, "wave")]


@pytest.mark.parametrize("network_id", ["..", "!!!", "Grote Letters", "-x"])
def test_a_network_id_must_be_a_usable_slug(tmp_path, network_id):
    folder = folder_with(tmp_path, "id,name\np1,A\n")
    (folder / "network.csv").write_text(f'id,name\n"{network_id}",N\n')
    assert [(p.file, p.column) for p in problems_of(folder)] == [("network.csv", "id")]


# --- zips ---------------------------------------------------------------------------------

def make_zip(path, files: dict[str, bytes | str], **kw):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, **kw) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    bomb = make_zip(tmp_path / "bomb.zip", {"network.csv": NETWORK, "people.csv": "id,name\n" + "," * 50_000_000})
    assert bomb.stat().st_size < 1_000_000
    [problem] = problems_of(bomb)
    assert "would grow" in problem.reason


def test_zip_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(package_files, "MAX_PACKAGE_BYTES", 1000)
    archive = make_zip(tmp_path / "big.zip", {"people.csv": "id,name\n" + "p,A\n" * 400})
    [problem] = problems_of(archive)
    assert "at most 1,000" in problem.reason


def test_zip_with_two_packages_or_nested_folders_is_ambiguous(tmp_path):
    two = make_zip(tmp_path / "two.zip", {"a/network.csv": NETWORK, "a/people.csv": "id,name\np,A\n",
                                          "b/network.csv": NETWORK, "b/people.csv": "id,name\nq,B\n"})
    assert "ambiguous" in problems_of(two)[0].reason
    nested = make_zip(tmp_path / "nested.zip", {"x/y/network.csv": NETWORK, "x/y/people.csv": "id,name\np,A\n"})
    assert "nested folder" in problems_of(nested)[0].reason
    # macOS adds __MACOSX/ copies: they are not a second package
    mac = make_zip(tmp_path / "mac.zip", {"a/network.csv": NETWORK, "a/people.csv": "id,name\np,A\n",
                                          "__MACOSX/a/._people.csv": b"\x00\x05"})
    assert read_package(mac).people["id"].tolist() == ["p"]


def test_encrypted_zip_is_refused(tmp_path):
    archive = make_zip(tmp_path / "enc.zip", {"network.csv": NETWORK, "people.csv": "id,name\np,A\n"})
    data = bytearray(archive.read_bytes())
    # set the "encrypted" flag on every entry (local headers and central directory)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(sig, start)) != -1:
            data[start + offset] |= 0x1
            start += 4
    archive.write_bytes(bytes(data))
    [problem] = problems_of(archive)
    assert "encrypted" in problem.reason


# --- workbooks ----------------------------------------------------------------------------

def workbook(path, people_rows, edit=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "network"
    ws.append(["id", "name"])
    ws.append(["n1", "N"])
    people = wb.create_sheet("people")
    for row in people_rows:
        people.append(row)
    if edit:
        edit(people)
    wb.save(path)
    return path


def test_merged_cells_and_formulas_are_refused_with_their_address(tmp_path):
    def merge(ws):
        ws.merge_cells("C2:C3")

    path = workbook(tmp_path / "m.xlsx", [["id", "name", "function"], ["p1", "A", "leraar"], ["p2", "B", None]],
                    merge)
    assert any("people!C2:C3 is a merged cell" in p.reason for p in problems_of(path))
    path = workbook(tmp_path / "f.xlsx", [["id", "name"], ["p1", "=UPPER(\"a\")"]])
    [problem] = problems_of(path)
    assert "people!B2 holds a formula" in problem.reason


def test_a_cell_right_of_the_header_is_refused(tmp_path):
    path = workbook(tmp_path / "r.xlsx", [["id", "name"], ["p1", "A", "leraar"]])
    [problem] = problems_of(path)
    assert "people!C2" in problem.reason


def test_huge_declared_dimensions_are_refused_before_reading(tmp_path):
    path = workbook(tmp_path / "d.xlsx", [["id", "name"], ["p1", "A"]])
    # rewrite the declared size, as a hostile or broken writer would
    rewritten = tmp_path / "d2.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = re.sub(rb'<dimension ref="A1:B2"\s*/>', b'<dimension ref="A1:XFD1048576"/>', data)
                assert b"XFD1048576" in data
            dst.writestr(info, data)
    [problem] = problems_of(rewritten)
    assert "declares its size as A1:XFD1048576" in problem.reason


def test_an_export_with_formula_like_text_round_trips_as_values(tmp_path):
    pkg = small_package()
    pkg.people.loc[0, "name"] = '=HYPERLINK("http://x","klik")'
    pkg.people.loc[1, "function"] = "+31 6 1234"
    pkg.people.loc[2, "expertise"] = "-lezen\n@rekenen"
    path = write_package(pkg, tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(path)
    assert not [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert same_content(pkg, read_package(path))


def test_a_password_protected_workbook_says_so(tmp_path):
    path = tmp_path / "secret.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))  # how Office stores an encrypted one
    [problem] = problems_of(path)
    assert "without a password" in problem.reason
