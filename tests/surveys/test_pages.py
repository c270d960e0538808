"""The questionnaire page (without JavaScript) and the staff pages for waves."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core import mail

from olievlek.surveys.models import Invitation, Response, Tie

from .conftest import pk

pytestmark = pytest.mark.django_db
REFERENCE = Path("/work/shared/reference/sna_questionnaire.json")


def test_questionnaire_opens_in_dutch_with_the_reports_wording(client, network, links):
    r = client.get(f"/q/{links['p3'].token}/")
    assert r.status_code == 200
    html = r.content.decode()
    if REFERENCE.exists():
        ref = json.loads(REFERENCE.read_text())
        texts = [i["text"] for part in ref["parts"] for i in part["items"]]
    else:  # the report's wording, as in Bijlage 3
        texts = ["Hoe vaak vraag jij collega’s om advies in jullie regionaal kennisnetwerk?"]
    for text in texts:
        assert text in html, text
    assert "nooit" in html and "heel vaak" in html and "erg onbruikbaar" in html
    assert "De onderzoekers zien je antwoorden met namen" in html  # who sees what, first
    assert "gepseudonimiseerde" in html
    assert html.index('id="consent"') < html.index('id="bg-rol"')
    # the roster is grouped by unit, the respondent is not on it
    assert html.index("<legend>Stuurgroep</legend>") < html.index("Anna Aardeweg")
    assert "Cato Cederveld" in html  # in the heading
    assert f'name="advice" value="{links["p3"].person.pk}"' not in html


def test_questionnaire_in_english(client, network, wave, links):
    client.cookies["django_language"] = "en"  # the respondent switched
    html = client.get(f"/q/{links['p3'].token}/").content.decode()
    assert "How often do you ask colleagues for advice in your regional knowledge network?" in html
    assert "Highest level of education" in html
    client.cookies.clear()
    assert "Hoogste opleidingsniveau" in client.get(f"/q/{links['p3'].token}/").content.decode()
    wave.language = "en"  # a wave in English
    wave.save()
    html = client.get(f"/q/{links['p3'].token}/").content.decode()
    assert "Highest level of education" in html and "very often" in html


@pytest.mark.parametrize("token", ["A" * 43, "short", "../../etc/passwd", "x" * 500])
def test_unknown_links_get_a_friendly_404(client, network, links, token):
    r = client.get(f"/q/{token}/")
    assert r.status_code == 404
    assert "invitation" in r.content.decode().lower() or "uitnodiging" in r.content.decode().lower()


def test_revoked_and_closed_links_get_404_and_guessing_is_limited(client, network, wave, links, settings):
    from olievlek.surveys import actions

    old = links["p3"].token
    actions.reissue(wave, links["p3"].person, actor="test")
    assert client.get(f"/q/{old}/").status_code == 404
    actions.close_wave(wave, actor="test")
    assert client.get(f"/q/{links['p6'].token}/").status_code == 404
    settings.SURVEY_TOKEN_MISSES = 3
    assert client.get(f"/q/{old}/").status_code == 404  # the same link again: still 2 misses
    assert client.get(f"/q/{'Z' * 43}/").status_code == 404  # a third distinct miss
    assert client.get(f"/q/{'Y' * 43}/").status_code == 429
    assert client.get(f"/q/{links['p5'].token}/").status_code == 429  # a closed wave's link is a miss


def test_form_post_without_javascript_saves_then_submits(client, network, wave, links):
    url = f"/q/{links['p3'].token}/"
    p1, p2 = pk(network, "p1"), pk(network, "p2")
    r = client.post(url, {"action": "save", "bg-rol": "leraar"})  # no consent: nothing kept
    assert Response.objects.get(wave=wave, person__key="p3").status == "invited"
    r = client.post(url, {"action": "save", "consent": "1", "bg-rol": "leraar", "advice": [p1, p2],
                          f"adv-{p1}-frequency": "5"})
    assert r.status_code == 302
    html = client.get(r["Location"]).content.decode()
    assert 'value="leraar"' in html and f'id="adv-{p1}" hidden' not in html  # details shown for ticked
    r = client.post(url, {"action": "submit", "consent": "1", "bg-rol": "leraar", "advice": [p1, p2],
                          f"adv-{p1}-frequency": "5"})
    assert r.status_code == 422 and "Bram Beukenhout" in r.content.decode()  # p2 needs a frequency
    r = client.post(url, {"action": "submit", "consent": "1", "bg-rol": "leraar", "advice": [p1, p2],
                          f"adv-{p1}-frequency": "5", f"adv-{p2}-frequency": "2",
                          f"adv-{p2}-topic": "lesontwerp", "motivation": [p2], f"mot-{p2}-frequency": "4"})
    assert r.status_code == 302
    assert Response.objects.get(wave=wave, person__key="p3").status == "complete"
    assert Tie.objects.filter(wave=wave, source__key="p3").count() == 3
    html = client.get(url).content.decode()
    assert 'id="done"' in html


def test_the_form_shows_saved_answers_back_per_colleague(client, network, wave, links):
    """The per-colleague parts (rendered in Python, shared between respondents when untouched)
    show this respondent's own answers, escaped, in the language of the page."""
    from olievlek.surveys import actions

    p1, p2, p6 = pk(network, "p1"), pk(network, "p2"), pk(network, "p6")
    client.get(f"/q/{links['p5'].token}/")  # another respondent first: the blank parts are shared
    actions.save_answers(links["p3"], {"consent": True,
                                       "advice": {p1: {"frequency": 4, "usefulness": 2, "topic": '<b>"x"</b> & y'}},
                                       "motivation": {p2: {"frequency": 5}}})
    html = client.get(f"/q/{links['p3'].token}/").content.decode()
    assert f'id="adv-tick-{p1}" name="advice" value="{p1}" data-detail="adv-{p1}" checked>' in html
    assert f'id="adv-tick-{p2}" name="advice" value="{p2}" data-detail="adv-{p2}">' in html
    assert f'id="mot-tick-{p2}" name="motivation" value="{p2}" data-detail="mot-{p2}" checked>' in html
    assert f'<fieldset class="detail" id="adv-{p1}">' in html  # shown: ticked
    assert f'<div class="detail field" id="mot-{p2}">' in html
    # colleagues not ticked get no follow-up questions: the script makes them from a template
    assert f'id="adv-{p6}"' not in html and f'id="mot-{p1}"' not in html
    assert html.count('<template id="advice-template">') == 1
    assert html.count('<template id="motivation-template">') == 1
    detail = html[html.index(f'id="adv-{p1}-frequency"'):html.index(f'id="adv-{p1}-topic"')]
    assert '<option value="4" selected>vaak</option>' in detail
    assert '<option value="2" selected>onbruikbaar</option>' in detail
    assert 'value="&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; y"' in html and "<b>" not in html
    client.cookies["django_language"] = "en"
    html = client.get(f"/q/{links['p3'].token}/").content.decode()
    assert "How often do you ask for advice?" in html and '<option value="4" selected>often</option>' in html
    html = client.get(f"/q/{links['p5'].token}/").content.decode()
    assert "How often do you ask for advice?" in html and "Hoe vaak vraag je om advies?" not in html
    assert "checked" not in html  # p3's ticks are p3's own


