"""Wave labels: one rule (olievlek.package.wave_label_problem) for the package, `wave create`,
`wave import`, the web form and the API, so that every accepted label works on every page."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from olievlek.cli import main
from olievlek.surveys.models import Wave

pytestmark = pytest.mark.django_db
BAD = ["Najaar: 2026", "2026 [pilot]", "2026?", "..", "x" * 41, "a/b", " "]


@pytest.mark.parametrize("label", BAD)
def test_a_label_that_would_break_urls_or_files_is_refused_everywhere(client_for, users, network, label,
                                                                     tmp_path, capsys):
    c = client_for(users["alice"])
    r = c.post("/networks/testnet/waves/new/", {"label": label, "language": "nl", "units": ["u-a"]})
    assert r.status_code == 422  # the form again, with the rule
    r = c.post("/api/v1/networks/testnet/waves", data=json.dumps({"label": label, "units": ["u-a"]}),
               content_type="application/json")
    assert 400 <= r.status_code < 500
    assert main(["wave", "create", "testnet", "--label", label]) != 0
    responses = tmp_path / "responses.csv"
    responses.write_text("person,status\np1,complete\n")
    assert main(["wave", "import", "testnet", label, str(responses)]) == 1
    assert "is not a wave label" in capsys.readouterr().err or not label.strip()
    assert not Wave.objects.filter(network=network).exclude(label__in=["2024", "2025"]).exists()


@pytest.mark.parametrize("label", ["Najaar 2026", "2026.1", "Voorjaar-2027_pilot", "Één",
                                   "Najaar 2026 " + "x" * 28])
def test_an_accepted_label_works_on_every_page_and_download(client_for, users, network, label):
    c = client_for(users["alice"])
    r = c.post("/networks/testnet/waves/new/", {"label": label, "language": "nl", "units": ["u-a"]})
    assert r.status_code == 302, r.content.decode()[:2000]
    base = f"/networks/testnet/waves/{quote(label)}"
    for url in ("/networks/testnet/waves/", f"{base}/responses/", f"{base}/responses.csv",
                f"{base}/responses.xlsx", "/networks/testnet/waves/responses.xlsx"):
        r = c.get(url)
        assert r.status_code == 200, url
    assert label in c.get("/networks/testnet/waves/").content.decode()
