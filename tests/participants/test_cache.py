"""The participants study and the PNG downloads come from the shared cache when nothing changed."""

from __future__ import annotations

from unittest import mock

from olievlek import pictures
from olievlek.accounts.access import viewer
from olievlek.participants import actions

NET = "/networks/testnet/participants/"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10" viewBox="0 0 20 10"><rect width="{w}" height="10" fill="#c00"/></svg>'


def test_png_rendered_once_per_picture(db):
    from olievlek.insight import svg

    real = svg.to_png
    with mock.patch.object(svg, "to_png", side_effect=real) as spy:
        first = pictures.png_for(SVG.format(w=10))
        second = pictures.png_for(SVG.format(w=10))
        assert spy.call_count == 1  # the second download did not render
        assert first == second == real(SVG.format(w=10))
        changed = pictures.png_for(SVG.format(w=15))
        assert spy.call_count == 2 and changed != first


def test_system_picture_png_downloads_render_once(users, client_for, network):
    from olievlek.insight import svg

    client = client_for(users["alice"])
    url = f"/networks/{network.slug}/system-picture.png"
    with mock.patch.object(svg, "to_png", side_effect=svg.to_png) as spy:
        first = client.get(url)
        second = client.get(url)
    assert first.status_code == 200 and first.content == second.content
    assert spy.call_count == 1


def test_study_built_once_per_data_version(users, network):
    v = viewer(users["alice"])
    with mock.patch.object(actions, "study_for", side_effect=actions.study_for) as spy:
        first = actions.cached_study([network], "2024", v)
        again = actions.cached_study([network], "2024", v)
        assert spy.call_count == 1
        assert again.people.equals(first.people)
        # a new response (p5 was not invited in 2024) is new data: a new study
        from olievlek.surveys.models import Response, Wave

        wave = Wave.objects.get(network=network, label="2024")
        Response.objects.create(wave=wave, person=network.people.get(key="p5"), status="complete")
        changed = actions.cached_study([network], "2024", v)
        assert spy.call_count == 2
        assert int(changed.people["respondent"].sum()) == int(first.people["respondent"].sum()) + 1


def test_viewers_with_different_rights_never_share_a_study(users, network):
    with mock.patch.object(actions, "study_for", side_effect=actions.study_for) as spy:
        actions.cached_study([network], "2024", viewer(users["alice"]))
        actions.cached_study([network], "2024", viewer(users["bob"]))
        assert spy.call_count == 2


def test_chart_download_reuses_the_cached_study(users, client_for, network):
    client = client_for(users["alice"])
    assert client.get(NET).status_code == 200
    with mock.patch.object(actions, "study_for", side_effect=actions.study_for) as spy:
        svg = client.get(NET + "download/background_education_level.svg")
        png = client.get(NET + "download/background_education_level.png")
        png_again = client.get(NET + "download/background_education_level.png")
    assert svg.status_code == png.status_code == 200
    assert png.content == png_again.content
    assert spy.call_count == 0
