"""OAI-PMH 2.0 at /oai/ against the protocol: every response valid against the published
OAI-PMH and oai_dc schemas (tests/data/oai), the six verbs, the protocol's error codes for
bad input (GET and POST alike), resumption that returns every record exactly once,
from/until on both sides of the boundary, deleted records (transient), and only makers who
opted in named as creators."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from olievlek.portal import actions, oai, search
from olievlek.portal.models import PublishedObject

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "oai"
NS = {"o": oai.NS, "oai_dc": oai.OAI_DC, "dc": oai.DC}
_schema: list[xmlschema.XMLSchema] = []


def schema() -> xmlschema.XMLSchema:
    if not _schema:  # once per module; nothing is fetched from the network
        _schema.append(xmlschema.XMLSchema([DATA / "OAI-PMH.xsd", DATA / "oai_dc.xsd"]))
    return _schema[0]


def harvest(client, method="get", **params) -> ET.Element:
    response = getattr(client, method)("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    schema().validate(response.content.decode())  # raises on any violation
    return ET.fromstring(response.content)


def error(root: ET.Element) -> str | None:
    found = root.find("o:error", NS)
    return None if found is None else found.get("code")


def _publish(network, key, title, **fields):
    from olievlek.portfolio.models import BoundaryObject

    obj = BoundaryObject.objects.create(network=network, key=key, title=title, kind="product",
                                        licence=fields.pop("licence", "CC-BY-SA-4.0"), **fields)
    return actions.publish_object(obj, actor="test")


@pytest.fixture
def anna(portal_net):
    """Anna (p1, maker of b1) opted in; Cato (p3, also a maker) did not."""
    return actions.save_profile(portal_net.people.get(key="p1"), name="Anna Aardeweg",
                                actor="test")


def _b1(network) -> PublishedObject:
    return network.boundary_objects.get(key="b1").publication


def test_identify_declares_granularity_and_deleted_record_policy(client, portal_net):
    for method in ("get", "post"):
        root = harvest(client, method, verb="Identify")
        ident = root.find("o:Identify", NS)
        assert ident.findtext("o:baseURL", namespaces=NS) == "http://127.0.0.1:8000/oai/"
        assert ident.findtext("o:protocolVersion", namespaces=NS) == "2.0"
        assert ident.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
        assert ident.findtext("o:deletedRecord", namespaces=NS) == "transient"
        assert ident.findtext("o:earliestDatestamp", namespaces=NS) == oai.stamp(
            _b1(portal_net).datestamp)
        assert root.find("o:request", NS).get("verb") == "Identify"


def test_get_record_in_dublin_core_names_only_makers_who_opted_in(client, portal_net, anna):
    pub = _b1(portal_net)
    derived = _publish(portal_net, "b3", "Kaartenset lezen, tweede druk")
    derived.object.based_on.set([pub.object])
    search.index_product(derived)
    root = harvest(client, verb="GetRecord", identifier=f"oai:127.0.0.1:product/{derived.pk}",
                   metadataPrefix="oai_dc")
    harvest(client, verb="GetRecord", identifier=oai.identifier(pub), metadataPrefix="oai_dc")
    root = harvest(client, verb="GetRecord", identifier=oai.identifier(pub),
                   metadataPrefix="oai_dc")
    record = root.find("o:GetRecord/o:record", NS)
    assert record.find("o:header", NS).get("status") is None
    assert record.findtext("o:header/o:setSpec", namespaces=NS) == portal_net.slug
    dc = record.find("o:metadata/oai_dc:dc", NS)

    def values(name):
        return [e.text for e in dc.findall(f"dc:{name}", NS)]

    assert values("title") == ["Kaartenset begrijpend lezen"]
    assert values("creator") == ["Anna Aardeweg"]  # Cato made it too, but has no profile
    cato = portal_net.people.get(key="p3").name
    assert cato not in ET.tostring(root, encoding="unicode")
    assert values("rights") == ["https://creativecommons.org/licenses/by/4.0/"]
    assert values("identifier") == [f"http://127.0.0.1:8000/portaal/producten/{pub.pk}/"]
    assert values("date") == ["2024-05-01"]
    assert values("subject") == ["lezen", "didactiek"]
    assert values("publisher") == [portal_net.name]
    assert values("relation") == []
    # The derived product points at its source (lineage) with the source's portal URL.
    root = harvest(client, verb="GetRecord", identifier=oai.identifier(derived),
                   metadataPrefix="oai_dc")
    relations = [e.text for e in root.iterfind(".//dc:relation", NS)]
    assert relations == [f"http://127.0.0.1:8000/portaal/producten/{pub.pk}/"]


@pytest.mark.parametrize("params, code", [
    ({}, "badVerb"),
    ({"verb": "Harvest"}, "badVerb"),
    ({"verb": ["Identify", "Identify"]}, "badVerb"),
    ({"verb": "Identify", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "gisteren"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-02-30"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01",
      "until": "2025-01-01T00:00:00Z"}, "badArgument"),  # two granularities
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-01-02",
      "until": "2025-01-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-01-01T00:00:00"},
     "badArgument"),  # no Z
    ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai dc"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "identifier": "oai:127.0.0.1:product/1"}, "badArgument"),
    ({"verb": "GetRecord", "identifier": "oai:127.0.0.1:product/999999",
      "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
    ({"verb": "GetRecord", "identifier": "oai:elders.nl:product/1",
      "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
    ({"verb": "ListMetadataFormats", "identifier": "oai:127.0.0.1:product/999999"},
     "idDoesNotExist"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"},
     "noRecordsMatch"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "geen-netwerk"},
     "noRecordsMatch"),
    ({"verb": "ListIdentifiers", "resumptionToken": "bedacht"}, "badResumptionToken"),
    ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"},
     "badArgument"),
    ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
    ({"verb": "GetRecord", "resumptionToken": "x"}, "badArgument"),
])
@pytest.mark.parametrize("method", ["get", "post"])
def test_bad_requests_get_the_protocols_errors(client, portal_net, params, code, method):
    root = harvest(client, method, **params)
    assert error(root) == code
    assert root.find("o:ListRecords", NS) is None
    request = root.find("o:request", NS)
    assert request.text == "http://127.0.0.1:8000/oai/"
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}  # the protocol echoes no arguments then


def test_post_needs_no_csrf_token(portal_net):
    from django.test import Client

    harvester = Client(enforce_csrf_checks=True)  # a harvester has no session or token
    response = harvester.post("/oai/", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    assert response.status_code == 200
    assert error(ET.fromstring(response.content)) is None


def test_only_get_and_post(client, portal_net):
    assert client.put("/oai/?verb=Identify").status_code == 405


def test_metadata_formats_and_sets(client, portal_net, other_network):
    root = harvest(client, verb="ListMetadataFormats")
    assert [e.text for e in root.iterfind(".//o:metadataPrefix", NS)] == ["oai_dc"]
    root = harvest(client, verb="ListMetadataFormats", identifier=oai.identifier(_b1(portal_net)))
    assert error(root) is None
    root = harvest(client, verb="ListSets")
    # Only networks with records are sets; the other network publishes nothing.
    assert [e.text for e in root.iterfind(".//o:setSpec", NS)] == [portal_net.slug]
    assert harvest(client, verb="ListRecords", metadataPrefix="oai_dc",
                   set=portal_net.slug).find("o:ListRecords", NS) is not None


def test_no_sets_yet(client, db):
    assert error(harvest(client, verb="ListSets")) == "noSetHierarchy"
    assert error(harvest(client, verb="ListRecords", metadataPrefix="oai_dc")) == "noRecordsMatch"
    assert error(harvest(client, verb="Identify")) is None  # an empty repository identifies


def _walk(client, monkeypatch, verb, **params):
    """Every header of a complete harvest, with each page's token attributes."""
    monkeypatch.setattr(oai, "PAGE_SIZE", 7)
    headers, tokens = [], []
    root = harvest(client, verb=verb, metadataPrefix="oai_dc", **params)
    while True:
        box = root.find(f"o:{verb}", NS)
        headers += box.findall(".//o:header", NS)
        token = box.find("o:resumptionToken", NS)
        if token is None or not token.text:
            tokens.append(token)
            return headers, tokens
        tokens.append(token)
        root = harvest(client, "post", verb=verb, resumptionToken=token.text)


