"""Participants pages: who sees what, what the tables say, the downloads."""

from __future__ import annotations

import io

import openpyxl
import pytest

from olievlek.participants.models import ExpertiseSorting, ReferencePopulation

NET = "/networks/testnet/participants/"
OTHER = "/networks/othernet/participants/"
ALL = "/participants/"


@pytest.mark.parametrize("who,url,status", [
    (None, NET, 302), (None, ALL, 302),
    ("alice", NET, 200), ("alice", OTHER, 200), ("alice", ALL, 200),
    ("bob", NET, 200), ("bob", OTHER, 404), ("bob", ALL, 404),
    ("carol", NET, 404), ("carol", OTHER, 200),
    ("dave", NET, 404), ("dave", ALL, 404),
    ("eve", NET, 404), ("eve", ALL, 404),
    ("bob", NET + "expertise/", 404), ("alice", NET + "expertise/", 200),
    ("bob", "/participants/references/", 404), ("alice", "/participants/references/", 200),
    ("bob", NET + "download/background_education_level.csv", 200),
    ("carol", NET + "download/background_education_level.csv", 404),
    ("bob", ALL + "download/background_education_level.csv", 404),
    ("dave", NET + "download/tables.xlsx", 404),
    ("alice", "/networks/nosuchnet/participants/", 404),
])
def test_who_gets_what(users, client_for, who, url, status):
    response = client_for(users[who] if who else None).get(url)
    assert response.status_code == status


def test_network_page_shows_tables_and_checks(users, client_for):
    page = client_for(users["alice"]).get(NET).content.decode()
    assert 'data-table="background_education_level"' in page
    assert 'data-table="response_by_unit"' in page
    assert 'data-kind="not-invited"' in page
    assert "Eva Essenrijk" in page  # researchers see names in the consistency list
    # p4 answered the background questions and broke off: listed, and counted in the n
    assert 'data-kind="partial-background"' in page and "Daan Dennenlaan" in page
    assert "4 respondenten (volledige respons in deze ronde, of een gedeeltelijke" in page


def test_coordinator_sees_no_names_and_no_open_answers(users, client_for, network):
    person = network.people.get(key="p1")
    person.expertise = "Begeleiden van onderzoek door Anna Aardeweg"
    person.save()
    page = client_for(users["bob"]).get(NET).content.decode()
    for person in network.people.all():
        assert person.name not in page
    assert "Begeleiden van onderzoek" not in page
    # the consistency list names p5 (not invited in 2024) by pseudonym only
    p5 = network.people.get(key="p5")
    assert p5.pseudonym and p5.pseudonym in page
    csv = client_for(users["bob"]).get(NET + "download/consistency_checks.csv").content.decode()
    assert "p5" not in csv and "Essenrijk" not in csv
    assert client_for(users["bob"]).get(NET + "download/expertise_sorting.csv").status_code == 404
    wb = openpyxl.load_workbook(io.BytesIO(client_for(users["bob"]).get(NET + "download/tables.xlsx").content))
    text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    assert "Aardeweg" not in text and "Essenrijk" not in text


def test_aggregate_wave_shows_only_counts(users, client_for, network):
    network.waves.filter(label="2024").update(coordinator_visibility="aggregate")
    p5 = network.people.get(key="p5")
    page = client_for(users["bob"]).get(NET + "?wave=2024").content.decode()
    assert p5.pseudonym not in page and p5.name not in page
    assert 'data-kind="not-invited"' in page


def test_csv_download_is_the_documented_table(users, client_for):
    body = client_for(users["bob"]).get(NET + "download/background_education_level.csv").content.decode()
    lines = body.strip().splitlines()
    assert lines[0] == "category,po,vo,mbo,sectoroverstijgend"
    assert lines[-2:] == ["missing,0,0,0,0", "n,4,0,0,0"]  # p1-p3 complete, p4 partial with background
    later = client_for(users["bob"]).get(NET + "download/background_education_level.csv?wave=2025")
    assert later.content.decode().strip().splitlines()[-1] == "n,4,0,0,0"


