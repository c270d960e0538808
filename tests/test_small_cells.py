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
    few = pd.DataFrame([{"category": "hbo", "x": 100}, {"category": "missing", "x": 3},
                        {"category": "n", "x": 4}], dtype=object)  # one valid answer of four
    masked, hit = cells.suppress_table(few, 3)
    assert hit and masked["x"].tolist() == [None, 3, 4]
    mask = cells.Mask(groups=3)
    assert mask.matrix([[0, 1], [2, 5]], [2, 4]) == [["<3", "<3"], ["<3", 5]]
    assert cells.Mask().matrix([[0, 1], [2, 5]], [2, 4]) == [[0, 1], [2, 5]]
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


# -- one decision, applied everywhere ---------------------------------------------------------


def test_one_mask_decides_for_each_viewer(users, network):
    from olievlek.accounts.access import viewer

    wave = network.waves.get(label="2024")
    assert viewer(users["alice"]).mask(network, wave) == cells.Mask()
    assert viewer(users["bob"]).mask(network, wave) == cells.Mask(groups=3, answers=3)
    wave.coordinator_visibility = "names"
    assert viewer(users["bob"]).mask(network, wave) == cells.Mask(groups=None, answers=3)
    assert viewer(users["dave"]).mask(network, wave) == cells.Mask(groups=3, answers=3)


def _csv(client, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _sheet(client, url: str, sheet: str | None) -> list[list]:
    from openpyxl import load_workbook

    response = client.get(url)
    assert response.status_code == 200, url
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(r) for r in (book[sheet] if sheet else book.active).iter_rows(values_only=True)]


PARTICIPANTS = "/networks/testnet/participants/"


def test_practice_representation_per_process(client_for, users, network):
    # Wave 2024 invited two people of the coordination process (the Stuurgroep).
    bob = client_for(users["bob"])
    page = bob.get(PARTICIPANTS + "?wave=2024").content.decode()
    table = page[page.index('data-table="practice_representation"'):]
    table = table[:table.index("</table>")]
    assert "&lt;3" in table
    assert "data-practice-flag" not in page  # the flag compares the masked rate
    row = _csv(bob, PARTICIPANTS + "download/practice_representation.csv?wave=2024")[0]
    assert row["coordinatie"] == "<3" and row["flagged"] == "" and row["p_value"] == ""
    assert row["praktijk"] not in ("", "<3")  # three invited: shown
    alice = client_for(users["alice"])
    assert "data-practice-flag" in alice.get(PARTICIPANTS + "?wave=2024").content.decode()
    row = _csv(alice, PARTICIPANTS + "download/practice_representation.csv?wave=2024")[0]
    assert row["coordinatie"] == "100" and row["flagged"] in ("yes", "no")


def test_background_and_expertise_tables_per_unit_and_sector(client_for, users, network):
    def bob():  # one test client: log in again before each request
        return client_for(users["bob"])

    def alice():
        return client_for(users["alice"])

    url = PARTICIPANTS + "download/{}.csv?wave=2024"

    def n_row(client, stem):
        return next(r for r in _csv(client(), url.format(stem)) if r["category"] == "n")

    assert n_row(bob, "background_education_level_by_unit")["u-stuur"] == "<3"  # p1, p2
    assert n_row(alice, "background_education_level_by_unit")["u-stuur"] == "2"
    # Four respondents, but only p1 answered the open expertise question: the percentages
    # of that one answer are not shown, n and missing are.
    bob_rows = {r["category"]: r["testnet"] for r in _csv(bob(), url.format("expertise_by_network"))}
    assert bob_rows["onderzoek-begeleiden"] == "" and bob_rows["n"] == "4" and bob_rows["missing"] == "3"
    alice_rows = {r["category"]: r["testnet"] for r in _csv(alice(), url.format("expertise_by_network"))}
    assert alice_rows["onderzoek-begeleiden"] == "100"
    page = bob().get(PARTICIPANTS + "?wave=2024").content.decode()
    assert 'data-suppressed="cells"' in page
    table = page[page.index('data-table="background_education_level_by_unit"'):]
    assert "&lt;3" in table[:table.index("</table>")]


def test_names_allowed_still_masks_background_answers_only(client_for, users, network):
    wave = network.waves.get(label="2024")
    wave.coordinator_visibility = "names"
    wave.save()
    bob = client_for(users["bob"])
    url = PARTICIPANTS + "download/{}.csv?wave=2024"
    n = next(r for r in _csv(bob, url.format("background_education_level_by_unit")) if r["category"] == "n")
    assert n["u-stuur"] == "<3"
    stuur = next(r for r in _csv(bob, url.format("response_by_unit")) if r["unit"] == "u-stuur")
    assert stuur["members"] == "2"  # names say who was invited: counts of people are shown
    assert 'data-suppressed="cells"' in bob.get(PARTICIPANTS + "?wave=2024").content.decode()


