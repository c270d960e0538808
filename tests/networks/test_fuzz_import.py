"""A seeded mutator over a demo package: every mutated input is either refused with a clear
error naming the file (and row and column where there is one) with nothing written, or
imported exactly: its export equals what was read. Runs on SQLite and PostgreSQL alike (CI
runs the suite on both); bounded to a few dozen small cases."""

from __future__ import annotations

import csv
import io
import random
import zipfile

import openpyxl
import pytest
from django.apps import apps
from django.db import transaction

from olievlek import package_files
from olievlek.networks.actions import export_package, import_package
from olievlek.package import PackageError, read_package, same_content, write_package
from tests.factories import demo_packages

SEED = 20261130
BASE, OTHER = "09-westlandse-onderwijsboost", "10-leren-voor-duurzaamheid-in-een-regionale-context"


@pytest.fixture(scope="module")
def demo():
    return {p.network["id"]: p for p in demo_packages() if p.network["id"] in (BASE, OTHER)}


def counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def csv_files(pkg, tmp_path) -> dict[str, str]:
    folder = write_package(pkg, tmp_path / "base")
    return {f.name: f.read_text(encoding="utf-8") for f in sorted(folder.iterdir())}


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def unrows(table: list[list[str]], sep: str = ",", end: str = "\n") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator=end).writerows(table)
    return buf.getvalue()


def set_cell(files, name, column, value, rng):
    table = rows(files[name])
    j = table[0].index(column)
    i = rng.randrange(1, len(table))
    table[i][j] = value
    files[name] = unrows(table)


# Each mutation edits the CSV texts (name -> text) and says what must happen: "refuse",
# "accept" (an exact import) or "either" (as long as it is one of the two).
def m_drop_required_column(files, rng):
    table = rows(files["ties.csv"])
    j = table[0].index(rng.choice(["source", "target", "frequency"]))
    files["ties.csv"] = unrows([r[:j] + r[j + 1:] for r in table])
    return "refuse"


def m_rename_column(files, rng):
    files["people.csv"] = files["people.csv"].replace("id,name", "ID,naam", 1)
    return "refuse"


def m_trailing_comma(files, rng):
    lines = files["people.csv"].split("\n")
    i = rng.randrange(1, len(lines) - 1)
    lines[i] += ","
    files["people.csv"] = "\n".join(lines)
    return "refuse"


def m_missing_cell(files, rng):
    lines = files["memberships.csv"].split("\n")
    i = rng.randrange(1, len(lines) - 1)
    lines[i] = lines[i].rsplit(",", 1)[0]
    files["memberships.csv"] = "\n".join(lines)
    return "refuse"


def m_bad_code(files, rng):
    set_cell(files, "units.csv", "process", "praktijkk", rng)
    return "refuse"


def m_bad_date(files, rng):
    set_cell(files, "memberships.csv", "start", rng.choice(["2024-13-45", "1-1-2024", "gisteren"]), rng)
    return "refuse"


def m_bad_frequency(files, rng):
    set_cell(files, "ties.csv", "frequency", rng.choice(["4.5", "inf", "-1", "9", "", "1e30", "NaN"]), rng)
    return "refuse"


def m_unknown_reference(files, rng):
    set_cell(files, "ties.csv", "target", "nobody", rng)
    return "refuse"


def m_duplicate_id(files, rng):
    lines = files["people.csv"].split("\n")
    files["people.csv"] = "\n".join(lines[:2] + lines[1:])
    return "refuse"


def m_nul_in_name(files, rng):
    set_cell(files, "people.csv", "name", "Ada\x00Appel", rng)
    return "refuse"


def m_overlong_name(files, rng):
    set_cell(files, "people.csv", "name", "x" * rng.choice([201, 10_000]), rng)
    return "refuse"


def m_huge_cell(files, rng):
    set_cell(files, "people.csv", "expertise", "y" * 40_000, rng)
    return "refuse"


def m_bad_wave_label(files, rng):
    label = rng.choice(["Najaar: 2026", "2026 [pilot]", "2026?", ".."])
    files["responses.csv"] = files["responses.csv"].replace("\n2024,", f'\n"{label}",')
    return "refuse"


def m_bad_network_id(files, rng):
    files["network.csv"] = files["network.csv"].replace(BASE, rng.choice(["..", "!!!", "Grote Letters"]))
    return "refuse"


def m_utf16(files, rng):
    files["people.csv"] = files["people.csv"].encode("utf-16")
    return "refuse"


def m_not_text(files, rng):
    files["people.csv"] = files["people.csv"].encode("utf-8").replace(b"a", b"\x81", 1)
    return "refuse"


def m_empty_file(files, rng):
    files[rng.choice(["people.csv", "ties.csv", "units.csv"])] = ""
    return "refuse"


def m_no_people_file(files, rng):
    del files["people.csv"]
    return "refuse"


def m_dutch_excel(files, rng):
    for name, text in files.items():
        files[name] = unrows(rows(text), sep=";", end="\r\n").encode(rng.choice(["cp1252", "utf-8-sig"]))
    return "accept"


def m_crlf_and_bom(files, rng):
    for name, text in files.items():
        files[name] = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    return "accept"


def m_quoted_newline(files, rng):
    set_cell(files, "people.csv", "expertise", "lezen,\nrekenen; en \"taal\"", rng)
    return "accept"


