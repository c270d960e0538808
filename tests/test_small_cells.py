"""Small cells: what each role sees of groups under SMALL_CELL_THRESHOLD (default 3).

Testnet's primary unit+role cells: Stuurgroep/projectleider (p1), Stuurgroep/bestuurder
(p2), PLG A/leraar (p3, p4), PLG B/leraar (p5); p6 has no unit. All are under 3.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from olievlek.tables import cells

pytestmark = pytest.mark.django_db

BACKGROUND = "Hoogst genoten opleiding"  # a row only shown with background answers


def test_masking_rules_on_plain_tables():
    rows = pd.DataFrame([{"unit": "a", "members": 2, "respondents": 1, "percent": 50},
                         {"unit": "b", "members": 5, "respondents": 4, "percent": 80},
                         {"unit": "c", "members": None, "respondents": None, "percent": None}], dtype=object)
    masked, hit = cells.suppress_table(rows, 3)
    assert hit and masked.iloc[0].tolist() == ["a", "<3", "<3", None]
    assert masked.iloc[1].tolist() == ["b", 5, 4, 80] and masked.iloc[2]["members"] is None
    groups = pd.DataFrame([{"category": "hbo", "x": 100, "y": 50},
                           {"category": "missing", "x": 0, "y": 0},
                           {"category": "n", "x": 1, "y": 4}], dtype=object)
    masked, hit = cells.suppress_table(groups, 3)
    assert hit and masked["x"].tolist() == [None, None, "<3"] and masked["y"].tolist() == [50, 0, 4]
    assert cells.suppress_table(groups, None) == (groups, False)
    assert cells.small_combinations([("u", "r"), ("u", "r"), ("u", "s"), ("v", "r")] + [("w", "r")] * 3, 3) == [
        ("u", "r", 2), ("u", "s", 1), ("v", "r", 1)]


def test_person_page_background_per_role(client_for, users, network, settings):
    url = "/networks/testnet/people/{}/"
    p2 = network.people.get(key="p2")
    bob = client_for(users["bob"])  # coordinator under pseudonyms
    body = bob.get(url.format(p2.pseudonym)).content.decode()
    assert 'data-suppressed="background"' in body and BACKGROUND not in body and "universiteit" not in body.lower()
    alice = client_for(users["alice"]).get(url.format("p2")).content.decode()
    assert BACKGROUND in alice and 'data-suppressed' not in alice
    dave = client_for(users["dave"]).get(url.format("p3")).content.decode()
    assert BACKGROUND in dave  # a participant sees their own answers

    settings.SMALL_CELL_THRESHOLD = 2  # PLG A/leraar holds two people: shown from 2 on
    p3 = network.people.get(key="p3")
    body = client_for(users["bob"]).get(url.format(p3.pseudonym)).content.decode()
    assert BACKGROUND in body and "data-suppressed" not in body
    body = client_for(users["bob"]).get(url.format(p2.pseudonym)).content.decode()
    assert 'data-suppressed="background"' in body

    # Names allowed by a researcher say who is who, not how a colleague answered: the
    # background rule holds for every coordinator.
    network.coordinator_sees_names = True
    network.save()
    settings.SMALL_CELL_THRESHOLD = 3
    body = client_for(users["bob"]).get(url.format("p2")).content.decode()
    assert 'data-suppressed="background"' in body and BACKGROUND not in body
    settings.SMALL_CELL_THRESHOLD = 2
    assert BACKGROUND in client_for(users["bob"]).get(url.format("p3")).content.decode()


def _units_rows(html: str) -> dict[str, list[str]]:
    import re

    table = html[html.index("Stuurgroep") - 400:]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>((?:<td class="num">[^<]*</td>)+)', table)
    return {name: re.findall(r'<td class="num">([^<]*)</td>', tds) for name, tds in rows}


def test_response_overview_page_export_and_api_per_role(client_for, users, network):
    url = "/networks/testnet/waves/2024/responses/"
    bob = _units_rows(client_for(users["bob"]).get(url).content.decode())
    assert bob["Stuurgroep"] == ["&lt;3", "&lt;3", "&lt;3", "–"]  # 2 invited: no numbers, no rate
    alice = _units_rows(client_for(users["alice"]).get(url).content.decode())
    assert alice["Stuurgroep"] == ["2", "0", "2", "100%"]

    export = client_for(users["bob"]).get("/networks/testnet/waves/2024/responses.csv").content.decode()
    rows = {(r["breakdown"], r["group"]): r for r in csv.DictReader(io.StringIO(export))}
    assert rows[("unit", "Stuurgroep")]["invited"] == "<3" and rows[("unit", "Stuurgroep")]["response_rate"] == ""
    assert rows[("total", "Totaal")]["invited"] == "5"  # the whole wave is large enough

    api = client_for(users["bob"]).get("/api/v1/networks/testnet/waves/2024/responses").json()
    assert {u["name"]: u["invited"] for u in api["units"]}["Stuurgroep"] == "<3"
    assert api["total"]["invited"] == 5
    api = client_for(users["alice"]).get("/api/v1/networks/testnet/waves/2024/responses").json()
    assert {u["name"]: u["invited"] for u in api["units"]}["Stuurgroep"] == 2


def test_participants_tables_per_role(client_for, users, network):
    url = "/networks/testnet/participants/?wave=2024"
    bob = client_for(users["bob"]).get(url).content.decode()
    assert 'data-suppressed="cells"' in bob and "&lt;3" in bob
    assert "roles_testnet.svg" not in bob  # the roles chart would draw groups of one
    alice = client_for(users["alice"]).get(url).content.decode()
    assert 'data-suppressed="cells"' not in alice and "roles_testnet.svg" in alice
    csv_text = client_for(users["bob"]).get(
        "/networks/testnet/participants/download/response_by_unit.csv?wave=2024").content.decode()
    stuur = next(r for r in csv.DictReader(io.StringIO(csv_text)) if r["unit"] == "u-stuur")
    assert stuur["members"] == "<3" and stuur["respondents"] == "<3" and stuur["percent"] == ""


def test_researcher_is_warned_which_combinations_give_people_away(client_for, users, network):
    from olievlek.surveys import actions

    actions.create_wave(network, "2030", actor="test")  # coordinators see pseudonyms by default
    url = "/networks/testnet/waves/2030/responses/"
    alice = client_for(users["alice"]).get(url).content.decode()
    assert "data-reidentifiable=" in alice
    assert "Stuurgroep · bestuurder" in alice and "PLG A · leraar" in alice
    assert "data-reidentifiable" not in client_for(users["bob"]).get(url).content.decode()
    sociogram = client_for(users["alice"]).get("/networks/testnet/waves/2024/sociogram/")
    assert "data-reidentifiable=" in sociogram.content.decode()  # beside the visibility choice


def test_wave_list_masks_a_small_wave_for_the_coordinator_only(client_for, users, network, settings):
    settings.SMALL_CELL_THRESHOLD = 6  # each wave of testnet invited 5 people
    url = "/networks/testnet/waves/"
    assert "&lt;6" in client_for(users["bob"]).get(url).content.decode()
    assert "&lt;6" not in client_for(users["alice"]).get(url).content.decode()
