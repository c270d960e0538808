"""Governance in a real browser: a coordinator records the year's fees, sees what the network
is short of, and a group's application is refused with the rule that decided."""

from __future__ import annotations

import pytest


@pytest.mark.browser
def test_record_fees_and_apply_for_support(transactional_db, users, live_server, page):
    from olievlek.governance.models import Fee, Grant

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "bob")
    page.fill("input[name=password]", "password")
    page.click("button[type=submit], input[type=submit]")
    page.goto(f"{live_server.url}/networks/testnet/governance/")
    assert page.locator("[data-empty]").count() == 1
    page.goto(f"{live_server.url}/networks/testnet/governance/fees/2025/")
    for box in page.locator("input[type=checkbox]").all():
        box.check()
    page.click("main form button[type=submit]")
    assert Fee.objects.filter(year=2025, paid=True).count() == 2
    assert page.locator('[data-conditions] [data-met="0"]').count() == 2
    assert "8 paying organisations short" in page.locator("[data-conditions]").inner_text()  # browser: English
    page.goto(f"{live_server.url}/networks/testnet/governance/apply/")
    page.select_option("select[name=unit]", label="PLG A")
    page.fill("input[name=year]", "2025")
    page.fill("textarea[name=goal]", "Begrijpend lezen")
    page.fill("input[name=hours]", "40")
    page.fill("input[name=date]", "2025-02-01")
    page.click("main form button[type=submit]")
    assert page.locator('[data-grants] [data-decision="refused"]').count() == 1
    assert Grant.objects.get().rule == "organisations"
