"""The whole questionnaire in headless Chromium: answer, close the page halfway, reopen the
link, resume, submit (twice, as a double click), and check what the database holds."""

from __future__ import annotations

import pytest

from olievlek.surveys.models import AnswerVersion, Response, Tie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def saved(page, action):
    """Do ``action`` and wait until the autosave it causes has been acknowledged."""
    with page.expect_response(lambda r: r.url.endswith("/api/v1/questionnaire/answers")
                              and r.request.method == "PUT" and r.ok, timeout=15000):
        action()


def test_fill_close_resume_submit(live_server, page, network, links):
    inv = links["p3"]
    url = f"{live_server.url}/q/{inv.token}/"
    anna, bram = network.people.get(key="p1"), network.people.get(key="p2")
    page.goto(url)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Testnetwerk")

    saved(page, lambda: page.get_by_label("Ik heb dit gelezen en doe mee.").check())
    saved(page, lambda: page.get_by_label("Hoogste opleidingsniveau").select_option("hbo"))
    saved(page, lambda: page.get_by_label("Rol binnen het netwerk").fill("leraar-onderzoeker"))

    # the roster: search by name, tick Anna; her follow-up questions appear
    page.fill("#adv-search", "anna")
    assert page.locator("#adv-list li:visible").count() == 1
    detail = page.locator(f"#adv-{anna.pk}")
    assert detail.is_hidden()
    saved(page, lambda: page.get_by_label("Anna Aardeweg", exact=True).first.check())
    assert detail.is_visible()  # made from the page's <template>: the server sent none for her
    assert detail.locator("legend").inner_text() == "Anna Aardeweg"
    assert page.get_by_label("Hoe vaak vraag je om advies?").count() == 1
    saved(page, lambda: page.select_option(f"#adv-{anna.pk}-frequency", "4"))
    saved(page, lambda: page.fill(f"#adv-{anna.pk}-topic", "onderzoeksopzet"))
    r = Response.objects.get(wave=inv.wave, person=inv.person)
    assert r.status == "partial"
    assert r.answers["advice"][str(anna.pk)] == {"frequency": 4, "usefulness": None, "topic": "onderzoeksopzet"}

    # close the page halfway and open the link again: everything is still there
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(url)
    assert page.is_checked("#consent")
    assert page.input_value("#bg-rol") == "leraar-onderzoeker"
    assert page.is_checked(f"#adv-tick-{anna.pk}")
    assert page.input_value(f"#adv-{anna.pk}-frequency") == "4"

    saved(page, lambda: page.select_option(f"#adv-{anna.pk}-usefulness", "5"))
    assert page.locator(f"#mot-{bram.pk}").is_hidden()  # motivation rows only for those ticked
    saved(page, lambda: page.check(f"#mot-tick-{bram.pk}"))
    assert page.locator(f"#mot-{bram.pk}").is_visible()
    saved(page, lambda: page.check(f"#mot-tick-{anna.pk}"))  # Anna comes before Bram, in roster order
    ids = page.eval_on_selector_all("#motivation-details .detail", "els => els.map(e => e.id)")
    assert ids.index(f"mot-{anna.pk}") < ids.index(f"mot-{bram.pk}")
    saved(page, lambda: page.uncheck(f"#mot-tick-{anna.pk}"))
    assert page.locator(f"#mot-{anna.pk}").is_hidden()
    saved(page, lambda: page.select_option(f"#mot-{bram.pk}-frequency", "3"))

    # keyboard: the submit button is reachable and labelled; a double click sends once or twice,
    # the server keeps one response either way
    page.locator("#submit-button").dblclick()
    page.wait_for_url("**?submitted=1", timeout=15000)
    assert page.locator("#done").is_visible()

    r = Response.objects.get(wave=inv.wave, person=inv.person)
    assert r.status == "complete"
    assert AnswerVersion.objects.filter(wave=inv.wave, person=inv.person).count() == 1
    ties = sorted(Tie.objects.filter(wave=inv.wave, source=inv.person)
                  .values_list("target__key", "relation", "frequency", "usefulness", "topic"))
    assert ties == [("p1", "advice", 4, 5, "onderzoeksopzet"), ("p2", "motivation", 3, None, "")]
    inv.person.refresh_from_db()
    assert (inv.person.function, inv.person.education_level) == ("leraar-onderzoeker", "hbo")


def test_missing_answers_are_announced(live_server, page, network, links):
    inv = links["p6"]
    anna = network.people.get(key="p1")
    page.goto(f"{live_server.url}/q/{inv.token}/")
    saved(page, lambda: page.check("#consent"))
    saved(page, lambda: page.check(f"#adv-tick-{anna.pk}"))
    page.click("#submit-button")
    errors = page.locator("#form-errors")
    errors.wait_for(state="visible")
    assert "Anna Aardeweg" in errors.inner_text()
    assert page.evaluate("document.activeElement.id") == "form-errors"  # focus moves to the errors
    assert Response.objects.get(wave=inv.wave, person=inv.person).status == "partial"


def test_older_tab_is_refused_and_shows_the_newer_answers(live_server, page, network, links):
    """Two tabs on one link: the newer tab's save stands; the older tab's save is refused, and
    that tab reloads with the newer answers and says why."""
    inv = links["p5"]
    url = f"{live_server.url}/q/{inv.token}/"
    page.goto(url)
    saved(page, lambda: page.check("#consent"))
    older = page
    newer = page.context.new_page()
    newer.goto(url)
    saved(newer, lambda: newer.get_by_label("Rol binnen het netwerk").fill("nieuwe rol"))

    with older.expect_response(lambda r: r.url.endswith("/api/v1/questionnaire/answers")
                               and r.status == 409, timeout=15000):
        older.get_by_label("Rol binnen het netwerk").fill("oude rol")
    older.wait_for_url("**?stale=1", timeout=15000)
    assert older.input_value("#bg-rol") == "nieuwe rol"
    assert "in een ander venster of tabblad gewijzigd" in older.locator("#form-errors").inner_text()
    assert older.locator("#form-errors").is_visible()
    assert Response.objects.get(wave=inv.wave, person=inv.person).answers["background"]["rol"] == "nieuwe rol"

    # the reloaded tab is current again: its next save lands
    saved(older, lambda: older.get_by_label("Rol binnen het netwerk").fill("nog nieuwere rol"))
    assert Response.objects.get(wave=inv.wave, person=inv.person).answers["background"]["rol"] == "nog nieuwere rol"


def test_closing_a_wave_asks_first_and_can_be_undone(live_server, page, users, network, wave, links):
    """Without any script: the close button leads to a page saying what will happen; confirming
    closes the wave, and the wave's page offers to reopen it."""
    page.context.set_extra_http_headers({"Accept-Language": "en"})
    page.goto(f"{live_server.url}/accounts/login/?next=/networks/testnet/waves/2026/responses/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "password")
    page.click("button[type=submit]")
    page.wait_for_url("**/waves/2026/responses/")
    page.click("button[value=close]")
    assert "all 5 personal links stop working" in page.locator("#confirm-what").inner_text()
    page.click("#confirm-cancel")
    page.wait_for_url("**/waves/2026/responses/")
    wave.refresh_from_db()
    assert wave.closed_at is None

    page.click("button[value=close]")
    page.click("#confirm-button")
    page.wait_for_url("**/waves/2026/responses/")
    wave.refresh_from_db()
    assert wave.closed_at is not None
    page.click("button[value=reopen]")
    page.wait_for_url("**/waves/2026/responses/")
    assert page.locator("button[value=close]").is_visible()
    wave.refresh_from_db()
    assert wave.closed_at is None
