"""In a real browser: log in through the form, read the system picture, switch language."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dutch_page(browser):
    """A browser whose user prefers Dutch, as the network members' browsers do."""
    context = browser.new_context(locale="nl-NL")
    yield context.new_page()
    context.close()


def test_researcher_reads_the_system_picture_and_switches_to_english(live_server, dutch_page,
                                                                      users, network):
    page = dutch_page
    page.goto(f"{live_server.url}/networks/testnet/")
    assert "/accounts/login/" in page.url  # anonymous: sent to the login form first
    page.fill("#id_username", "alice")
    page.fill("#id_password", "password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/networks/testnet/")

    svg = page.locator("svg.systempicture")
    assert svg.is_visible()
    units = svg.locator("[data-unit]")
    assert units.count() == network.units.count() == 3
    assert sorted(units.evaluate_all("els => els.map(e => e.dataset.unit)")) == [
        "u-a", "u-b", "u-stuur"]
    pins = svg.locator('[data-pin="1"]')
    assert pins.evaluate_all("els => els.map(e => e.dataset.person)") == ["p2", "p2"]
    # a pin is drawn bold with the accent marker; others are not
    assert pins.first.locator("text").get_attribute("font-weight") == "700"
    assert svg.locator('.member:not(.pin) text[font-weight="700"]').count() == 0

    # hovering a linking pin highlights them in every unit they sit in
    pins.first.hover()
    assert svg.locator('[data-person="p2"].highlight').count() == 2

    assert page.locator("header nav").inner_text().strip().startswith("Netwerken")
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    assert page.url == f"{live_server.url}/networks/testnet/"
    assert "Networks" in page.locator("header nav").inner_text()
    assert page.locator("#h-picture").inner_text() == "System picture"
    assert page.locator("html").get_attribute("lang") == "en"
