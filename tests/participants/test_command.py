"""`olievlek tables`: packages or database networks in, documented files out."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from olievlek.cli import main
from olievlek.package import write_package
from tests.factories import small_package


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


@pytest.fixture
def packages(tmp_path):
    a = write_package(small_package(), tmp_path / "a")
    other = small_package("othernet", "Ander netwerk")
    other.network["sector"] = "mbo"
    b = write_package(other, tmp_path / "b.zip")
    return [str(a), str(b)]


def test_packages_combined_by_sector(packages, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["tables", *packages, "--out", str(out), "--lang", "en"]) == 0
    rows = read_csv(out / "background_education_level.csv")
    assert rows[0] == ["category", "po", "vo", "mbo", "sectoroverstijgend"]
    assert [r[0] for r in rows[1:]] == ["mbo", "hbo", "universiteit", "phd", "anders", "missing", "n"]
    # p1-p3 complete, p4 partial with background answers: all four count (docs/participants.md)
    assert rows[-1] == ["n", "4", "0", "4", "0"]
    assert rows[2] == ["hbo", "50", "", "50", ""]
    for name in ("background_involvement.csv", "background_years_in_education.csv", "response_by_network.csv",
                 "roles.csv", "consistency_checks.csv", "roles_testnet.svg", "roles_othernet.png",
                 "background_involvement.png", "tables.xlsx"):
        assert (out / name).exists(), name
    wb = openpyxl.load_workbook(out / "tables.xlsx")
    sheet = wb["education_sector"]
    assert [c.value for c in sheet[1]] == ["category", "po", "vo", "mbo", "cross-sector"]
    printed = capsys.readouterr().out
    assert "wave 2024" in printed and "8 respondents, 6 complete" in printed


def test_dutch_workbook_headers_and_wave(packages, tmp_path):
    out = tmp_path / "nl"
    assert main(["tables", packages[0], "--wave", "2025", "--out", str(out), "--no-pictures"]) == 0
    wb = openpyxl.load_workbook(out / "tables.xlsx")
    assert wb["education_sector"]["A1"].value == "categorie"
    assert read_csv(out / "background_education_level.csv")[-1] == ["n", "4", "0", "0", "0"]
    assert not (out / "roles_testnet.svg").exists()


def test_user_errors(packages, tmp_path, capsys):
    assert main(["tables", "--out", str(tmp_path)]) == 2
    assert main(["tables", packages[0], "--all", "--out", str(tmp_path)]) == 2
    assert main(["tables", packages[0], "--wave", "1999", "--out", str(tmp_path)]) == 2
    assert "no wave '1999'" in capsys.readouterr().err
    assert main(["tables", packages[0], packages[0], "--out", str(tmp_path)]) == 2


@pytest.mark.django_db(transaction=True)
def test_database_networks(network, other_network, tmp_path, monkeypatch):
    from olievlek.participants import actions

    actions.set_expertise_sorting(network.people.get(key="p1"), ["leidinggeven"], actor="test")
    monkeypatch.setattr("olievlek.participants.commands.setup_django", lambda migrate=False: None)
    out = tmp_path / "db"
    assert main(["tables", "--network", "testnet", "--out", str(out), "--no-pictures"]) == 0
    assert read_csv(out / "background_education_level.csv")[-1] == ["n", "4", "0", "0", "0"]
    sorting = read_csv(out / "expertise_sorting.csv")
    assert ["testnet", "p1", "onderzoek begeleiden", "leidinggeven", "researcher"] in sorting
    assert main(["tables", "--all", "--out", str(tmp_path / "all"), "--no-pictures"]) == 0
    assert read_csv(tmp_path / "all" / "background_education_level.csv")[-1] == ["n", "8", "0", "0", "0"]
    assert main(["tables", "--network", "nope", "--out", str(out)]) == 2
