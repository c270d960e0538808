"""objects.csv, ratings.csv, uses.csv and organisations.municipality in the network package."""

from __future__ import annotations

import pytest

from olievlek.package import (
    Package,
    PackageError,
    frame,
    read_package,
    same_content,
    validate,
    write_package,
)


def package() -> Package:
    pkg = Package.empty(network={"id": "twente", "name": "Twente", "sector": "vo"})
    pkg.people = frame("people", [{"id": "ann", "name": "Ann", "organisation": "A"},
                                  {"id": "bob", "name": "Bob", "organisation": "A"}])
    pkg.organisations = frame("organisations", [
        {"id": "A", "name": "School A", "member": True, "municipality": "GM0153"},
        {"id": "C", "name": "School C", "member": False, "municipality": "GM0141"},
    ])
    pkg.units = frame("units", [{"id": "u1", "name": "PLG"}])
    pkg.objects = frame("objects", [
        {"id": "o1", "title": "Kaartenset", "kind": "product", "form": "kaartenset",
         "status": "gerealiseerd", "level": "meso", "date": "2024-01-01", "makers": "ann",
         "units": "u1", "licence": "CC-BY-4.0", "url": "https://example.org/set",
         "themes": "lezen; toetsing", "description": "Een set, met komma"},
        {"id": "o2", "title": "Kaartenset 2", "kind": "product", "status": "concept",
         "based_on": "o1", "makers": "bob"},
    ])
    pkg.ratings = frame("ratings", [
        {"object": "o1", "rater": "onderzoeker", "date": "2024-06-01", "visibility": "4",
         "accessibility": "3", "usability": "5", "transfer": "2", "note": "goed"},
    ])
    pkg.uses = frame("uses", [
        {"object": "o1", "date": "2024-02-01", "organisation": "A", "person": "bob",
         "use": "toegepast", "source": "ann", "channel": "bijeenkomst"},
        {"object": "o1", "date": "2024-03-01", "organisation": "C", "municipality": "GM0141",
         "country": "NL", "use": "kennisgenomen", "channel": "website", "note": "nieuwsbrief"},
    ])
    return pkg


@pytest.mark.parametrize("suffix", ["", ".zip", ".xlsx"])
def test_export_round_trips(tmp_path, suffix):
    pkg = package()
    validate(pkg)
    path = write_package(pkg, tmp_path / f"pkg{suffix}")
    back = read_package(path)
    assert same_content(pkg, back)
    assert back.uses["use"].tolist() == ["toegepast", "kennisgenomen"]
    assert back.organisations["municipality"].tolist() == ["GM0153", "GM0141"]


def test_files_written_with_the_issues_columns(tmp_path):
    path = write_package(package(), tmp_path / "pkg")
    def header(name):
        return (path / name).read_text(encoding="utf-8").splitlines()[0]
    assert header("objects.csv") == ("id,title,kind,form,status,level,date,makers,units,licence,"
                                      "url,based_on,themes,description")
    assert header("ratings.csv") == "object,rater,date,visibility,accessibility,usability,transfer,note"
    assert header("uses.csv") == ("object,date,organisation,person,municipality,country,use,"
                                  "source,channel,note")
    assert header("organisations.csv").endswith(",member,municipality")


def problems_of(tmp_path, edit) -> list[str]:
    path = write_package(package(), tmp_path / "pkg")
    edit(path)
    with pytest.raises(PackageError) as err:
        read_package(path)
    return [str(p) for p in err.value.problems]


def replace(path, name, old, new):
    file = path / name
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_every_problem_named_with_file_row_and_column(tmp_path):
    def edit(path):
        replace(path, "uses.csv", "2024-02-01,A,bob", "2023-12-01,X,nobody")
        replace(path, "uses.csv", "kennisgenomen", "bekeken")
        replace(path, "uses.csv", "C,,GM0141,NL", "C,,GM9999,Nederland")
        replace(path, "ratings.csv", "o1,onderzoeker,2024-06-01,4", "o9,onderzoeker,2024-06-01,7")
        replace(path, "objects.csv", "o1,Kaartenset,product", "o1,Kaartenset,boek")
        replace(path, "objects.csv", "CC-BY-4.0", "CC BY 4.0")
        replace(path, "organisations.csv", "GM0153", "0153")

    found = problems_of(tmp_path, edit)
    assert "organisations.csv, row 2, column municipality: '0153' is not a municipality of 2025 (CBS code GM####)" in found
    assert any(p.startswith("objects.csv, row 2, column kind: unknown code 'boek'") for p in found)
    assert any(p.startswith("objects.csv, row 2, column licence:") for p in found)
    assert "ratings.csv, row 2, column object: 'o9' is not an id in objects.csv" in found
    assert "ratings.csv, row 2, column visibility: '7' is not a whole number 1-5" in found
    assert "uses.csv, row 2, column organisation: 'X' is not an id in organisations.csv" in found
    assert "uses.csv, row 2, column person: 'nobody' is not an id in people.csv" in found
    assert "uses.csv, row 2, column date: before the object exists (2024-01-01)" in found
    assert any(p.startswith("uses.csv, row 3, column use: unknown code 'bekeken'") for p in found)
    assert "uses.csv, row 3, column municipality: 'GM9999' is not a municipality of 2025 (CBS code GM####)" in found
    assert any(p.startswith("uses.csv, row 3, column country:") for p in found)


def test_unknown_object_and_lineage_cycle(tmp_path):
    def edit(path):
        replace(path, "uses.csv", "o1,2024-03-01", "o7,2024-03-01")
        replace(path, "objects.csv", "o1,Kaartenset,product,kaartenset,gerealiseerd,meso,2024-01-01,ann,u1,CC-BY-4.0,https://example.org/set,",
                "o1,Kaartenset,product,kaartenset,gerealiseerd,meso,2024-01-01,ann,u1,CC-BY-4.0,https://example.org/set,o2")

    found = problems_of(tmp_path, edit)
    assert "uses.csv, row 3, column object: 'o7' is not an id in objects.csv" in found
    assert "objects.csv, row 2, column based_on: cycle in based_on: o1 -> o2 -> o1" in found


def test_required_columns_and_values(tmp_path):
    def edit(path):
        replace(path, "uses.csv", "object,date,organisation", "object,when,organisation")
    assert "uses.csv, row 1, column date: required column is missing" in problems_of(tmp_path, edit)

    def edit2(path):
        replace(path, "objects.csv", "o2,Kaartenset 2,product", "o2,,product")
    assert "objects.csv, row 3, column title: required value is empty" in problems_of(tmp_path, edit2)


def test_a_package_without_a_portfolio_still_reads(tmp_path):
    pkg = package()
    pkg.objects, pkg.ratings, pkg.uses = frame("objects"), frame("ratings"), frame("uses")
    path = write_package(pkg, tmp_path / "pkg")
    for name in ("objects.csv", "ratings.csv", "uses.csv"):
        (path / name).unlink()
    assert read_package(path).uses.empty
