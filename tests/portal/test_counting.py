"""COUNTER-style view and download counts: robots out, double clicks within 30 s once, per
product and month, shown beside the recorded uses and never turned into uses."""

from __future__ import annotations

import datetime as dt

import pytest

from olievlek.portal import actions, counter
from olievlek.portal.models import UsageCount
from olievlek.portfolio.models import Use

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"


@pytest.mark.parametrize("agent", [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "curl/8.4.0", "python-requests/2.31", "Wget/1.21", "", "Mozilla/5.0",
    "facebookexternalhit/1.1",
])
def test_robots_by_the_counter_list(agent):
    assert counter.is_robot(agent)


def test_browsers_are_not_robots():
    assert not counter.is_robot(BROWSER)
    assert not counter.is_robot("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
                                "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")


def test_double_click_boundary():
    assert counter.is_double_click(0.0, 29.999)
    assert not counter.is_double_click(0.0, 30.0)
    assert not counter.is_double_click(None, 0.0)


@pytest.mark.django_db
def test_counts_per_month_with_double_clicks_and_robots(portal_net):
    obj = portal_net.boundary_objects.get(key="b1")
    t0 = dt.datetime(2025, 3, 31, 23, 59, 0, tzinfo=dt.UTC).timestamp()

    def hit(action="view", at=0.0, address="10.0.0.1", agent=BROWSER):
        return actions.count(obj, action, address=address, user_agent=agent, now=t0 + at)

    assert hit(at=0) is True
    assert hit(at=10) is False  # double click
    assert hit(at=39) is False  # within 30 s of the previous click
    assert hit(at=70) is True  # 31 s after the last: April now
    assert hit(address="10.0.0.2") is True  # another user
    assert hit("download", at=1) is True  # a download is another action
    assert hit(agent="Googlebot/2.1") is False
    rows = {(c.month.isoformat(), c.views, c.downloads) for c in UsageCount.objects.filter(object=obj)}
    assert rows == {("2025-03-01", 2, 1), ("2025-04-01", 1, 0)}
    assert not Use.objects.filter(object=obj).exists()  # never a use


@pytest.mark.django_db
def test_product_page_counts_views_and_shows_uses_beside_them(client, portal_net):
    obj = portal_net.boundary_objects.get(key="b1")
    pk = obj.publication.pk
    client.get(f"/portaal/producten/{pk}/", HTTP_USER_AGENT=BROWSER)
    page = client.get(f"/portaal/producten/{pk}/", HTTP_USER_AGENT=BROWSER).content.decode()
    assert 'data-views="1"' in page  # the reload within 30 s counted once
    assert 'data-uses="0"' in page
    client.get(f"/portaal/producten/{pk}/", HTTP_USER_AGENT="Googlebot/2.1")
    assert UsageCount.objects.get(object=obj).views == 1
    down = client.get(f"/portaal/producten/{pk}/download/", HTTP_USER_AGENT=BROWSER)
    assert down.status_code == 302 and down["Location"] == "https://example.org/kaarten"
    assert UsageCount.objects.get(object=obj).downloads == 1
    assert not Use.objects.exists()


@pytest.mark.django_db
def test_product_page_shows_licence_makers_and_follow_up(client, portal_net):
    from olievlek.portfolio.actions import open_follow_up

    obj = portal_net.boundary_objects.get(key="b1")
    token = open_follow_up(obj, actor="test")
    page = client.get(f"/portaal/producten/{obj.publication.pk}/").content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page
    assert f'href="/use/{token}/"' in page
    assert "Anna" not in page and "Cato" not in page  # makers without a profile: a number
    assert '"@type": "LearningResource"' in page
    assert '"license": "https://creativecommons.org/licenses/by/4.0/"' in page
    hidden = portal_net.boundary_objects.get(key="b2")
    assert not hasattr(hidden, "publication")