def test_staff_pages_for_researcher(client_for, users, network):
    c = client_for(users["alice"])
    assert c.get("/networks/testnet/waves/").status_code == 200
    r = c.post("/networks/testnet/waves/new/", {"label": "2027", "closes": "2099-01-01", "language": "en",
                                                "units": ["u-a"], "items": "scale: Hoe tevreden ben je?\nOpmerkingen"})
    assert r.status_code == 302
    from olievlek.surveys.models import Wave
    wave = Wave.objects.get(network=network, label="2027")
    assert wave.language == "en" and [i["kind"] for i in wave.items] == ["scale", "text"]
    network.people.filter(key="p2").update(email="bram@example.org")
    r = c.post("/networks/testnet/waves/2027/responses/action/", {"action": "invite"})
    assert r.status_code == 302 and len(mail.outbox) == 1
    html = c.get("/networks/testnet/waves/2027/responses/").content.decode()
    assert "Bram Beukenhout" in html  # researchers see names
    p3 = network.people.get(key="p3")
    old = Invitation.objects.get(wave=wave, person=p3).token
    c.post("/networks/testnet/waves/2027/responses/action/", {"action": "reissue", "person": "p3",
                                                              "confirmed": "1"})
    assert Invitation.objects.get(wave=wave, person=p3, revoked_at=None).token != old
    r = c.get("/networks/testnet/waves/2027/responses.csv")
    assert r.status_code == 200 and r.content.decode().startswith("breakdown,group,invited")
    r = c.get("/networks/testnet/waves/responses.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert [c.value for c in ws[1]][:3] == ["breakdown", "group", "invited"]
    assert {row[1] for row in ws.iter_rows(min_row=2, values_only=True)} == {"2024", "2025", "2027"}


def test_coordinator_sees_counts_but_no_names(client_for, users, network, wave, links):
    c = client_for(users["bob"])
    r = c.get("/networks/testnet/waves/2026/responses/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Anna Aardeweg" not in html and "Cato Cederveld" not in html
    r = c.post("/networks/testnet/waves/2026/responses/action/", {"action": "reissue", "person": "p3"})
    assert r.status_code == 404


@pytest.mark.parametrize("user", ["carol", "dave", "eve"])
def test_others_get_404_on_wave_pages(client_for, users, network, wave, user):
    c = client_for(users[user])
    for url in ("/networks/testnet/waves/", "/networks/testnet/waves/new/",
                "/networks/testnet/waves/2026/responses/", "/networks/testnet/waves/2026/responses.csv"):
        assert c.get(url).status_code == 404, url
    assert c.post("/networks/testnet/waves/2026/responses/action/", {"action": "close"}).status_code == 404
    wave.refresh_from_db()
    assert wave.closed_at is None


def test_anonymous_is_sent_to_login(client, network, wave):
    r = client.get("/networks/testnet/waves/2026/responses/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


@pytest.mark.parametrize("visibility, text", [
    ("pseudonyms", "gepseudonimiseerde resultaten"),
    ("aggregate", "ziet alleen totalen"),
    ("names", "ook namen ziet"),
])
def test_the_statement_says_what_this_waves_coordinator_sees(client, network, wave, links, visibility, text):
    wave.coordinator_visibility = visibility
    wave.save()
    html = client.get(f"/q/{links['p3'].token}/").content.decode()
    assert text in html
    # consent through the API (as the page's script does) records the statement shown
    client.put("/api/v1/questionnaire/answers", data='{"consent": true}', content_type="application/json",
               HTTP_AUTHORIZATION=f"Bearer {links['p3'].token}")
    assert text in Response.objects.get(wave=wave, person__key="p3").consent_text


def test_researcher_sees_links_coordinator_does_not(client_for, users, network, wave, links):
    token = links["p3"].token
    assert token in client_for(users["alice"]).get("/networks/testnet/waves/2026/responses/").content.decode()
    assert token not in client_for(users["bob"]).get("/networks/testnet/waves/2026/responses/").content.decode()