def test_participants_workbook(client_for, users, network):
    url = PARTICIPANTS + "download/tables.xlsx?wave=2024"
    bob = _sheet(client_for(users["bob"]), url, "response_unit")
    stuur = next(r for r in bob if "u-stuur" in r)
    assert stuur.count("<3") == 2  # members, respondents; the percentage is empty
    alice = _sheet(client_for(users["alice"]), url, "response_unit")
    stuur = next(r for r in alice if "u-stuur" in r)
    assert "<3" not in stuur and 2 in stuur
    practice = _sheet(client_for(users["bob"]), url, "practice_representation")
    assert "<3" in practice[1]
    assert "<3" not in _sheet(client_for(users["alice"]), url, "practice_representation")[1]


def test_representativeness_by_role(client_for, users, network):
    from olievlek.participants.models import ReferencePopulation

    ReferencePopulation.objects.create(network=network, name="Rollen", variable="role",
                                       counts={"leraar": 10, "bestuurder": 2, "projectleider": 1})
    url = PARTICIPANTS + "download/representativeness_1.csv?wave=2024"
    bob = {r["category"]: r for r in _csv(client_for(users["bob"]), url)}
    assert bob["bestuurder"]["observed"] == "<3" and bob["bestuurder"]["observed_percent"] == ""
    assert bob["bestuurder"]["p_value"] == "" and bob["bestuurder"]["test"] == ""
    alice = {r["category"]: r for r in _csv(client_for(users["alice"]), url)}
    assert alice["bestuurder"]["observed"] == "1" and alice["bestuurder"]["test"]
    page = client_for(users["bob"]).get(PARTICIPANTS + "?wave=2024").content.decode()
    table = page[page.index('data-table="representativeness_1"'):]
    assert "&lt;3" in table[:table.index("</table>")]


LEADERSHIP = "/networks/testnet/waves/2024/leadership/"


def test_leadership_unit_matrix_and_core_per_process(client_for, users, network):
    # Wave 2024: Stuurgroep (p1, p2) and PLG A (p3, p4) are primary units of two people each.
    def bob():  # one test client: log in again before each request
        return client_for(users["bob"])

    def alice():
        return client_for(users["alice"])

    page = bob().get(LEADERSHIP).content.decode()
    assert page.count("&lt;3") >= 4
    rows = list(csv.reader(io.StringIO(bob().get(LEADERSHIP + "units.csv").content.decode())))
    assert rows[1][1:] == ["<3", "<3"] and rows[2][1:] == ["<3", "<3"]
    rows = list(csv.reader(io.StringIO(alice().get(LEADERSHIP + "units.csv").content.decode())))
    assert "<3" not in rows[1] + rows[2] and sum(int(c) for c in rows[1][1:] + rows[2][1:]) >= 3
    core = list(csv.reader(io.StringIO(bob().get(LEADERSHIP + "core.csv").content.decode())))
    assert any(r[1] == "<3" for r in core[1:])
    core = list(csv.reader(io.StringIO(alice().get(LEADERSHIP + "core.csv").content.decode())))
    assert all(r[1] != "<3" for r in core[1:])
    assert ["PLG A", "<3", "<3"] in _sheet(bob(), LEADERSHIP + "units.xlsx", None)
    svg = bob().get(LEADERSHIP + "units.svg").content.decode()
    assert "Stuurgroep" not in svg  # the picture leaves small units out
    assert "Stuurgroep" in alice().get(LEADERSHIP + "units.svg").content.decode()


def test_researcher_warning_on_the_new_pages(client_for, users, network):
    for url in (LEADERSHIP, "/networks/testnet/waves/2024/islands/", PARTICIPANTS + "?wave=2024"):
        assert "data-reidentifiable=" in client_for(users["alice"]).get(url).content.decode(), url
        assert "data-reidentifiable" not in client_for(users["bob"]).get(url).content.decode(), url


def test_a_chart_of_a_masked_table_is_not_served(client_for, users, network):
    url = PARTICIPANTS + "download/roles_testnet.svg?wave=2024"  # roles held by one or two
    assert client_for(users["bob"]).get(url).status_code == 404
    response = client_for(users["alice"]).get(url)
    assert response.status_code == 200 and response.content.startswith(b"<svg")