def m_shuffled_and_extra_columns(files, rng):
    table = rows(files["people.csv"])
    order = list(range(len(table[0])))
    rng.shuffle(order)
    files["people.csv"] = unrows([[r[j] for j in order] + ["extra"] for r in table])
    return "accept"


def m_blank_lines(files, rng):
    files["ties.csv"] = files["ties.csv"].replace("\n", "\n\n", 3) + "\n,,,,,,\n"
    return "accept"


def m_tiny(files, rng):
    for name in list(files):
        if name not in ("network.csv", "people.csv"):
            del files[name]
    files["people.csv"] = "id,name\np1,Één\n"
    return "accept"


def m_formula_text(files, rng):
    set_cell(files, "people.csv", "function", rng.choice(["=1+1", "+31 6", "-lezen", "@home"]), rng)
    return "accept"


def m_flip_byte(files, rng):
    name = rng.choice(sorted(files))
    data = bytearray(files[name].encode("utf-8"))
    if data:
        data[rng.randrange(len(data))] = rng.randrange(256)
    files[name] = bytes(data)
    return "either"


MUTATIONS = [v for k, v in sorted(globals().items()) if k.startswith("m_")]


def materialise(files: dict, kind: str, tmp_path, rng):
    """The files as a folder, a .zip (in one folder, as `export x.zip` writes) or an .xlsx."""
    data = {n: (t.encode("utf-8") if isinstance(t, str) else t) for n, t in files.items()}
    if kind == "folder":
        folder = tmp_path / "in"
        folder.mkdir()
        for name, b in data.items():
            (folder / name).write_bytes(b)
        return folder
    path = tmp_path / "in.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, b in data.items():
            zf.writestr(f"pkg/{name}", b)
    return path


# Container oddities: each takes a valid zip or xlsx and breaks it.
def z_two_packages(path, rng):
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("other/people.csv", "id,name\nq,Q\n")


def z_nested(path, rng):
    src = zipfile.ZipFile(path)
    items = [(i.filename, src.read(i)) for i in src.infolist()]
    src.close()
    with zipfile.ZipFile(path, "w") as zf:
        for name, b in items:
            zf.writestr(f"deep/{name}", b)


def z_truncated(path, rng):
    data = path.read_bytes()
    path.write_bytes(data[: rng.randrange(10, len(data) - 10)])


def z_bomb(path, rng):
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("pkg/notes.txt", "\n" * 3_000_000)  # any entry is checked, read or not


def x_formula(path, rng):
    wb = openpyxl.load_workbook(path)
    wb["people"]["B2"] = "=UPPER(A2)"
    wb.save(path)


def x_merged(path, rng):
    wb = openpyxl.load_workbook(path)
    wb["units"].merge_cells("D2:D3")
    wb.save(path)


def x_beyond_header(path, rng):
    wb = openpyxl.load_workbook(path)
    wb["ties"].cell(row=3, column=12, value="stray")
    wb.save(path)


def x_huge_dimension(path, rng):
    wb = openpyxl.load_workbook(path)
    wb["people"].cell(row=package_files.MAX_XLSX_ROWS + 5, column=1, value="far away")
    wb.save(path)


CONTAINER = [z_two_packages, z_nested, z_truncated, z_bomb, x_formula, x_merged, x_beyond_header,
             x_huge_dimension]


def check(path, expect, base_counts):
    """The one assertion of the fuzz test: exact import, or clear refusal with nothing written."""
    try:
        with transaction.atomic():
            pkg = read_package(path)
            network = import_package(pkg, actor="fuzz")
            exported = export_package(network)
            assert same_content(exported, pkg), "the export differs from what was imported"
            transaction.set_rollback(True)  # the next case starts from the same database
        outcome = "accept"
    except PackageError as err:
        assert err.problems
        for p in err.problems:
            assert p.file and p.reason and str(p).startswith(p.file)
            assert "Traceback" not in p.reason
        outcome = "refuse"
    assert counts() == base_counts, "a refused or rolled-back import wrote something"
    if expect != "either":
        assert outcome == expect, f"expected {expect}, got {outcome}"


@pytest.mark.django_db
def test_every_mutated_package_is_imported_exactly_or_refused_with_nothing_written(demo, tmp_path_factory):
    rng = random.Random(SEED)
    import_package(demo[OTHER], actor="fuzz")  # data already there, that nothing may touch
    base_counts = counts()
    base = csv_files(demo[BASE], tmp_path_factory.mktemp("base"))
    cases = 0
    for mutate in MUTATIONS + [m_flip_byte] * 4:
        for kind in ("folder", "zip"):
            files = dict(base)
            expect = mutate(files, rng)
            check(materialise(files, kind, tmp_path_factory.mktemp(mutate.__name__), rng), expect, base_counts)
            cases += 1
    for breaks in CONTAINER:
        tmp = tmp_path_factory.mktemp(breaks.__name__)
        if breaks.__name__.startswith("z_"):
            path = materialise(dict(base), "zip", tmp, rng)
        else:
            path = write_package(read_package(materialise(dict(base), "folder", tmp, rng)), tmp / "in.xlsx")
        breaks(path, rng)
        check(path, "refuse", base_counts)
        cases += 1
    # the unbroken package, in every form, imports exactly
    for suffix in ("", ".zip", ".xlsx"):
        check(write_package(demo[BASE], tmp_path_factory.mktemp("ok") / f"pkg{suffix}"), "accept", base_counts)
    assert cases > 60
