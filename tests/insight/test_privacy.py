"""Who sees what on every insight page and every download, per role.

alice (researcher) sees names; bob (coordinator of testnet) sees what the wave allows (names,
pseudonyms or aggregate; default pseudonyms); carol (coordinator of othernet) and eve (no role)
get 404 for testnet; dave (participant, person p3) sees his own ego network only. Where names
are hidden, neither names nor package ids (p1..p6) may appear in any page or file, and people
are never listed in package-id order.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest

from olievlek.accounts.models import AuditEntry
from olievlek.surveys.models import Wave


@pytest.fixture(autouse=True)
def _fast_png(monkeypatch):
    """PNGs are rasterised from the SVG checked here; rasterising is tested in test_pages."""
    monkeypatch.setattr("olievlek.insight.views.to_png", lambda svg: b"\x89PNG fake")


NAMES = ["Anna Aardeweg", "Bram Beukenhout", "Cato Cederveld", "Daan Dennenlaan",
         "Eva Essenrijk", "Fenna Fazantstraat"]
SURNAMES = [n.split()[1] for n in NAMES]
KEY = re.compile(rb"(?<![\w-])p[1-6](?![\w-])")
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')

WAVE_PAGES = [f"/networks/testnet/waves/{w}/{p}/" for w in ("2024", "2025")
              for p in ("sociogram", "leadership", "islands")]
WAVE_PAGES += ["/networks/testnet/waves/2024/sociogram/?relation=motivation&min_frequency=1"]
NETWORK_PAGES = ["/networks/testnet/change/", "/networks/testnet/figures/"]
EXPORTS = [f"/networks/testnet/waves/2025/export.{f}" for f in ("graphml", "gexf", "net", "dl")]
ALL_PAGES = WAVE_PAGES + NETWORK_PAGES


def downloads(body: bytes) -> list[str]:
    return [html.unescape(u) for u in re.findall(r'href="([^"]+)" download', body.decode())]


def text_of(response) -> bytes:
    """Everything a person could read in a response, xlsx unzipped."""
    body = response.content
    if body.startswith(b"\x89PNG"):
        return b""  # rasterised from the same picture's SVG, checked as text (test_pages)
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return b"\n".join(z.read(n) for n in z.namelist())
    return CSRF.sub(b"", body)


def every_url(client) -> list[str]:
    """All pages plus every download link those pages offer, plus the graph files."""
    urls = list(ALL_PAGES) + EXPORTS
    for page in ALL_PAGES:
        response = client.get(page)
        if response.status_code == 200:
            urls += downloads(response.content)
    return sorted(set(urls))


_RESEARCHER_URLS: list[str] = []


def researcher_urls(client_for, users) -> list[str]:
    """Every URL the researcher is offered; the same for every test (same fixtures), so
    crawled once per run."""
    if not _RESEARCHER_URLS:
        _RESEARCHER_URLS.extend(every_url(client_for(users["alice"])))
    return list(_RESEARCHER_URLS)


def assert_hidden(response, url, extra_forbidden=()):
    body = text_of(response)
    for name in SURNAMES + list(extra_forbidden):
        assert name.encode() not in body, f"{name} visible at {url}"
    assert not KEY.search(body), f"package id {KEY.search(body).group()!r} visible at {url}"
    assert b"@example.org" not in body


@pytest.mark.django_db
def test_researcher_sees_names_everywhere(users, client_for):
    client = client_for(users["alice"])
    urls = every_url(client)
    assert len(urls) > 50  # pictures and tables of every page are offered for download
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get("/networks/testnet/waves/2024/sociogram/").content
    assert b"Anna Aardeweg" in page and b'data-person="p1"' in page
    assert b"Anna Aardeweg" in client.get("/networks/testnet/waves/2024/leadership/").content


@pytest.mark.django_db
def test_coordinator_under_pseudonyms_sees_no_names_or_ids(users, client_for, network):
    assert set(network.waves.values_list("coordinator_visibility", flat=True)) == {"pseudonyms"}
    urls = researcher_urls(client_for, users)
    client = client_for(users["bob"])
    urls = sorted(set(urls) | set(every_url(client)))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_hidden(response, url)
    page = client.get("/networks/testnet/waves/2024/sociogram/").content.decode()
    pseudonyms = dict(network.people.values_list("key", "pseudonym"))
    assert f'data-person="{pseudonyms["p1"]}"' in page
    assert f'data-target="{pseudonyms["p1"]}"' in page
    # Listed by pseudonym, never in package-id order.
    drawn = re.findall(r'data-person="([^"]+)"', page)
    assert drawn == sorted(drawn)


@pytest.mark.django_db
def test_coordinator_sees_names_when_the_researcher_allows_it(users, client_for, network):
    network.waves.filter(label="2025").update(coordinator_visibility="names")
    client = client_for(users["bob"])
    assert b"Anna Aardeweg" in client.get("/networks/testnet/waves/2025/sociogram/").content
    # The other wave stays pseudonymised, and so does the change page that shows both.
    for url in ("/networks/testnet/waves/2024/sociogram/", "/networks/testnet/change/"):
        assert_hidden(client.get(url), url)


@pytest.mark.django_db
def test_coordinator_under_aggregate_sees_units_only(users, client_for, network):
    network.waves.update(coordinator_visibility="aggregate")
    pseudonyms = list(network.people.values_list("pseudonym", flat=True))
    client = client_for(users["bob"])
    urls = sorted(set(researcher_urls(client_for, users)) | set(every_url(client)))
    client = client_for(users["bob"])
    ok = 0
    for url in urls:
        response = client.get(url)
        if "people." in url or "leaders." in url or "departures." in url or "isolates." in url:
            assert response.status_code == 404, url  # person tables do not exist here
            continue
        if response.status_code == 404:
            continue  # a table of the researcher's view that has no aggregate counterpart
        ok += 1
        assert response.status_code == 200, url
        assert_hidden(response, url, extra_forbidden=pseudonyms)
        assert b"data-person" not in response.content, url
    assert ok > 20
    page = client.get("/networks/testnet/waves/2024/sociogram/").content
    assert b"data-unit=" in page
    # Units under three people are merged, so no arrow stands for one person's choice.
    assert b'data-unit="u-b"' not in page


@pytest.mark.django_db
def test_participant_sees_own_ego_network_only(users, client_for, network):
    client = client_for(users["dave"])
    page = client.get("/networks/testnet/waves/2024/sociogram/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Cato Cederveld" in body  # himself
    assert "Bram Beukenhout" in body  # the colleague he named: by name in his own ego view
    people = re.findall(r'data-person="([^"]+)"', body)
    # p3 named p2 (advice, 2024): himself and the one he named.
    assert len(people) == 2 and "p3" in people
    assert len(re.findall(r"<line class=\"tie", body)) == 1
    for url in EXPORTS + downloads(page.content):
        response = client.get(url.replace("2025", "2024"))
        assert response.status_code == 200, url
        # Himself, and by name the colleague he named himself (p2), never p2's package id.
        text = text_of(response).replace(b"Cederveld", b"").replace(b"Beukenhout", b"")
        text = text.replace(b'"p3"', b"")
        assert_hidden_for_participant(text, url)
    alice_urls = researcher_urls(client_for, users)
    client = client_for(users["dave"])
    for url in alice_urls:
        if "/sociogram/" in url or "/export." in url:
            continue
        assert client.get(url).status_code == 404, url


def assert_hidden_for_participant(body: bytes, url: str) -> None:
    for name in SURNAMES:
        if name != "Cederveld":
            assert name.encode() not in body, f"{name} visible at {url}"
    for key in (b"p1", b"p2", b"p4", b"p5", b"p6"):
        assert not re.search(rb"(?<![\w-])" + key + rb"(?![\w-])", body), f"{key} at {url}"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["carol", "eve"])
def test_other_networks_answer_404(users, client_for, who):
    urls = researcher_urls(client_for, users)
    client = client_for(users[who])
    for url in urls:
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_idor_with_other_networks_slugs_and_labels(users, client_for, other_network):
    client = client_for(users["bob"])
    for url in ("/networks/othernet/waves/2024/sociogram/", "/networks/othernet/figures/",
                "/networks/othernet/change/", "/networks/othernet/waves/2024/export.graphml",
                "/networks/othernet/waves/2024/leadership/units.csv",
                "/networks/testnet/waves/9999/sociogram/", "/networks/nope/figures/"):
        assert client.get(url).status_code == 404, url
    # carol's own network works with the same wave labels: the 404 above is about access.
    assert client_for(users["carol"]).get("/networks/othernet/waves/2024/sociogram/").status_code == 200


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client_for, network):
    response = client_for(None).get("/networks/testnet/waves/2024/sociogram/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_only_researchers_set_visibility_and_it_is_audited(users, client_for, network):
    url = "/networks/testnet/waves/2025/visibility/"
    for who in ("bob", "dave", "carol", "eve"):
        assert client_for(users[who]).post(url, {"visibility": "names"}).status_code == 404
    assert Wave.objects.get(network=network, label="2025").coordinator_visibility == "pseudonyms"
    assert "visibility" not in client_for(users["bob"]).get(
        "/networks/testnet/waves/2025/sociogram/").content.decode().split("<main")[1]
    response = client_for(users["alice"]).post(url, {"visibility": "aggregate"})
    assert response.status_code == 302
    assert Wave.objects.get(network=network, label="2025").coordinator_visibility == "aggregate"
    entry = AuditEntry.objects.get(action="set_visibility")
    assert (entry.actor, entry.network_slug, entry.object_key) == ("alice", "testnet", "2025")
    assert entry.detail == "pseudonyms -> aggregate"
    assert client_for(users["alice"]).post(url, {"visibility": "everything"}).status_code == 400


@pytest.mark.django_db
def test_aggregate_leaves_out_groups_still_too_small(users, client_for, network, settings):
    """Units of three show; the one person left (p6, no unit) is not drawn as a group. The
    limit is the small-cell threshold of the tables: at 4, the units of three merge."""
    from olievlek.networks.actions import import_package
    from olievlek.package import frame
    from tests.factories import small_package

    pkg = small_package()
    pkg.people = frame("people", [*pkg.people.to_dict("records"),
                                  {"id": "p7", "name": "Gijs Goudvink"},
                                  {"id": "p8", "name": "Hanna Heggenrank"}])
    pkg.memberships = frame("memberships", [*pkg.memberships.to_dict("records"),
                                            {"person": "p7", "unit": "u-a", "role": "leraar"},
                                            {"person": "p8", "unit": "u-stuur", "role": "lid"}])
    pkg.responses = frame("responses", [*pkg.responses.to_dict("records"),
                                        {"wave": "2024", "person": "p7", "status": "complete"},
                                        {"wave": "2024", "person": "p8", "status": "complete"}])
    import_package(pkg, actor="test")
    network.waves.update(coordinator_visibility="aggregate")
    page = client_for(users["bob"]).get("/networks/testnet/waves/2024/sociogram/").content
    assert sorted(re.findall(rb'data-unit="([^"]+)"', page)) == [b"u-a", b"u-stuur"]
    assert re.findall(rb'data-people="(\d)"', page) == [b"3", b"3"]
    settings.SMALL_CELL_THRESHOLD = 4
    page = client_for(users["bob"]).get("/networks/testnet/waves/2024/sociogram/").content
    assert re.findall(rb'data-unit="([^"]+)"', page) == [b"small-units"]
    assert re.findall(rb'data-people="(\d)"', page) == [b"7"]


@pytest.mark.django_db
def test_participant_learns_how_many_named_them_not_who(users, client_for, network):
    from olievlek.accounts.models import Profile

    Profile.objects.filter(user=users["dave"]).update(person=network.people.get(key="p2"))
    body = client_for(users["dave"]).get("/networks/testnet/waves/2024/sociogram/").content.decode()
    pseudonym = dict(network.people.values_list("key", "pseudonym"))
    # p2 named p1; p3 and p4 named p2: one tie drawn, "2" people named you, not who.
    assert re.findall(r'data-person="([^"]+)"', body) == sorted(["p2", pseudonym["p1"]])
    assert len(re.findall(r"<line class=\"tie", body)) == 1
    assert pseudonym["p3"] not in body and pseudonym["p4"] not in body
    assert re.search(r"<dd>2</dd>", body)
