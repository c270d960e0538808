"""In a real browser, under the Content-Security-Policy: the case report's draft saves itself
as the researcher types (reports/autosave.js), and is there after a reload."""

from __future__ import annotations

import pytest

from tests.web.test_browser_csp import RECORD, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_draft_autosaves(live_server, browser, users, network, monkeypatch):
    monkeypatch.setattr("olievlek.pictures.png_for", lambda svg, scale=2.0: b"")
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(RECORD)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/networks/")

    page.goto(f"{live_server.url}/networks/testnet/reports/2025/")
    with page.expect_response(lambda r: r.url.endswith("/autosave/")) as saved:
        page.fill("#text-inleiding", "Het netwerk **groeit**, zie [[fig:sociogram]].")
    assert saved.value.status == 200
    page.locator('[data-autosave-status="inleiding"]').filter(has_text="Opgeslagen").wait_for()
    assert violations(page, console) == []

    page.reload()
    assert page.input_value("#text-inleiding") == "Het netwerk **groeit**, zie [[fig:sociogram]]."
    assert network.case_reports.get(year=2025).texts["inleiding"].startswith("Het netwerk")
    context.close()
