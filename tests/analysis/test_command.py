"""`olievlek analyze` on a package written to disk, and on a network in the database."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from olievlek.analysis.summary import NETWORK_KEYS, PEOPLE_COLUMNS
from olievlek.cli import main
from olievlek.package import write_package
from tests.factories import small_package


@pytest.fixture
def package_dir(tmp_path):
    return write_package(small_package(), tmp_path / "pkg")


def read_people(out):
    return pd.read_csv(out / "people.csv", dtype={"id": str}, keep_default_na=False)


def test_analyze_writes_people_and_network(package_dir, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["analyze", str(package_dir), "--wave", "2024", "--out", str(out), "--quiet"]) == 0
    people = read_people(out)
    assert list(people.columns) == list(PEOPLE_COLUMNS)
    # The wave's people in people.csv order: p5 joined in 2025, so is not in the 2024 network.
    assert people["id"].tolist() == ["p1", "p2", "p3", "p4", "p6"]
    # Default min frequency 2 keeps all three 2024 advice ties (frequencies 4, 5, 3).
    assert people.set_index("id")["in_degree"].to_dict() == {"p1": 1, "p2": 2, "p3": 0, "p4": 0, "p6": 0}
    assert people.set_index("id").loc["p6", "constraint"] == ""  # isolate: empty cell
    # p1-p3 completed, p4 (partial) named p2; p6 was invited and did not answer.
    assert people.set_index("id")["responded"].to_dict() == {"p1": 1, "p2": 1, "p3": 1, "p4": 1, "p6": 0}
    network = json.loads((out / "network.json").read_text())
    assert list(network)[: len(NETWORK_KEYS)] == list(NETWORK_KEYS)
    assert network["people"] == 5 and network["ties"] == 3 and network["isolates"] == 1
    assert network["density"] == pytest.approx(3 / 20)
    assert network["roster"] == 5 and network["responded"] == 4 and network["non_respondents"] == 1
    assert network["reciprocity"] == 0


def test_min_frequency_and_relation(package_dir, tmp_path):
    out = tmp_path / "out"
    assert main(["analyze", str(package_dir), "--wave", "2025", "--min-frequency", "3",
                 "--out", str(out), "--quiet"]) == 0
    assert json.loads((out / "network.json").read_text())["ties"] == 2  # p5 -> p1 has frequency 2
    assert main(["analyze", str(package_dir), "--wave", "2024", "--relation", "motivation",
                 "--out", str(out), "--quiet"]) == 0
    assert json.loads((out / "network.json").read_text())["ties"] == 1


def test_betweenness_options(package_dir, tmp_path):
    out = tmp_path / "out"
    assert main(["analyze", str(package_dir), "--wave", "2024", "--betweenness", "off",
                 "--out", str(out), "--quiet"]) == 0
    assert (read_people(out)["betweenness"] == "").all()
    assert main(["analyze", str(package_dir), "--wave", "2024", "--betweenness", "sample:100",
                 "--out", str(out), "--quiet"]) == 0
    # K >= people: the exact value. p2 sits on the paths p3 -> p1 and p4 -> p1, among the
    # five people of 2024: 2 / (4 * 3).
    assert float(read_people(out).set_index("id").loc["p2", "betweenness"]) == pytest.approx(2 / 12)


def test_user_errors(package_dir, tmp_path, capsys):
    out = str(tmp_path / "out")
    assert main(["analyze", str(package_dir), "--wave", "2030", "--out", out]) == 2
    err = capsys.readouterr().err
    assert "2030" in err and "2024, 2025" in err
    assert main(["analyze", str(package_dir), "--wave", "2024", "--betweenness", "some", "--out", out]) == 2
    assert "sample:K" in capsys.readouterr().err
    assert main(["analyze", str(tmp_path / "missing"), "--wave", "2024", "--out", out]) == 2
    assert "no such file" in capsys.readouterr().err


def test_progress_is_reported(package_dir, tmp_path, capsys):
    assert main(["analyze", str(package_dir), "--wave", "2024", "--out", str(tmp_path / "o")]) == 0
    assert "brokerage" in capsys.readouterr().err


def test_help_lists_the_options(capsys):
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    text = capsys.readouterr().out
    for option in ("--wave", "--relation", "--min-frequency", "--betweenness", "--network", "--out"):
        assert option in text


@pytest.mark.django_db
def test_analyze_a_network_from_the_database(network, package_dir, tmp_path):
    from_db, from_file = tmp_path / "db", tmp_path / "file"
    assert main(["analyze", "--network", network.slug, "--wave", "2024", "--out", str(from_db), "--quiet"]) == 0
    assert main(["analyze", str(package_dir), "--wave", "2024", "--out", str(from_file), "--quiet"]) == 0
    assert read_people(from_db).equals(read_people(from_file))
    assert main(["analyze", "--network", "nope", "--wave", "2024", "--out", str(from_db)]) == 2


def test_units_and_compare_outputs(package_dir, tmp_path):
    out = tmp_path / "out"
    assert main(["analyze", str(package_dir), "--wave", "2024", "--compare", "2025",
                 "--min-frequency", "1", "--out", str(out), "--quiet"]) == 0
    units = pd.read_csv(out / "units.csv")
    assert units.values.tolist() == [["u-stuur", "u-stuur", 1, 0.5], ["u-a", "u-stuur", 2, 0.5]]
    change = json.loads((out / "change.json").read_text())
    assert change["ties"] == {"kept": 2, "new": 1, "lost": 1} and change["jaccard"] == 0.5
    assert change["joined"] == ["p5"] and change["left"] == ["p4"]
    assert change["figures"]["2025"]["ties"] == 3
    assert set(pd.read_csv(out / "change_ties.csv")["status"]) == {"kept", "new", "lost"}
    assert main(["analyze", str(package_dir), "--wave", "2024", "--compare", "1999",
                 "--out", str(out), "--quiet"]) == 2


@pytest.mark.parametrize("suffix", [".zip", ".xlsx"])
def test_zip_and_workbook_packages(tmp_path, suffix):
    path = write_package(small_package(), tmp_path / f"pkg{suffix}")
    out = tmp_path / "out"
    assert main(["analyze", str(path), "--wave", "2024", "--out", str(out), "--quiet"]) == 0
    assert read_people(out)["in_degree"].tolist() == [1, 2, 0, 0, 0]  # p1-p4 and p6
