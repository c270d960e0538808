"""The participants page in a real browser: tables render and every chart image loads."""

from __future__ import annotations

import pytest


@pytest.mark.browser
def test_charts_load_in_the_browser(transactional_db, users, live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "password")
    page.click("button[type=submit], input[type=submit]")
    page.goto(f"{live_server.url}/networks/testnet/participants/")
    assert page.locator('table[data-table="background_education_level"]').count() == 1
    images = page.locator(".charts img")
    assert images.count() == 4  # three background charts and the roles of testnet
    for i in range(images.count()):
        img = images.nth(i)
        img.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    assert "Testnetwerk" in page.title()
