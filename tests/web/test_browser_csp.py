"""The main pages under the Content-Security-Policy in a real browser: no violation reported,
and the scripts the policy allows still work (language switch, sociogram, autosave)."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script; the policy does not apply to scripts the test driver injects.
RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(browser):
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(RECORD)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    yield page, console
    context.close()


def violations(page, console) -> list[str]:
    reported = page.evaluate("window.__csp || []")
    logged = [m for m in console if "Content Security Policy" in m or "Content-Security-Policy" in m]
    return reported + logged


def test_main_pages_run_under_the_policy(live_server, watched, users, network):
    from olievlek.surveys import actions

    page, console = watched
    wave = actions.create_wave(network, "2030", opens=dt.date(2020, 1, 1), closes=dt.date(2099, 1, 1),
                               actor="test")
    actions.invite(wave, actor="test", send=False)
    token = wave.invitations.get(person__key="p3").token

    # The questionnaire: ticking a colleague autosaves through the API (questionnaire.js).
    page.goto(f"{live_server.url}/q/{token}/")
    assert page.locator("h1").count() == 1
    page.locator("input[name=consent]").check()
    with page.expect_response(lambda r: "/api/v1/questionnaire/answers" in r.url) as saved:
        page.locator("input[name=advice]").first.check()
    assert saved.value.status == 200
    assert violations(page, console) == []

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/networks/")

    pages = ["/networks/testnet/", "/networks/testnet/waves/2024/sociogram/",
             "/networks/testnet/participants/", "/networks/testnet/waves/",
             "/networks/testnet/waves/2030/responses/"]
    for url in pages:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        if "sociogram" in url:  # the tooltip is placed by script (CSSOM, which the policy allows)
            page.locator("svg.sociogram g.node[data-person] circle").first.hover()
            page.locator(".insight-tooltip").wait_for(state="visible")
        assert violations(page, console) == [], url

    # The language switch works without its former inline onchange handler.
    page.goto(live_server.url + "/networks/testnet/")
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations(page, console) == []
