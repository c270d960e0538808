"""Accessibility (WCAG 2.1 AA) of the portal's public pages, in Dutch and English: axe-core
(bundled with the axe-playwright-python package, nothing fetched at test time) finds no
serious or critical violation on the start page, search results, a person, a group and a
product."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


def _serious(results: dict) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("locale, lang", [("nl-NL", "nl"), ("en-GB", "en")])
def test_portal_pages_have_no_serious_accessibility_violations(live_server, browser, portal_net,
                                                                locale, lang):
    from axe_playwright_python.sync_playwright import Axe

    from olievlek.portal import actions, search

    profile = actions.save_profile(portal_net.people.get(key="p1"), name="Anna Aardeweg",
                                   role="lector", organisation="Hogeschool Noord",
                                   expertise_kinds=["onderzoek-begeleiden"],
                                   expertise="praktijkgericht onderzoek", actor="test")
    search.reindex([portal_net])
    group = portal_net.units.get(key="u-a").publication
    product = portal_net.boundary_objects.get(key="b1").publication
    pages = ["/portaal/", "/portaal/zoeken/?q=leergemeenschappen",
             f"/portaal/mensen/{profile.pk}/", f"/portaal/groepen/{group.pk}/",
             f"/portaal/producten/{product.pk}/"]
    context = browser.new_context(locale=locale)
    page = context.new_page()
    axe = Axe()
    found = {}
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200
        assert page.locator("html").get_attribute("lang") == lang
        problems = _serious(axe.run(page, options=WCAG_AA).response)
        if problems:
            found[path] = problems
    # The check is no formality: the same run finds an image without a text alternative.
    page.set_content('<html lang="nl"><body><main><img src="/x.png"></main></body></html>')
    assert any(p.startswith("image-alt") for p in _serious(axe.run(page, options=WCAG_AA)
                                                           .response))
    context.close()
    assert found == {}
