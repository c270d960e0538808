"""The portfolio in a real browser: register a use through the form, and the oil stain loads."""

from __future__ import annotations

import pytest


@pytest.mark.browser
def test_register_a_use_and_see_the_stain(transactional_db, users, live_server, page):
    from olievlek.portfolio.models import BoundaryObject

    network = users["bob"].profile.network
    network.organisations.filter(key="o2").update(municipality="GM0164")
    BoundaryObject.objects.create(network=network, key="k1", title="Kaartenset", kind="product",
                                  status="gerealiseerd", date="2024-01-01")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "bob")
    page.fill("input[name=password]", "password")
    page.click("button[type=submit], input[type=submit]")
    page.goto(f"{live_server.url}/networks/testnet/portfolio/")
    page.click('tr[data-object="k1"] a')
    page.click("#h-uses ~ details summary")
    form = page.locator("form:has(input[name=form][value=use])")
    form.locator("input[name=date]").fill("2024-03-01")
    form.locator("select[name=organisation]").select_option(label="Basisschool De Linde")
    form.locator("select[name=use]").select_option("toegepast")
    form.locator("button[type=submit]").click()
    assert page.locator("table.uses tbody tr").count() == 1
    img = page.locator("img.oil-stain")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    page.goto(f"{live_server.url}/networks/testnet/olievlek/")
    assert page.locator('[data-key="uses"]').inner_text() == "1"