@pytest.mark.parametrize("verb", ["ListRecords", "ListIdentifiers"])
def test_resumption_returns_every_record_exactly_once(client, portal_net, monkeypatch, verb):
    for i in range(22):
        _publish(portal_net, f"r{i:02}", f"Product {i}")
    expected = {oai.identifier(p) for p in PublishedObject.objects.filter(public=True)}
    assert len(expected) == 23
    headers, tokens = _walk(client, monkeypatch, verb)
    ids = [h.findtext("o:identifier", namespaces=NS) for h in headers]
    assert len(ids) == len(set(ids)) == 23 and set(ids) == expected
    assert [t.get("cursor") for t in tokens] == ["0", "7", "14", "21"]
    assert {t.get("completeListSize") for t in tokens} == {"23"}
    assert all(t.get("expirationDate") for t in tokens[:-1])
    assert tokens[-1].text is None  # the empty token ends the list


def test_changes_during_a_harvest_give_each_record_at_most_once(client, portal_net,
                                                               monkeypatch):
    monkeypatch.setattr(oai, "PAGE_SIZE", 6)
    pubs = [_publish(portal_net, f"r{i:02}", f"Product {i}") for i in range(9)]
    root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    seen = [h.findtext("o:identifier", namespaces=NS) for h in root.iterfind(".//o:header", NS)]
    token = root.find(".//o:resumptionToken", NS).text
    # Meanwhile: one already sent changes, one not yet sent is unpublished, one is added.
    actions.publish_object(pubs[0].object, public=False, actor="test")
    actions.publish_object(pubs[7].object, public=False, actor="test")
    late = _publish(portal_net, "late", "Laat product")
    root = harvest(client, verb="ListIdentifiers", resumptionToken=token)
    rest = {h.findtext("o:identifier", namespaces=NS): h.get("status")
            for h in root.iterfind(".//o:header", NS)}
    assert not set(seen) & set(rest)
    assert rest[oai.identifier(pubs[7])] == "deleted"
    assert rest[oai.identifier(late)] is None
    assert len(seen) == 6 and len(rest) == 5  # b1 and 9, one more; r00 was sent already
    assert root.find(".//o:resumptionToken", NS).text is None


