"""The system picture can be downloaded as SVG and PNG, captioned, with full unit names."""

from __future__ import annotations

import re

import pytest

from olievlek.networks.models import Unit

pytestmark = pytest.mark.django_db

LONG = ("Professionele leergemeenschap voor wiskunde, natuurkunde en techniek in de bovenbouw "
        "van het voortgezet onderwijs Noord")


def text_of(svg: str) -> str:
    """The text a reader sees: every <text>, its <tspan> lines joined by spaces."""
    return re.sub(r"\s+", " ", " ".join(re.sub(r"<[^>]+>", " ", t)
                                        for t in re.findall(r"<text\b.*?</text>", svg, re.DOTALL)))


def test_svg_download_has_full_unit_names_and_a_caption(users, client_for, network):
    Unit.objects.filter(network=network, key="u-a").update(name=LONG)
    response = client_for(users["alice"]).get("/networks/testnet/system-picture.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert "attachment" in response["Content-Disposition"]
    svg = response.content.decode()
    assert LONG in text_of(svg)  # wrapped over lines, never cut off with "…"
    assert "Professionele leergemeenschap…" not in svg
    caption = svg[svg.index('<g class="caption"'):]
    assert "Testnetwerk" in caption
    assert re.search(r"\d{4}-\d{2}-\d{2}", caption)  # the day the memberships are of
    # Same people and units as the page, for the same viewer.
    page = client_for(users["alice"]).get("/networks/testnet/").content.decode()
    assert re.findall(r'data-unit="([^"]+)"', svg) == re.findall(
        r'data-unit="([^"]+)"', page[page.index('<svg class="systempicture"'):])


def test_png_download(users, client_for, network):
    response = client_for(users["alice"]).get("/networks/testnet/system-picture.png")
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_download_keeps_the_viewers_privacy(users, client_for, network):
    svg = client_for(users["bob"]).get("/networks/testnet/system-picture.svg").content.decode()
    assert "Anna Aardeweg" not in svg and "Bram Beukenhout" not in svg
    assert client_for(users["carol"]).get(
        "/networks/testnet/system-picture.svg").status_code == 404