def test_pictures_download_as_svg_and_png(users, client_for):
    svg = client_for(users["alice"]).get(NET + "download/roles_testnet.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content and b"leraar" in svg.content
    c = client_for(users["bob"])
    # Testnet has roles held by fewer than 3 people: the coordinator gets no roles chart.
    assert c.get(NET + "download/roles_testnet.svg").status_code == 404
    png = c.get(NET + "download/background_involvement.png")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert c.get(NET + "download/roles_othernet.svg").status_code == 404


def test_all_networks_page_and_workbook(users, client_for):
    c = client_for(users["alice"])
    page = c.get(ALL).content.decode()
    assert 'data-table="background_education_level_by_network"' in page
    wb = openpyxl.load_workbook(io.BytesIO(c.get(ALL + "download/tables.xlsx").content))
    assert "education_sector" in wb.sheetnames
    c.cookies.load({"django_language": "en"})
    page_en = c.get(ALL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Participants of all networks" in page_en


def test_researcher_corrects_expertise_sorting(users, client_for, network):
    person = network.people.get(key="p1")  # "onderzoek begeleiden" in the fixture
    c = client_for(users["alice"])
    page = c.get(NET + "expertise/").content.decode()
    assert 'data-person="p1"' in page
    c.post(NET + "expertise/", {"person": "p1", "kinds": ["leidinggeven", "bogus"]})
    assert ExpertiseSorting.objects.get(person=person).kinds == "leidinggeven"
    body = c.get(NET + "download/expertise_by_network.csv").content.decode()
    rows = dict(line.split(",") for line in body.strip().splitlines()[1:])
    assert rows["leidinggeven"] == "100" and rows["onderzoek-begeleiden"] == "0"
    c.post(NET + "expertise/", {"person": "p1", "reset": "1"})
    assert not ExpertiseSorting.objects.filter(person=person).exists()
    from olievlek.accounts.models import AuditEntry

    assert AuditEntry.objects.filter(action="sort-expertise", object_key="p1").count() == 2


def test_reference_population_entered_and_compared(users, client_for, network):
    c = client_for(users["alice"])
    bad = c.post("/participants/references/", {"name": "x", "variable": "education_level", "counts": "hbo,abc"})
    assert bad.status_code == 400
    c.post("/participants/references/", {
        "name": "Leraren po", "variable": "education_level", "network": "testnet",
        "counts": "category,count\nhbo,80\nuniversiteit,15\nphd,5",
    })
    ref = ReferencePopulation.objects.get()
    assert ref.counts == {"hbo": 80.0, "universiteit": 15.0, "phd": 5.0}
    page = c.get(NET).content.decode()
    assert 'data-table="representativeness_1"' in page
    asked = c.post(f"/participants/references/{ref.pk}/delete/")  # first: what will happen
    assert asked.status_code == 200 and "Leraren po" in asked.content.decode()
    assert ReferencePopulation.objects.exists()
    c.post(f"/participants/references/{ref.pk}/delete/", {"confirmed": "1"})
    assert not ReferencePopulation.objects.exists()
    from olievlek.accounts.models import AuditEntry

    log = list(AuditEntry.objects.filter(object_type="reference population").order_by("pk")
               .values_list("actor", "action", "network_slug", "object_key"))
    assert log == [("alice", "add-reference", "testnet", str(ref.pk)),
                   ("alice", "delete-reference", "testnet", str(ref.pk))]


def test_dutch_by_default(users, client_for):
    page = client_for(users["alice"]).get(ALL).content.decode()
    assert "Deelnemers van alle netwerken" in page and "Consistentiecontroles" in page
    assert "Niet uitgenodigd voor deze ronde" in page


def test_researcher_works_through_the_consistency_list(users, client_for):
    from olievlek.participants.models import CheckedFinding

    c = client_for(users["alice"])
    assert 'data-checked="1"' not in c.get(NET).content.decode()
    mark = {"kind": "not-invited", "network": "testnet", "subject": "2024", "note": "joined in 2025",
            "next": NET + "#checks"}
    response = c.post("/participants/checked/", mark)
    assert response.status_code == 302 and response["Location"] == NET + "#checks"
    page = c.get(NET).content.decode()
    assert 'data-checked="1"' in page and "joined in 2025" in page
    assert client_for(users["bob"]).post("/participants/checked/", mark).status_code == 404
    assert "/participants/checked/" not in client_for(users["bob"]).get(NET + "?wave=2024").content.decode()
    client_for(users["alice"]).post("/participants/checked/", {**mark, "undo": "1", "next": "//evil.example"})
    assert not CheckedFinding.objects.exists()
