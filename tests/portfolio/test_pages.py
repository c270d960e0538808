"""The portfolio and olievlek pages: who sees them, editing (audited), downloads, follow-up link."""

from __future__ import annotations

import pytest

from olievlek.accounts.models import AuditEntry
from olievlek.portfolio.models import BoundaryObject, Rating, Use

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(network):
    """Object k1 by Anna (o1, Hogeschool Noord); o2 is another member; a school in Almelo
    outside the network (the members are in Enschede: both Twente)."""
    from olievlek.networks.models import Organisation

    network.organisations.filter(key="o1").update(municipality="GM0153")
    network.organisations.filter(key="o2").update(municipality="GM0164")
    Organisation.objects.create(network=network, key="x1", name="School Almelo", member=False,
                                municipality="GM0141")
    obj = BoundaryObject.objects.create(network=network, key="k1", title="Kaartenset",
                                        kind="product", status="gerealiseerd", date="2024-01-01")
    obj.makers.set([network.people.get(key="p1")])
    Use.objects.create(object=obj, date="2024-02-01", organisation=network.organisations.get(key="o2"),
                       person=network.people.get(key="p3"), use="toegepast")
    Use.objects.create(object=obj, date="2024-05-01", organisation=network.organisations.get(key="x1"),
                       use="kennisgenomen")
    return obj


PAGES = ["/networks/testnet/portfolio/", "/networks/testnet/olievlek/",
         "/networks/testnet/portfolio/k1/", "/networks/testnet/olievlek/download/objects.csv"]


@pytest.mark.parametrize("url", PAGES)
def test_researchers_and_the_own_coordinator_only(users, client_for, portfolio, url):
    assert client_for(users["alice"]).get(url).status_code == 200
    assert client_for(users["bob"]).get(url).status_code == 200
    for name in ("carol", "dave", "eve"):
        assert client_for(users[name]).get(url).status_code == 404, name
    assert client_for(None).get(url).status_code == 302


def test_the_all_networks_page_is_for_researchers(users, client_for, portfolio):
    page = client_for(users["alice"]).get("/olievlek/")
    assert page.status_code == 200 and b'data-network="testnet"' in page.content
    assert client_for(users["bob"]).get("/olievlek/").status_code == 404


