"""Activities in a real browser: record one through the form, score a unit in the monitor."""

from __future__ import annotations

import pytest


@pytest.mark.browser
def test_record_an_activity_and_score_a_unit(transactional_db, users, live_server, page):
    from olievlek.activities.models import Activity, Score

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "bob")
    page.fill("input[name=password]", "password")
    page.click("button[type=submit], input[type=submit]")
    page.goto(f"{live_server.url}/networks/testnet/activities/new/")
    page.fill("input[name=key]", "a1")
    page.fill("input[name=date]", "2024-10-01")
    page.fill("input[name=title]", "Netwerkdag")
    page.select_option("select[name=kind]", "bijeenkomst")
    page.check("input[name=process_codes][value=kennisdeling]")
    page.locator("select[name=people]").select_option(index=[0, 2])
    page.fill("textarea[name=guests]", "Gemeente Almelo")
    page.click("form.stacked button[type=submit]")
    assert page.locator("ul[data-attendees] li").count() == 2
    activity = Activity.objects.get(key="a1")
    assert activity.attendance.count() == 3
    page.goto(f"{live_server.url}/networks/testnet/monitor/")
    page.fill("input[name=label]", "2024-najaar")
    page.click("form.stacked button[type=submit]")
    page.click("text=PLG A")
    page.select_option("select[name=score_urgentie]", "red")
    page.fill("textarea[name=explanation_urgentie]", "weinig tijd")
    page.click("form.stacked button[type=submit]")
    assert page.locator('[data-factor="urgentie"] [data-score="red"]').count() == 1
    assert Score.objects.get().explanation == "weinig tijd"
