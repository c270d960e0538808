"""Search: Dutch stems and accents ignored, facets, paging; the same results on SQLite and
PostgreSQL (run this file once with DATABASE_URL=postgres://...)."""

from __future__ import annotations

import pytest

from olievlek.portal import actions, search, text
from olievlek.portal.models import SearchEntry

pytestmark = pytest.mark.django_db


def _titles(q, **filters):
    return [e.title for e in search.search(q, filters).page]


def test_terms_fold_accents_and_stem_dutch():
    assert text.terms("leergemeenschappen") == text.terms("leergemeenschap")
    assert text.terms("coördinator") == text.terms("coordinator") == text.terms("COÖRDINATOR")
    assert text.terms("de en van") == []  # stop words only


def test_loanword_plurals_in_or_meet_their_singular():
    assert text.terms("coördinatoren") == text.terms("coordinator") == ["coordinator"]
    for singular, plural in [("mentor", "mentoren"), ("sector", "sectoren"),
                             ("professor", "professoren"), ("kantoor", "kantoren")]:
        assert text.terms(singular) == text.terms(plural)
    # other long vowels stay apart: "lezen" (read) is no "les" (lesson); short words alone
    assert text.terms("lezen") != text.terms("les")
    assert text.terms("oren") == ["oor"] and text.terms("koor") == ["koor"]


def test_coordinator_finds_coordinatoren(portal_net):
    from olievlek.portal import actions

    unit = portal_net.units.get(key="u-a")
    # only the plural is written now (no "Mail de coördinator" any more)
    actions.publish_unit(unit, theme="Netwerk van coördinatoren", how_to_join="Mail ons",
                         actor="test")
    assert _titles("coordinator") == ["PLG A"] == _titles("Coördinator")


def test_stemming_and_accents_in_the_database(client, portal_net):
    # the group's theme says "leergemeenschappen", the product "leergemeenschap"
    assert set(_titles("leergemeenschap")) == {"PLG A", "Kaartenset begrijpend lezen"}
    assert set(_titles("leergemeenschappen")) == {"PLG A", "Kaartenset begrijpend lezen"}
    # "Mail de coördinator" in how to join
    assert _titles("coordinator") == ["PLG A"] == _titles("coördinator")
    # every word must match
    assert _titles("kaarten leergemeenschap") == ["Kaartenset begrijpend lezen"]
    assert _titles("kaarten zwemmen") == []


def test_search_page_shows_results_and_no_data_yet(client, portal_net):
    page = client.get("/portaal/zoeken/?q=leergemeenschappen")
    assert page.status_code == 200
    assert 'data-count="2"' in page.content.decode()
    empty = client.get("/portaal/zoeken/?q=zzzz")
    assert empty.status_code == 200 and "data-empty" in empty.content.decode()


def test_unpublished_and_networks_off_the_portal_are_not_found(portal_net):
    assert _titles("verslag") == []  # b2 was never made public
    actions.set_portal(portal_net, enabled=False, actor="test")
    assert SearchEntry.objects.count() == 0 and _titles("") == []


def test_facets_narrow_and_count(portal_net):
    results = search.search("leergemeenschap")
    assert {v: n for v, n, _on in results.facets["kind"]} == {"group": 1, "product": 1}
    assert results.facets["province"] == [("Overijssel", 2, False)]
    narrowed = search.search("leergemeenschap", {"kind": "product"})
    assert [e.title for e in narrowed.page] == ["Kaartenset begrijpend lezen"]
    # the chosen facet still lists its other values, the others are narrowed
    assert {v: n for v, n, _on in narrowed.facets["kind"]} == {"group": 1, "product": 1}
    assert narrowed.facets["product_kind"] == [("product", 1, False)]
    assert search.search("leergemeenschap", {"kind": "nothing"}).count == 0
    assert search.search("leergemeenschap", {"unknown": "x"}).count == 2  # ignored


def test_paging(client, portal_net):
    from olievlek.portfolio.models import BoundaryObject

    for i in range(25):
        obj = BoundaryObject.objects.create(network=portal_net, key=f"x{i:02}", kind="product",
                                            title=f"Werkwijze leesles {i:02}", licence="CC0-1.0")
        actions.publish_object(obj, actor="test")
    first = search.search("leesles")
    assert first.count == 25 and len(first.page) == search.PER_PAGE
    second = search.search("leesles", page=2)
    assert len(second.page) == 5
    assert not {e.pk for e in first.page} & {e.pk for e in second.page}
    page = client.get("/portaal/zoeken/?q=leesles&page=2").content.decode()
    assert 'rel="prev"' in page and 'rel="next"' not in page
    assert client.get("/portaal/zoeken/?q=leesles&page=99").status_code == 200


def test_ranking_puts_more_matches_first(portal_net):
    from olievlek.portfolio.models import BoundaryObject

    for key, title, description in [("r1", "Rekenen", "rekenen en lezen"),
                                     ("r2", "Rekenen rekenen", "rekenen, rekenen, rekenen")]:
        obj = BoundaryObject.objects.create(network=portal_net, key=key, kind="product",
                                            title=title, description=description,
                                            licence="CC-BY-4.0")
        actions.publish_object(obj, actor="test")
    assert _titles("rekenen") == ["Rekenen rekenen", "Rekenen"]


def test_reindex_rebuilds_the_same_entries(portal_net):
    before = sorted(SearchEntry.objects.values_list("kind", "title", "terms"))
    assert search.reindex() == len(before)
    assert sorted(SearchEntry.objects.values_list("kind", "title", "terms")) == before
    assert set(_titles("leergemeenschap")) == {"PLG A", "Kaartenset begrijpend lezen"}


def test_only_creative_commons_products_can_be_public(portal_net):
    obj = portal_net.boundary_objects.get(key="b2")
    obj.licence = "MIT"
    obj.save()
    with pytest.raises(actions.PortalError):
        actions.publish_object(obj, actor="test")


def test_facet_counts_are_the_same_by_either_plan(portal_net, monkeypatch):
    """SQLite counts facets of many matches from the covering index: same counts."""
    queries = [("leergemeenschap", {}), ("leergemeenschap", {"kind": "product"}), ("", {}),
               ("lezen", {"province": "Overijssel"}), ("zwemmen", {})]
    few = [(search.search(q, f).facets, search.search(q, f).count) for q, f in queries]
    monkeypatch.setattr(search, "MANY_MATCHES", 0)
    many = [(search.search(q, f).facets, search.search(q, f).count) for q, f in queries]
    assert few == many
    assert few[1][1] == 1 and few[0][1] == 2