def test_an_altered_or_expired_token_is_refused(client, portal_net, monkeypatch):
    from django.core import signing

    monkeypatch.setattr(oai, "PAGE_SIZE", 1)
    _publish(portal_net, "r1", "Nog een product")
    root = harvest(client, verb="ListRecords", metadataPrefix="oai_dc")
    token = root.find(".//o:resumptionToken", NS).text
    assert error(harvest(client, verb="ListRecords", resumptionToken=token[:-2] + "xx")) \
        == "badResumptionToken"
    assert error(harvest(client, verb="ListIdentifiers", resumptionToken=token)) \
        == "badResumptionToken"  # issued for another verb
    forged = signing.dumps({"verb": "ListRecords", "after": 0}, salt="elders")
    assert error(harvest(client, verb="ListRecords", resumptionToken=forged)) \
        == "badResumptionToken"
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=oai.TOKEN_HOURS, seconds=5)
    monkeypatch.setattr(signing.time, "time", lambda: later.timestamp())
    assert error(harvest(client, verb="ListRecords", resumptionToken=token)) \
        == "badResumptionToken"


def test_from_and_until_include_their_boundary(client, portal_net):
    pub = _b1(portal_net)
    moment = dt.datetime(2025, 3, 4, 10, 20, 30, tzinfo=dt.UTC)
    PublishedObject.objects.filter(pk=pub.pk).update(datestamp=moment)

    def count(**window):
        root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **window)
        return len(root.findall(".//o:header", NS))

    assert count(**{"from": "2025-03-04T10:20:30Z"}) == 1
    assert count(**{"from": "2025-03-04T10:20:31Z"}) == 0
    assert count(until="2025-03-04T10:20:30Z") == 1
    assert count(until="2025-03-04T10:20:29Z") == 0
    assert count(**{"from": "2025-03-04", "until": "2025-03-04"}) == 1  # the whole day
    assert count(until="2025-03-03") == 0
    assert count(**{"from": "2025-03-05"}) == 0


