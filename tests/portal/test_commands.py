"""`olievlek portal reindex` and `olievlek portal invite`."""

from __future__ import annotations

import pytest
from django.core import mail

from olievlek.cli import main
from olievlek.portal.models import ProfileInvitation, SearchEntry


@pytest.mark.django_db(transaction=True)
def test_reindex_and_invite(portal_net, capsys):
    SearchEntry.objects.all().delete()
    assert main(["portal", "reindex"]) == 0
    assert "2 entries indexed" in capsys.readouterr().out
    assert set(SearchEntry.objects.values_list("kind", flat=True)) == {"group", "product"}
    assert main(["portal", "reindex", "--network", "testnet"]) == 0
    assert main(["portal", "invite", "testnet", "p1"]) == 0
    assert mail.outbox[-1].to == ["anna@example.org"]
    assert ProfileInvitation.objects.count() == 1
    assert main(["portal", "invite", "testnet", "p2"]) == 2  # no e-mail address
    err = capsys.readouterr().err  # the command speaks the interface language (Dutch by default)
    assert "no e-mail address" in err or "geen e-mailadres" in err
    assert main(["portal", "invite", "testnet", "nobody"]) == 2
