"""The published figures (tables.json, sna_questionnaire.json) as the tests need them.

They ship with the demo (``olievlek/demo/data/``); in a checkout without it the reference
folder of the study is used. Tests skip, saying why, when neither is there.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

REFERENCE = Path("/work/shared/reference")

# tables.json row labels -> package codes, per background item (published row order)
CODES = {
    "Tabel 5.1": ("education_level", {"mbo": "mbo", "hbo": "hbo", "universiteit": "universiteit",
                                      "PhD": "phd", "anders": "anders"}),
    "Tabel 5.2": ("involvement", {"0-3 maanden": "0-3m", "3-6 maanden": "3-6m", "6-12 maanden": "6-12m",
                                  "1-2 jaar": "1-2y", "2-5 jaar": "2-5y", "Langer dan 5 jaar": "5y+"}),
    "Tabel 5.3": ("years_in_education", {"Minder dan een jaar": "<1", "1-15 jaar": "1-15",
                                         "Langer dan 15 jaar": "15+"}),
}


def load(name: str) -> dict:
    try:
        text = resources.files("olievlek.demo").joinpath(f"data/{name}").read_text("utf-8")
        return json.loads(text)
    except (FileNotFoundError, ModuleNotFoundError, TypeError):
        pass
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"{name} not found: neither olievlek/demo/data/ nor {REFERENCE}")
    return json.loads(path.read_text("utf-8"))


def published_tables() -> dict[str, dict]:
    """{item: {"n": {sector: n}, "rows": {code: {sector: percent}}}} from tables.json."""
    out = {}
    for table in load("tables.json")["tables"]:
        item, codes = CODES[table["id"]]
        out[item] = {
            "n": {c["key"]: c["n"] for c in table["columns"]},
            "rows": {codes[r["label"]]: r["values"] for r in table["rows"]},
        }
    return out


def published_response() -> dict[int, dict]:
    """{network number: {"members": int|None, "percent": int|None}} from Bijlage 3."""
    rows = load("sna_questionnaire.json")["response_bijlage3"]["rows"]
    return {r["network"]: {"members": r["members"], "percent": r["response_pct"]} for r in rows}
