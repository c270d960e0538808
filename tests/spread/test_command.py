"""`olievlek spread` on a package and on the database: the issue's files and columns."""

from __future__ import annotations

import csv
import json

import pytest

from olievlek.cli import main
from olievlek.package import write_package
from tests.package.test_outcomes import package


def rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def header(path):
    return path.read_text(encoding="utf-8").splitlines()[0]


def test_spread_of_a_package(tmp_path, capsys):
    src = write_package(package(), tmp_path / "pkg")
    out = tmp_path / "out"
    assert main(["spread", str(src), "--period", "month", "--out", str(out)]) == 0
    assert header(out / "objects.csv") == ("id,uses,organisations,municipalities,ring_max,"
                                           "olievlek_index,days_to_region,depth,adaptations,sustained")
    assert header(out / "reach.csv") == ("period,ring,organisations,municipalities,"
                                         "cumulative_organisations,cumulative_municipalities")
    assert header(out / "exposure.csv") == "object,person,date,alters,alters_used_before,exposure"
    o1 = rows(out / "objects.csv")[0]
    # Bob at the makers' school A (ring 1), school C in Almelo (ring 3, same COROP as A)
    assert o1 == {"id": "o1", "uses": "2", "organisations": "2", "municipalities": "2",
                  "ring_max": "3", "olievlek_index": "0.5", "days_to_region": "60",
                  "depth": "0.5", "adaptations": "0", "sustained": "0"}
    months = {r["period"] for r in rows(out / "reach.csv")}
    assert months == {"2024-02", "2024-03"}
    network = json.loads((out / "network.json").read_text(encoding="utf-8"))
    assert list(network) == ["objects", "realised", "uses", "organisations_reached",
                             "municipalities_reached", "olievlek_index", "median_days_to_region"]
    assert network["objects"] == 2 and network["realised"] == 1 and network["uses"] == 2
    svg = (out / "map.svg").read_text(encoding="utf-8")
    assert "Olievlek: Twente" in svg and "Bron: CBS, Kadaster" in svg
    assert (out / "map_depth.svg").exists()
    assert "Data-ring" not in (out / "reach_curves.svg").read_text() and (out / "reach_curves.svg").exists()
    assert "Wrote 7 files" in capsys.readouterr().out


def test_the_analysis_date_cuts_off_later_uses(tmp_path):
    src = write_package(package(), tmp_path / "pkg")
    out = tmp_path / "out"
    assert main(["spread", str(src), "--date", "2024-02-15", "--object-maps", "--out", str(out)]) == 0
    assert rows(out / "objects.csv")[0]["uses"] == "1"
    assert (out / "maps" / "o1.svg").exists()


def test_wrong_arguments_are_refused(tmp_path, capsys):
    assert main(["spread", "--out", str(tmp_path)]) == 2
    assert main(["spread", str(tmp_path), "--date", "gisteren", "--out", str(tmp_path)]) == 2
    assert "not a date" in capsys.readouterr().err


@pytest.mark.django_db
def test_spread_of_networks_in_the_database(tmp_path):
    from olievlek.networks.actions import import_package

    import_package(package())
    second = package()
    second.network = dict(second.network, id="ander", name="Ander")
    import_package(second)
    out = tmp_path / "one"
    assert main(["spread", "--network", "twente", "--out", str(out)]) == 0
    assert rows(out / "objects.csv")[0]["ring_max"] == "3"
    out = tmp_path / "all"
    assert main(["spread", "--all", "--out", str(out)]) == 0
    assert [r["id"] for r in rows(out / "objects.csv")] == ["ander/o1", "ander/o2", "twente/o1", "twente/o2"]
    network = json.loads((out / "network.json").read_text(encoding="utf-8"))
    assert network["organisations_reached"] == 4      # the same school in two networks counts twice
    assert set(network["networks"]) == {"ander", "twente"}