def test_pages_without_data_say_so(users, client_for, network):
    c = client_for(users["bob"])
    assert "no boundary objects yet" in c.get("/networks/testnet/portfolio/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    body = c.get("/networks/testnet/olievlek/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "nothing to map" in body
    assert client_for(users["alice"]).get("/olievlek/").status_code == 200


def test_the_olievlek_page_shows_the_librarys_figures(users, client_for, portfolio):
    body = client_for(users["bob"]).get("/networks/testnet/olievlek/").content.decode()
    assert 'data-key="organisations_reached">2<' in body
    assert 'data-key="olievlek_index">0,50<' in body or 'data-key="olievlek_index">0.50<' in body
    assert 'data-object="k1"' in body


def test_a_coordinator_adds_an_object_rates_it_and_registers_a_use(users, client_for, portfolio, network):
    c = client_for(users["bob"])
    response = c.post("/networks/testnet/portfolio/new/", {
        "key": "k2", "title": "Werkwijze", "kind": "proces", "status": "concept",
        "date": "2024-03-01", "makers": [network.people.get(key="p2").pk], "based_on": [portfolio.pk],
    })
    assert response.status_code == 302
    k2 = BoundaryObject.objects.get(key="k2")
    assert [b.key for b in k2.based_on.all()] == ["k1"]
    assert AuditEntry.objects.filter(actor="bob", action="create", object_key="k2").exists()
    for rater, access in (("bob", 5), ("alice", 2)):
        c.post("/networks/testnet/portfolio/k2/", {"form": "rating", "rater": rater, "date": "2024-06-01",
                                                   "visibility": 3, "accessibility": access})
    assert Rating.objects.filter(object=k2).count() == 2
    page = c.get("/networks/testnet/portfolio/k2/").content.decode()
    assert page.count('data-disagree="1"') == 1          # accessibility 5 vs 2; visibility agrees
    bad = c.post("/networks/testnet/portfolio/k2/", {"form": "use", "date": "2024-01-01",
                                                      "organisation": network.organisations.get(key="o1").pk,
                                                      "use": "toegepast", "municipality": "GM9999"})
    assert bad.status_code == 200 and not k2.uses.exists()   # before the object, bad municipality
    ok = c.post("/networks/testnet/portfolio/k2/", {"form": "use", "date": "2024-04-01",
                                                     "organisation": network.organisations.get(key="o1").pk,
                                                     "use": "toegepast"})
    assert ok.status_code == 302 and k2.uses.count() == 1
    assert AuditEntry.objects.filter(actor="bob", action="use", object_key="k2").exists()
    assert 'data-ring="2"' in c.get("/networks/testnet/portfolio/k2/").content.decode()


def test_the_object_page_shows_pseudonyms_to_a_coordinator(users, client_for, portfolio):
    page = client_for(users["bob"]).get("/networks/testnet/portfolio/k1/").content.decode()
    assert "Cato Cederveld" not in page
    assert "Cato Cederveld" in client_for(users["alice"]).get("/networks/testnet/portfolio/k1/").content.decode()
    csv = client_for(users["bob"]).get("/networks/testnet/olievlek/download/uses.csv").content.decode()
    assert "p3" not in csv.split("\n", 1)[1]


def test_downloads(users, client_for, portfolio):
    c = client_for(users["bob"])
    objects = c.get("/networks/testnet/olievlek/download/objects.csv").content.decode()
    assert objects.splitlines()[0] == ("id,uses,organisations,municipalities,ring_max,olievlek_index,"
                                       "days_to_region,depth,adaptations,sustained")
    assert objects.splitlines()[1].startswith("k1,2,2,2,3,0.5,121,0.5,0,0")
    xlsx = c.get("/networks/testnet/olievlek/download/reach.xlsx")
    assert xlsx.content[:2] == b"PK"
    svg = c.get("/networks/testnet/olievlek/download/map.svg").content.decode()
    assert "Bron: CBS, Kadaster" in svg and "Testnetwerk" in svg
    png = c.get("/networks/testnet/portfolio/k1/download/map_depth.png")
    assert png.content[:4] == b"\x89PNG"
    assert c.get("/networks/testnet/olievlek/download/secrets.csv").status_code == 404


def test_the_follow_up_link(users, client_for, portfolio, network, settings):
    c = client_for(users["bob"])
    c.post("/networks/testnet/portfolio/k1/", {"form": "follow-up"})
    token = BoundaryObject.objects.get(key="k1").follow_up_token
    assert token
    anon = client_for(None)
    form = anon.get(f"/use/{token}/")
    assert form.status_code == 200
    sent = anon.post(f"/use/{token}/", {"organisation": "OBS De Klimop", "municipality": "gm0363",
                                        "date": "2024-09-01", "use": "uitgeprobeerd", "source": "Anna"})
    assert b'data-done="1"' in sent.content
    proposed = Use.objects.get(proposed=True)
    assert proposed.municipality == "GM0363" and proposed.organisation is None
    # a proposed use does not count until confirmed
    c = client_for(users["bob"])
    page = c.get("/networks/testnet/olievlek/").content.decode()
    assert 'data-key="uses">2<' in page
    c.post("/networks/testnet/portfolio/k1/", {"form": "confirm", "use": proposed.pk, "organisation": ""})
    proposed.refresh_from_db()
    assert not proposed.proposed and proposed.organisation.name == "OBS De Klimop"
    assert not proposed.organisation.member
    assert 'data-key="uses">3<' in c.get("/networks/testnet/olievlek/").content.decode()
    assert AuditEntry.objects.filter(action="confirm use").exists()


def test_guessing_follow_up_tokens_is_throttled(client_for, portfolio, settings):
    from django.core.cache import cache

    cache.clear()
    settings.SURVEY_TOKEN_MISSES = 3
    anon = client_for(None)
    for i in range(3):
        assert anon.get(f"/use/guess{i}xxxxxxxxxxx/").status_code == 404
    assert anon.get("/use/guess9xxxxxxxxxxx/").status_code == 429
    # a valid link still works from that address

    portfolio.follow_up_token = "a-real-token-of-enough-length"
    portfolio.save()
    assert anon.get("/use/a-real-token-of-enough-length/").status_code == 200
    cache.clear()


def test_a_large_network_asks_for_ids_instead_of_listing_everyone(users, client_for, portfolio, network,
                                                                  monkeypatch):
    """Past LIST_LIMIT organisations or people, the use form and the confirm form take an id
    (a list of 20,000 organisations took seconds to render); a wrong id is refused."""
    monkeypatch.setattr("olievlek.portfolio.forms.LIST_LIMIT", 2)
    c = client_for(users["bob"])
    page = c.get("/networks/testnet/portfolio/k1/").content.decode()
    assert "School Almelo" not in page.split('name="organisation"')[1][:2000]  # no options listed
    assert 'name="organisation" ' in page and 'name="person" ' in page
    bad = c.post("/networks/testnet/portfolio/k1/", {"form": "use", "date": "2024-04-01",
                                                      "organisation": "o-none", "use": "toegepast"})
    assert bad.status_code == 200 and portfolio.uses.count() == 2
    ok = c.post("/networks/testnet/portfolio/k1/", {"form": "use", "date": "2024-04-01", "organisation": "x1",
                                                     "person": "p3", "use": "toegepast"})
    assert ok.status_code == 302
    use = portfolio.uses.get(date="2024-04-01")
    assert use.organisation.key == "x1" and use.person.key == "p3"
    # the confirm form of a proposed use: an id, or empty for a new organisation
    proposed = Use.objects.create(object=portfolio, date="2024-09-01", use="uitgeprobeerd", proposed=True,
                                  proposed_organisation="OBS De Klimop")
    page = c.get("/networks/testnet/portfolio/k1/").content.decode()
    assert 'name="organisation_key"' in page
    c.post("/networks/testnet/portfolio/k1/", {"form": "confirm", "use": proposed.pk, "organisation_key": "nope"})
    proposed.refresh_from_db()
    assert proposed.proposed  # unknown id: nothing confirmed
    c.post("/networks/testnet/portfolio/k1/", {"form": "confirm", "use": proposed.pk, "organisation_key": "o2"})
    proposed.refresh_from_db()
    assert not proposed.proposed and proposed.organisation.key == "o2"


def test_the_pictures_on_the_pages_and_as_downloads(users, client_for, portfolio, network):
    from olievlek.portfolio.models import BoundaryObject

    child = BoundaryObject.objects.create(network=network, key="k2", title="Kaartenset Almelo",
                                          kind="product", date="2024-09-01")
    child.makers.set([network.people.get(key="p3")])  # of o2, not the makers' school
    child.based_on.set([portfolio])
    c = client_for(users["bob"])
    page = c.get("/networks/testnet/olievlek/").content.decode()
    assert "/networks/testnet/olievlek/download/reach_curves.svg" in page
    curves = c.get("/networks/testnet/olievlek/download/reach_curves.svg").content.decode()
    assert 'data-ring="3" data-period="2024-Q2" data-value="1"' in curves and "Testnetwerk" in curves
    assert c.get("/networks/testnet/olievlek/download/reach_curves.png").content[:4] == b"\x89PNG"
    html = c.get("/networks/testnet/portfolio/k1/").content.decode()
    assert "/portfolio/k1/download/rings.svg" in html and "/portfolio/k1/download/reach_curves.svg" in html
    # the lineage tree is inline, its boxes link to the objects; the adaptation is marked
    assert 'class="lineage"' in html and 'href="/networks/testnet/portfolio/k2/"' in html
    assert 'data-object="k2" data-adapted="1"' in html
    rings = c.get("/networks/testnet/portfolio/k1/download/rings.svg").content.decode()
    assert 'data-ring="2" data-organisations="1"' in rings and "Kaartenset" in rings
    lineage = c.get("/networks/testnet/portfolio/k2/download/lineage.svg")
    assert lineage.status_code == 200 and b'data-object="k1"' in lineage.content
    assert c.get("/networks/testnet/portfolio/k1/download/lineage.png").content[:4] == b"\x89PNG"
    assert c.get("/networks/testnet/olievlek/download/rings.svg").status_code == 404