def test_deleted_records_are_transient(client, portal_net, anna):
    pub = _b1(portal_net)
    before = pub.datestamp
    search.reindex([portal_net])  # nothing changed: the datestamp stays
    pub.refresh_from_db()
    assert pub.datestamp == before
    PublishedObject.objects.filter(pk=pub.pk).update(datestamp=before - dt.timedelta(days=1))

    actions.publish_object(pub.object, public=False, actor="test")
    pub.refresh_from_db()
    assert pub.datestamp > before - dt.timedelta(days=1)
    root = harvest(client, verb="GetRecord", identifier=oai.identifier(pub),
                   metadataPrefix="oai_dc")
    record = root.find(".//o:record", NS)
    assert record.find("o:header", NS).get("status") == "deleted"
    assert record.find("o:metadata", NS) is None  # nothing of it is disseminated any more
    root = harvest(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert [h.get("status") for h in root.iterfind(".//o:header", NS)] == ["deleted"]

    # Public again; then the whole network leaves the portal: deleted too.
    actions.publish_object(pub.object, actor="test")
    assert harvest(client, verb="GetRecord", identifier=oai.identifier(pub),
                   metadataPrefix="oai_dc").find(".//o:header", NS).get("status") is None
    actions.set_portal(portal_net, enabled=False, actor="test")
    assert harvest(client, verb="GetRecord", identifier=oai.identifier(pub),
                   metadataPrefix="oai_dc").find(".//o:header", NS).get("status") == "deleted"

    # A product that was never public has no record at all; a deleted row leaves no trace.
    secret = portal_net.boundary_objects.get(key="b2")
    never = PublishedObject.objects.create(object=secret, public=False)
    search.index_product(never)
    assert error(harvest(client, verb="GetRecord", identifier=oai.identifier(never),
                         metadataPrefix="oai_dc")) == "idDoesNotExist"
    identifier = oai.identifier(pub)
    pub.object.delete()
    assert error(harvest(client, verb="GetRecord", identifier=identifier,
                         metadataPrefix="oai_dc")) == "idDoesNotExist"


def test_a_maker_withdrawing_changes_the_record(client, portal_net, anna):
    pub = _b1(portal_net)
    PublishedObject.objects.filter(pk=pub.pk).update(datestamp=dt.datetime(2025, 1, 1,
                                                                           tzinfo=dt.UTC))
    actions.withdraw(anna.person, actor="test")
    pub.refresh_from_db()
    assert pub.datestamp > dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    root = harvest(client, verb="GetRecord", identifier=oai.identifier(pub),
                   metadataPrefix="oai_dc")
    assert root.findall(".//dc:creator", NS) == []
    assert "Anna" not in ET.tostring(root, encoding="unicode")


def test_text_that_xml_cannot_hold_is_left_out(client, portal_net):
    pub = _publish(portal_net, "ctl", "Titel met \x0b stuurteken & <haken>")
    root = harvest(client, verb="GetRecord", identifier=oai.identifier(pub),
                   metadataPrefix="oai_dc")
    assert root.findtext(".//dc:title", namespaces=NS) == "Titel met  stuurteken & <haken>"


def test_the_schemas_check_the_dublin_core_inside_records():
    """The validation above is no formality: a misspelt DC element fails it."""
    doc = ('<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/">'
           '<responseDate>2026-12-01T01:00:00Z</responseDate><request>http://x/oai/</request>'
           '<GetRecord><record><header><identifier>oai:x:product/1</identifier>'
           '<datestamp>2026-12-01T01:00:00Z</datestamp></header><metadata><oai_dc:dc>'
           '<dc:TAG>x</dc:TAG></oai_dc:dc></metadata></record></GetRecord></OAI-PMH>')
    assert schema().is_valid(doc.replace("TAG", "title"))
    assert not schema().is_valid(doc.replace("TAG", "titel"))
