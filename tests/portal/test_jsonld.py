"""schema.org JSON-LD of a product as Edurep reads it: educationalLevel as a DefinedTerm of
the Onderwijsbegrippenkader (the URI Edurep uses for po/vo/mbo/hbo/wo), the licence as the
Creative Commons URL, isBasedOn for lineage (public sources only), creators only with a
profile."""

from __future__ import annotations

import json
import re

import pytest

from olievlek.portal import actions, metadata

pytestmark = pytest.mark.django_db

OBK = "http://purl.edustandaard.nl/begrippenkader/"


def _ld(client, pub) -> dict:
    page = client.get(f"/portaal/producten/{pub.pk}/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


@pytest.mark.parametrize("level, uuid", [
    ("po", "512e4729-03a4-43a2-95ba-758071d1b725"),
    ("vo", "2a1401e9-c223-493b-9b86-78f6993b1a8d"),
    ("mbo", "f3ac3fbb-5eae-49e0-8494-0a44855fff25"),
    ("hbo", "be140797-803f-4b9e-81cc-5572c711e09c"),
    ("wo", "bbbd99c6-cf49-4980-baed-12388f8dcff4"),
])
def test_educational_level_uses_edurep_vocabulary(client, portal_net, level, uuid):
    obj = portal_net.boundary_objects.get(key="b1")
    pub = actions.publish_object(obj, educational_level=level, actor="test")
    term = _ld(client, pub)["educationalLevel"]
    assert term == {"@type": "DefinedTerm", "@id": OBK + uuid, "termCode": uuid,
                    "name": metadata.EDUCATION_LEVELS[level][1],
                    "inDefinedTermSet": OBK.rstrip("/")}


def test_level_falls_back_to_the_networks_sector_and_else_is_left_out(client, portal_net):
    pub = portal_net.boundary_objects.get(key="b1").publication
    portal_net.sector = "vo"
    portal_net.save()
    assert _ld(client, pub)["educationalLevel"]["termCode"] == \
        "2a1401e9-c223-493b-9b86-78f6993b1a8d"
    portal_net.sector = "sectoroverstijgend"  # no single level: none claimed
    portal_net.save()
    assert "educationalLevel" not in _ld(client, pub)


def test_licence_and_lineage(client, portal_net):
    from olievlek.portfolio.models import BoundaryObject

    source = portal_net.boundary_objects.get(key="b1")
    hidden = portal_net.boundary_objects.get(key="b2")  # not public
    derived = BoundaryObject.objects.create(network=portal_net, key="b3", title="Tweede druk",
                                            kind="product", licence="CC-BY-NC-SA-4.0")
    derived.based_on.set([source, hidden])
    pub = actions.publish_object(derived, actor="test")
    data = _ld(client, pub)
    assert data["license"] == "https://creativecommons.org/licenses/by-nc-sa/4.0/"
    assert data["isBasedOn"] == [{
        "@type": "LearningResource", "name": "Kaartenset begrijpend lezen",
        "url": f"http://127.0.0.1:8000/portaal/producten/{source.publication.pk}/"}]
    assert "Intern verslag" not in json.dumps(data)  # the unpublished source stays unnamed
    assert "isBasedOn" not in _ld(client, source.publication)


def test_creators_only_with_a_profile(client, portal_net):
    pub = portal_net.boundary_objects.get(key="b1").publication
    assert "creator" not in _ld(client, pub)
    actions.save_profile(portal_net.people.get(key="p1"), name="Anna Aardeweg", actor="test")
    assert [c["name"] for c in _ld(client, pub)["creator"]] == ["Anna Aardeweg"]
