"""The portal in a real browser, anonymous, under the Content-Security-Policy: the home page,
a search whose Dutch plural finds a product written in the singular, and the product page
with its schema.org JSON-LD data block (which must not raise a CSP violation)."""

from __future__ import annotations

import json

import pytest

from tests.web.test_browser_csp import RECORD, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_searches_and_opens_a_product(live_server, browser, portal_net):
    from olievlek.portal import search

    search.reindex([portal_net])  # the index as `olievlek portal reindex` builds it
    product = portal_net.boundary_objects.get(key="b1").publication
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(RECORD)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))

    response = page.goto(f"{live_server.url}/portaal/")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("h1").count() == 1
    assert violations(page, console) == []

    # "leergemeenschappen" finds the product whose text only says "leergemeenschap".
    page.goto(f"{live_server.url}/portaal/zoeken/?q=leergemeenschappen")
    hit = page.locator("ol.results li[data-kind=product] a")
    assert hit.count() == 1 and hit.text_content() == "Kaartenset begrijpend lezen"
    assert page.locator("ol.results li", has_text="Intern verslag").count() == 0  # not public
    assert violations(page, console) == []

    with page.expect_navigation():
        hit.click()
    assert page.url == f"{live_server.url}/portaal/producten/{product.pk}/"
    blocks = page.locator('script[type="application/ld+json"]')
    assert blocks.count() >= 1
    data = json.loads(blocks.first.text_content())
    assert data["@type"] == "LearningResource" and data["name"] == "Kaartenset begrijpend lezen"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    page.wait_for_load_state("load")
    assert violations(page, console) == []
    context.close()
