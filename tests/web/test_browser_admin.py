"""The Django admin under our Content-Security-Policy, in a real browser: its pages load with
no violation reported, and the admin's own scripts still work (select all + bulk action
counter on a changelist; on a person's change form the membership inline's "add another",
the date widget's calendar and "Today", and the unit autocomplete); saving is audited."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.web.test_browser_csp import RECORD, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_page(browser, live_server, network):
    get_user_model().objects.create_superuser("root", "root@example.org", "password")
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(RECORD)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    page.on("pageerror", lambda exc: console.append(f"page error: {exc}"))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    yield page, console
    context.close()


def goto(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("load")


def test_admin_pages_and_their_scripts_run_under_the_policy(admin_page, live_server, network):
    from olievlek.accounts.models import AuditEntry
    from olievlek.networks.models import Membership

    page, console = admin_page
    base = live_server.url
    assert violations(page, console) == []  # the index, with the sidebar and theme scripts

    # Changelist: "select all" ticks every row and the action counter (actions.js) follows.
    goto(page, f"{base}/admin/networks/person/")
    rows = page.locator("#result_list tbody input.action-select").count()
    assert rows == network.people.count()
    page.locator("#action-toggle").check()
    assert page.locator("#result_list tbody input.action-select:checked").count() == rows
    assert page.locator(".action-counter").inner_text().startswith(f"{rows} ")
    # the filter sidebar and search take the same policy
    goto(page, f"{base}/admin/networks/person/?q=p2&sector__exact=po")
    assert violations(page, console) == []

    # Change form of a person with a membership inline (inlines.js, calendar, autocomplete).
    person = network.people.get(key="p6")
    before = Membership.objects.filter(person=person).count()
    unit = network.units.order_by("key").first()
    goto(page, f"{base}/admin/networks/person/{person.pk}/change/")
    page.locator("#memberships-group .add-row a").click()
    row = f"#memberships-{before}"
    page.locator(row).wait_for(state="visible")
    # the date widget: the calendar opens, and "Today" fills the field
    page.locator(f"{row} .field-start .datetimeshortcuts a").last.click()
    page.locator(".calendarbox:visible").wait_for()
    page.keyboard.press("Escape")
    page.locator(f"{row} .field-start .datetimeshortcuts a").first.click()
    assert page.locator(f"#id_memberships-{before}-start").input_value() != ""
    # the unit autocomplete (select2 over /admin/autocomplete/)
    page.locator(f"{row} .field-unit .select2-selection").click()
    page.locator(".select2-search__field").fill(unit.name[:4])
    page.locator(".select2-results__option", has_text=unit.name).first.click()
    page.fill(f"#id_memberships-{before}-role", "leraar")
    page.click("input[name=_save]")
    page.wait_for_url(f"{base}/admin/networks/person/")
    assert Membership.objects.filter(person=person).count() == before + 1
    assert AuditEntry.objects.filter(action="admin_change", object_type="membership",
                                     object_key="p6").exists()

    # A plain add form and a delete confirmation page.
    goto(page, f"{base}/admin/networks/membership/add/")
    goto(page, f"{base}/admin/networks/unit/{unit.pk}/delete/")
    assert violations(page, console) == []
    assert not [m for m in console if m.startswith("page error")], console
