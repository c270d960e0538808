"""Double coding: two coders code blind, agreement per code and overall, review settles every
disagreement, and the first coder's codings are the coding of record."""

import pytest

from olievlek.coding.agreement import agreement
from olievlek.coding.text import paragraphs
from olievlek.qda.actions import add_coding
from olievlek.qda.models import Code, Coding, Source
from tests.conftest import _user

pytestmark = pytest.mark.django_db

TEXT = "Eerste alinea over de start.\nTweede alinea over het ritme.\nDerde alinea."


def test_blind_coding_agreement_review_and_record(client_for, users, network):
    alice, rita = users["alice"], _user("rita", "researcher")
    source = Source.objects.create(network=network, kind="interview", title="i", text=TEXT)
    duur = Code.objects.get(key="context_netwerk.geschiedenis.duur")
    ritme = Code.objects.get(key="activiteiten_netwerk.frequentie.ritme")
    url = f"/networks/testnet/sources/{source.guid}/"
    lead = _user("lead", "researcher")
    r = client_for(lead).post(url + "assign/", {"first": alice.pk, "second": rita.pk})
    assert r.status_code == 302

    add_coding(source, duur, 0, 28, alice)
    add_coding(source, ritme, 29, 58, alice)
    add_coding(source, duur, 0, 20, rita)
    add_coding(source, ritme, 59, 72, rita)

    # blind: each coder sees only their own codings; agreement is closed to them
    page = client_for(rita).get(url).content.decode()
    assert page.count('data-coding="') == 2 and 'data-blind="1"' in page
    assert client_for(rita).get(url + "agreement/").status_code == 404

    review = client_for(lead).get(url + "agreement/")
    assert review.status_code == 200
    expected = agreement(
        [(duur.guid, 0, 28), (ritme.guid, 29, 58)], [(duur.guid, 0, 20), (ritme.guid, 59, 72)],
        len(TEXT), paragraphs(TEXT))
    assert review.context["result"] == expected
    assert f"{expected.cu_alpha:.3f}".replace(".", ",") in review.content.decode()  # Dutch
    assert review.context["disagreements"] and len(review.context["disagreements"]) == 2
    # the record (matrix, quotes) counts the first coder's codings only
    assert set(Coding.objects.of_record().values_list("coder__username", flat=True)) == {"alice"}

    lead_client = client_for(lead)
    lead_client.post(url + "agreement/", {"action": "keep", "code": ritme.pk, "paragraph": 1})
    lead_client.post(url + "agreement/", {"action": "remove", "code": ritme.pk, "paragraph": 2})
    assert lead_client.get(url + "agreement/").context["disagreements"] == []
    lead_client.post(url + "agreement/", {"action": "finish"})
    assert source.assignments.filter(settled_at__isnull=True).count() == 0
    assert client_for(rita).get(url).content.decode().count('data-coding="') == 4  # both coders' now
    record = sorted(Coding.objects.of_record().values_list("code__key", "start", "end"))
    assert record == sorted([(duur.key, 0, 28), (ritme.key, 29, 58)])
