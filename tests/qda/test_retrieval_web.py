"""Retrieval pages: the code x case matrix, quotes with filters and downloads, co-occurrence,
and REFI-QDA exchange in the web; researchers only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from olievlek.qda.actions import add_coding
from olievlek.qda.models import Code, Coding, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def coded(users, network, other_network):
    duur = Code.objects.get(key="context_netwerk.geschiedenis.duur")
    ritme = Code.objects.get(key="activiteiten_netwerk.frequentie.ritme")
    s1 = Source.objects.create(network=network, kind="interview", title="Interview", study_year=1,
                               text="We bestaan sinds 2016.\nWe komen maandelijks bij elkaar.")
    s2 = Source.objects.create(network=other_network, kind="observatie", title="Observatie",
                               study_year=2, text="Het overleg was in één keer rond.")
    add_coding(s1, duur, 0, 22, users["alice"])
    add_coding(s1, ritme, 23, 33, users["alice"])
    add_coding(s1, ritme, 10, 22, users["alice"])  # shares a paragraph with duur
    add_coding(s2, ritme, 0, 11, users["alice"])
    return duur, ritme


def test_matrix_counts_codings_and_sources_per_network(client_for, users, coded):
    _duur, ritme = coded
    page = client_for(users["alice"]).get("/coding/").content.decode()
    assert f'data-code="{ritme.guid}"' in page
    assert 'data-cell="testnet">2 (1)</a>' in page and 'data-cell="othernet">1 (1)</a>' in page
    only_obs = client_for(users["alice"]).get("/coding/?kind=observatie").content.decode()
    assert 'data-cell="testnet"' not in only_obs and 'data-cell="othernet">1 (1)' in only_obs
    csv = client_for(users["alice"]).get("/coding/?format=csv").content.decode("utf-8-sig")
    assert "ritme,Activiteiten netwerk > frequentie,1,2,1,1" in csv.replace("\r", "")


def test_quotes_filter_and_download(client_for, users, coded):
    _duur, ritme = coded
    client = client_for(users["alice"])
    page = client.get(f"/coding/quotes/?code={ritme.guid}&network=testnet").content.decode()
    assert "We komen" in page and "één keer" not in page
    assert page.count('data-coding="') == 2
    year2 = client.get(f"/coding/quotes/?code={ritme.guid}&year=2").content.decode()
    assert "Het overleg" in year2 and "We komen" not in year2
    xlsx = client.get(f"/coding/quotes/?code={ritme.guid}&format=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[0][:4] == ("code", "code path", "network", "source")
    assert sorted(r[10] for r in rows[1:]) == [" sinds 2016.", "Het overleg", "We komen m"]


def test_cooccurrence_page(client_for, users, coded):
    page = client_for(users["alice"]).get("/coding/co-occurrence/").content.decode()
    assert "duur" in page and '<td class="num">1</td>' in page


def test_network_matrix_and_empty_states(client_for, users, network, other_network):
    client = client_for(users["alice"])
    for url in ("/coding/", "/coding/quotes/", "/coding/co-occurrence/",
                "/networks/testnet/sources/matrix/"):
        r = client.get(url)
        assert r.status_code == 200 and b'class="empty"' in r.content, url


def test_retrieval_is_for_researchers_only(client_for, users, coded):
    for who in ("bob", "dave", "eve"):
        client = client_for(users[who])
        for url in ("/coding/", "/coding/quotes/", "/coding/co-occurrence/",
                    "/coding/exchange/", "/coding/exchange/?action=export-qdpx",
                    "/networks/testnet/sources/matrix/"):
            assert client.get(url).status_code == 404, (who, url)


def test_exchange_round_trip_in_the_web(client_for, users, coded):
    client = client_for(users["alice"])
    qdpx = client.get("/coding/exchange/?action=export-qdpx&network=testnet").content
    qdc = client.get("/coding/exchange/?action=export-qdc").content
    assert qdc.startswith(b"<?xml")
    # importing the same sources again is refused whole, naming the problem
    r = client.post("/coding/exchange/", {"action": "import-qdpx",
                                          "file": SimpleUploadedFile("p.qdpx", qdpx)})
    assert r.status_code == 400 and "already here" in r.content.decode()
    Source.objects.filter(network__slug="testnet").delete()
    r = client.post("/coding/exchange/", {"action": "import-qdpx",
                                          "file": SimpleUploadedFile("p.qdpx", qdpx)})
    assert r.status_code == 302
    assert Coding.objects.filter(source__network__slug="testnet").count() == 3
    r = client.post("/coding/exchange/", {"action": "import-qdc",
                                          "file": SimpleUploadedFile("c.qdc", qdc)})
    assert r.status_code == 302
    r = client.post("/coding/exchange/", {"action": "import-qdc",
                                          "file": SimpleUploadedFile("c.qdc", b"<nope")})
    assert r.status_code == 400
