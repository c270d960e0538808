"""Running a network from the browser: upload a package, edit a membership, invite a
coordinator who activates their account and sees only their own network."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from olievlek.networks.models import Membership
from olievlek.package import write_package
from tests.networks.test_upload import changed_package

LINK = re.compile(r"https?://[^/\s]+(/accounts/activate/[^/\s]+/)")


def log_in(page, url, username, password):
    page.goto(url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url("**/networks/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_manage_a_network_in_the_browser(page, live_server, users, network, other_network,
                                         tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    url = live_server.url
    log_in(page, url, "alice", "password")

    # Upload: a package with a problem is refused with file, row and column.
    bad = changed_package()
    bad.people.loc[0, "sector"] = "kleuterschool"
    page.goto(url + "/networks/testnet/import/")
    page.set_input_files("input[name=package]", str(write_package(bad, tmp_path / "fout.zip")))
    page.locator("form.upload button[type=submit]").click()
    row = page.locator("table.problems tbody tr").first
    assert row.locator("td").all_inner_texts()[:3] == ["people.csv", "2", "sector"]
    assert not network.people.filter(key="p7").exists()

    # The corrected package: a preview first, then the import.
    page.set_input_files("input[name=package]",
                         str(write_package(changed_package(), tmp_path / "goed.zip")))
    page.locator("form.upload button[type=submit]").click()
    assert page.locator('[data-item="people-added"]').inner_text() == "1"
    assert page.locator('[data-item="memberships-replaced"]').inner_text() == "1"
    assert not network.people.filter(key="p7").exists()
    page.locator("button[name=confirm]").click()
    page.wait_for_url(url + "/networks/testnet/")
    assert page.locator('tr[data-person="p7"]').count() == 1

    # Sortable table: the people sorted by function, in the browser.
    header = page.locator("table.people thead th").nth(2).locator("button.sort")
    header.click()
    functions = page.locator("table.people tbody tr td:nth-child(3)").all_inner_texts()
    assert functions == sorted(functions, key=str.lower)
    header.click()
    assert page.locator("table.people tbody tr td:nth-child(3)").all_inner_texts() == sorted(
        functions, key=str.lower, reverse=True)

    # Edit a membership: p3 leaves team A.
    page.goto(url + "/networks/testnet/people/p3/")
    page.locator("a[data-membership]").first.click()
    page.fill("input[name=end]", "2025-07-31")
    page.locator("form.record-form button[type=submit]").click()
    page.wait_for_url(url + "/networks/testnet/people/p3/")
    assert "2025-07-31" in page.locator("table.memberships").inner_text()
    assert str(Membership.objects.get(person__network=network, person__key="p3").end) == "2025-07-31"

    # Invite a coordinator for testnet.
    page.goto(url + "/accounts/users/invite/")
    page.fill("input[name=email]", "nina@school.example")
    page.select_option("select[name=role]", "coordinator")
    page.select_option("select[name=network]", str(network.pk))
    page.locator("form.record-form button[type=submit]").click()
    page.wait_for_url(url + "/accounts/users/")
    assert page.locator('tr[data-user="nina@school.example"]').count() == 1
    [invitation] = mail.outbox
    path = LINK.search(invitation.body).group(1)

    # Nina activates her account in a fresh browser context and sees only her network.
    page.context.clear_cookies()
    page.goto(url + path)
    page.fill("input[name=new_password1]", "leesnetwerk-twente-2025")
    page.fill("input[name=new_password2]", "leesnetwerk-twente-2025")
    page.locator("form.record-form button[type=submit]").click()
    page.wait_for_url(url + "/networks/")
    rows = page.locator("table.networks tbody tr")
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.network)") == ["testnet"]
    assert page.goto(url + "/networks/othernet/").status == 404
    # Under pseudonyms: the people she sees carry no names.
    page.goto(url + "/networks/testnet/")
    assert "Cato Cederveld" not in page.content()
    assert page.goto(url + path).status == 410  # the link worked once


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_ego_network_link_opens_the_focused_sociogram(page, live_server, users, network):
    log_in(page, live_server.url, "alice", "password")
    page.goto(live_server.url + "/networks/testnet/people/p1/")
    page.locator("a[data-ego]").click()
    page.wait_for_selector("svg.sociogram.focused")
    assert page.locator('g.node[data-person="p1"][data-focused="1"]').count() == 1
    assert page.locator("svg.sociogram g.node.dim").count() > 0
