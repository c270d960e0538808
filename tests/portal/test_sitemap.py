"""The sitemap lists exactly what the portal shows (people who opted in, published groups,
public products), on SITE_URL; robots.txt points at it."""

from __future__ import annotations

import re

import pytest

from olievlek.portal import actions, sitemaps

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def _urls(client, path) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def _all(client) -> list[str]:
    found = []
    for section in _urls(client, "/sitemap.xml"):
        found += _urls(client, section.removeprefix(SITE))
    return found


def test_sitemap_lists_only_public_pages(client, portal_net):
    group = portal_net.units.get(key="u-a").publication
    product = portal_net.boundary_objects.get(key="b1").publication
    assert sorted(_all(client)) == sorted([f"{SITE}/portaal/groepen/{group.pk}/",
                                           f"{SITE}/portaal/producten/{product.pk}/"])
    profile = actions.save_profile(portal_net.people.get(key="p1"), name="Anna", actor="test")
    assert f"{SITE}/portaal/mensen/{profile.pk}/" in _all(client)
    page = client.get("/sitemap-producten.xml").content.decode()
    assert "<lastmod>" in page  # the product's OAI datestamp

    actions.withdraw(profile.person, actor="test")
    actions.publish_object(product.object, public=False, actor="test")
    actions.publish_unit(group.unit, published=False, actor="test")
    assert _all(client) == []
    actions.set_portal(portal_net, enabled=False, actor="test")
    assert client.get("/sitemap.xml").status_code == 200


def test_sitemap_pages_split_at_the_limit(client, portal_net, monkeypatch):
    from olievlek.portfolio.models import BoundaryObject

    for i in range(2):
        obj = BoundaryObject.objects.create(network=portal_net, key=f"x{i}", title=f"X {i}",
                                            kind="product", licence="CC-BY-4.0")
        actions.publish_object(obj, actor="test")
    monkeypatch.setattr(sitemaps.ProductSitemap, "limit", 2)
    sections = _urls(client, "/sitemap.xml")
    assert f"{SITE}/sitemap-producten.xml?p=2" in sections
    assert len(_all(client)) == 4  # group + 3 products, each once


def test_robots_txt_points_at_the_sitemap(client, db):
    text = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in text.splitlines()
    assert "Disallow: /portaal/profiel/" in text  # personal links are never crawled
