"""Downloads never turn imported text into spreadsheet formulas."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from olievlek.spreadsheet import csv_bytes, safe_cell, safe_frame, xlsx_bytes

HOSTILE = '=HYPERLINK("http://evil.example","klik")'


def test_formulas_are_escaped_and_numbers_are_not():
    assert safe_cell(HOSTILE) == "'" + HOSTILE
    assert [safe_cell(v) for v in ("@SUM(A1)", "-1+2", "+31 6", "\t=1")] == [
        "'@SUM(A1)", "'-1+2", "'+31 6", "'\t=1"]
    assert [safe_cell(v) for v in ("+2", "-0.5", "15+", "<1", 3, 2.5, None)] == [
        "+2", "-0.5", "15+", "<1", 3, 2.5, ""]


def test_csv_xlsx_and_frames_are_safe():
    rows = list(csv.reader(io.StringIO(csv_bytes(["unit", "n"], [[HOSTILE, 3]]).decode())))
    assert rows == [["unit", "n"], ["'" + HOSTILE, "3"]]
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([("t", ["unit"], [[HOSTILE]])]))).active
    assert ws["A2"].value == "'" + HOSTILE and ws["A2"].data_type == "s"
    df = safe_frame(pd.DataFrame({"unit": [HOSTILE, "PLG 1"], "n": [1, 2]}))
    assert df["unit"].tolist() == ["'" + HOSTILE, "PLG 1"] and df["n"].tolist() == [1, 2]


@pytest.mark.django_db
def test_response_and_participants_downloads_escape_a_hostile_unit_name(users, network, client_for):
    network.units.filter(key="u-a").update(name=HOSTILE)
    c = client_for(users["alice"])
    body = c.get("/networks/testnet/waves/2024/responses.csv").content.decode()
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'" + HOSTILE in cells and HOSTILE not in cells
    xlsx = c.get("/networks/testnet/waves/2024/responses.xlsx").content
    values = [v for row in openpyxl.load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True)
              for v in row if isinstance(v, str)]
    assert "'" + HOSTILE in values and HOSTILE not in values

    r = c.get("/networks/testnet/participants/download/response_by_unit.csv")
    assert r.status_code == 200
    cells = [cell for row in csv.reader(io.StringIO(r.content.decode())) for cell in row]
    assert "'" + HOSTILE in cells and HOSTILE not in cells


def test_safe_frame_keeps_whole_numbers_whole():
    df = pd.DataFrame({"category": ["hbo", "n"], "po": [39, 93], "vo": pd.array([None, 48], dtype=object)})
    assert safe_frame(df).to_csv(index=False) == df.to_csv(index=False)
