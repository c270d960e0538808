"""`olievlek wave import` reads files exactly as a package import does."""

from __future__ import annotations

import pytest

from olievlek.cli import main
from olievlek.surveys.models import Response, Tie, Wave

pytestmark = pytest.mark.django_db


def test_a_trailing_comma_is_refused_and_nothing_is_written(network, tmp_path, capsys):
    path = tmp_path / "ties.csv"
    path.write_text("source,target,relation,frequency\np6,p1,advice,3,\n")
    assert main(["wave", "import", "testnet", "2026", str(path)]) == 1
    assert "ties.csv, row 2: 5 cells, the header has 4" in capsys.readouterr().err
    assert not Wave.objects.filter(label="2026").exists()


def test_dutch_excel_csv_is_imported(network, tmp_path):
    path = tmp_path / "responses.csv"
    path.write_bytes("person;status\r\np6;complete\r\n".encode("cp1252"))
    ties = tmp_path / "ties.csv"
    ties.write_bytes("\ufeffsource;target;relation;frequency;topic\r\np6;p1;advice;3;\"één; twee\"\r\n"
                     .encode("utf-8"))
    assert main(["wave", "import", "testnet", "2026", str(path)]) == 0
    assert main(["wave", "import", "testnet", "2026", str(ties)]) == 0
    wave = Wave.objects.get(network=network, label="2026")
    assert Response.objects.get(wave=wave, person__key="p6").status == "complete"
    assert Tie.objects.get(wave=wave).topic == "één; twee"
