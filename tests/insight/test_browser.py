"""The sociogram in a real browser: counts against the data, hover, focus, colour, filter."""

from __future__ import annotations

import pytest

from olievlek.surveys.models import Tie


def ties_in(network, wave: str, min_frequency: int) -> int:
    return Tie.objects.filter(wave__network=network, wave__label=wave, relation="advice",
                              frequency__gte=min_frequency).count()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sociogram_in_the_browser(page, live_server, users, network):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "password")
    page.locator("main button[type=submit], main input[type=submit]").first.click()
    page.goto(live_server.url + "/networks/testnet/waves/2024/sociogram/?min_frequency=1")

    nodes = page.locator("svg.sociogram g.node[data-person]")
    ties = page.locator("svg.sociogram line.tie")
    assert nodes.count() == 5  # p1-p4 and p6 answered or were named in 2024
    assert ties.count() == ties_in(network, "2024", 1) == 3

    # Hover: the tooltip shows the name, unit and in-degree from the node's own data.
    page.locator('g.node[data-person="p2"] circle').hover()
    tip = page.locator(".insight-tooltip")
    tip.wait_for(state="visible")
    assert "Bram Beukenhout" in tip.inner_text() and "Stuurgroep" in tip.inner_text()

    # Click: only p1 and the people tied to p1 stay bright.
    page.locator('g.node[data-person="p1"] circle').click()
    dim = page.locator("svg.sociogram g.node.dim")
    assert sorted(dim.evaluate_all("els => els.map(e => e.dataset.person)")) == ["p3", "p4", "p6"]
    assert page.locator("svg.sociogram line.tie.focus").count() == 1
    page.locator("svg.sociogram rect.background").click(position={"x": 5, "y": 5})
    assert dim.count() == 0

    # The keyboard does the same: Enter on a node focuses it, Escape shows everyone again.
    page.locator('g.node[data-person="p3"]').focus()
    page.keyboard.press("Enter")
    assert sorted(dim.evaluate_all("els => els.map(e => e.dataset.person)")) == ["p1", "p4", "p6"]
    page.keyboard.press("Escape")
    assert dim.count() == 0

    # Zoom with the wheel changes the drawing's transform.
    page.locator("svg.sociogram").hover()
    page.mouse.wheel(0, -300)
    assert "scale" in (page.locator("svg.sociogram g.viewport").get_attribute("transform") or "")

    # The zoom buttons zoom around the middle; reset shows the whole picture again. The
    # server-rendered SVG stays: same nodes, same data attributes.
    page.locator('button[data-zoom="reset"]').click()
    page.locator('button[data-zoom="in"]').click()
    transform = page.locator("svg.sociogram g.viewport").get_attribute("transform")
    assert "scale(1.25)" in transform
    page.locator('button[data-zoom="reset"]').click()
    assert "scale(1)" in page.locator("svg.sociogram g.viewport").get_attribute("transform")
    assert nodes.count() == 5 and page.locator('line.tie[data-source="p2"][data-target="p1"]').count() == 1

    # Non-respondents (p6 was invited and did not answer) are drawn hollow and explained; p4
    # only started but named p2, so their answers are in.
    responded = nodes.evaluate_all("els => els.map(e => [e.dataset.person, e.dataset.responded])")
    assert dict(responded) == {"p1": "1", "p2": "1", "p3": "1", "p4": "1", "p6": "0"}
    assert page.locator("g.legend circle.non-respondent-key").count() == 1
    assert page.locator('g.node[data-person="p6"] circle').get_attribute("stroke-dasharray")
    assert not page.locator('g.node[data-person="p4"] circle').get_attribute("stroke-dasharray")

    # Search a person by name: they stand out, everyone else fades, the count says one.
    search = page.locator("input[data-search]")
    search.fill("bram")
    matches = page.locator("svg.sociogram g.node.match")
    assert matches.evaluate_all("els => els.map(e => e.dataset.person)") == ["p2"]
    assert page.locator("svg.sociogram.searching").count() == 1
    assert page.locator(".search-count").inner_text().startswith("1 ")
    # ... or a unit by its name: all its people.
    search.fill("stuurgroep")
    in_unit = nodes.evaluate_all(
        "els => els.filter(e => e.dataset.unitname === 'Stuurgroep').map(e => e.dataset.person)")
    assert in_unit and matches.evaluate_all("els => els.map(e => e.dataset.person)") == in_unit
    search.fill("")
    assert matches.count() == 0 and page.locator("svg.sociogram.searching").count() == 0

    # Colour by process: the page reloads, the legend shows the coordination colour.
    with page.expect_navigation():
        page.select_option("select[name=colour]", "process")
    assert "colour=process" in page.url
    assert page.locator('g.legend circle[fill="#1f5f8b"]').count() == 1

    # Filter: minimum frequency 4, then one unit.
    with page.expect_navigation():
        page.select_option("select[name=min_frequency]", "4")
    assert page.locator("svg.sociogram line.tie").count() == ties_in(network, "2024", 4) == 2
    with page.expect_navigation():
        page.select_option("select[name=unit]", "u-a")
    assert page.locator("svg.sociogram g.node[data-person]").count() == 3
