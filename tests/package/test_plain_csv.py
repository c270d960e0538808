"""The fast reading of plain CSV files gives exactly what the row-by-row reader gives."""

from __future__ import annotations

import pandas as pd
import pytest

from olievlek import package_files
from olievlek.package_files import parse_csv

TEXTS = {
    "plain": "id,name\np1,Ada\np2,Bob\n",
    "no final line break": "id,name\np1,Ada\np2,Bob",
    "windows line breaks": "id,name\r\np1,Ada\r\np2,Bob\r\n",
    "blank rows of empty cells": "id,name\np1,Ada\n,\n  , \np2,Bob\n",
    "spaces kept for later": "id,name\n p1 ,  Ada Appel \n",
    "semicolons": "id;name;unit\np1;Ada;u1\np2;;u2\n",
    "tabs": "id\tname\np1\tAda\n",
    "unicode": "id,name\np1,Ægir Ünal\np2,\u00a0\n",
    "unnamed column": "id,,name\np1,x,Ada\np2,,Bob\n",
    "header only": "id,name\n",
    "blank first cell": "id,name\n,Ada\n",
    "text that looks like numbers or NA": "id,name\n001,NA\nnan,1e5\n",
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_plain_reading_equals_row_by_row(name, monkeypatch):
    data = TEXTS[name].encode("utf-8")
    problems: list = []
    fast = parse_csv("people.csv", data, problems)
    monkeypatch.setattr(package_files, "_plain_body", lambda *a: None)
    slow = parse_csv("people.csv", data, problems)
    assert problems == []
    assert list(fast.columns) == list(slow.columns)
    assert list(fast.index) == list(slow.index)  # the spreadsheet row numbers
    assert fast.astype(object).values.tolist() == slow.values.tolist()


def test_the_fast_reading_is_used_for_plain_files_only(monkeypatch):
    results: list = []
    real = package_files._plain_body
    monkeypatch.setattr(package_files, "_plain_body", lambda *a: results.append(real(*a)) or results[-1])
    parse_csv("people.csv", b"id,name\np1,Ada\np2,Bob\n", [])
    df = parse_csv("people.csv", b"id,name\np1,Ada\n\np2,Bob\n", [])
    quoted = parse_csv("people.csv", b'id,name\np1,"Appel, Ada"\n', [])
    assert results[0] is not None and results[1] is None and results[2] is None
    assert list(df.index) == [2, 4]  # the empty line: the row-by-row reader skipped it
    assert quoted["name"].tolist() == ["Appel, Ada"]


@pytest.mark.parametrize("text, row", [
    ("id,name\np1,Ada,extra\n", 2),  # a separator too many
    ("id,name\np1,Ada\np2\n", 3),  # one too few
])
def test_ragged_rows_are_still_reported_with_their_row(text, row):
    problems: list = []
    assert parse_csv("people.csv", text.encode(), problems) is None
    assert [p.row for p in problems] == [row]


def test_a_cell_too_long_is_still_refused():
    problems: list = []
    long = "x" * (package_files.MAX_CELL_CHARS + 1)
    assert parse_csv("people.csv", f"id,name\np1,{long}\n".encode(), problems) is None
    assert problems and "CSV" in problems[0].reason


def test_blank_rows_of_a_plain_file_are_left_out():
    df = parse_csv("people.csv", b"id,name\np1,Ada\n , \np2,Bob\n", [])
    assert isinstance(df, pd.DataFrame) and list(df.index) == [2, 4]
