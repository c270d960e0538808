"""Codebook changes keep history: merge moves codings, retire stops new codings."""

import pytest

from olievlek.accounts.models import AuditEntry
from olievlek.qda.actions import add_coding, codebook_tree, merge_codes, rename_code, retire_code
from olievlek.qda.models import Code, Coding, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(network):
    return Source.objects.create(network=network, kind="memo", title="m", text="één twee drie")


def test_merge_moves_codings_and_keeps_the_code_as_history(users, source):
    ritme = Code.objects.get(key="activiteiten_netwerk.frequentie.ritme")
    timing = Code.objects.get(key="activiteiten_netwerk.frequentie.timing")
    add_coding(source, ritme, 0, 3, users["alice"])
    add_coding(source, timing, 4, 8, users["alice"])
    assert merge_codes(ritme, timing, actor="alice") == 1
    assert set(Coding.objects.values_list("code__key", flat=True)) == {timing.key}
    ritme.refresh_from_db()
    assert ritme.merged_into == timing
    names = [c.name for cat in codebook_tree() for sub in cat.children for c in sub.children]
    assert "ritme" not in names and len(names) == 32
    assert AuditEntry.objects.filter(action="code-merge", object_key=ritme.guid).exists()
    with pytest.raises(ValueError, match="cannot be applied"):
        add_coding(source, ritme, 0, 3, users["alice"])
    with pytest.raises(ValueError, match="has codes under it"):
        merge_codes(timing.parent, timing, actor="alice")


def test_retire_and_rename(users, source):
    duur = Code.objects.get(key="context_netwerk.geschiedenis.duur")
    add_coding(source, duur, 0, 3, users["alice"])
    retire_code(duur, actor="alice")
    with pytest.raises(ValueError, match="cannot be applied"):
        add_coding(source, duur, 4, 8, users["alice"])
    assert Coding.objects.filter(code=duur).count() == 1
    guid = duur.guid
    rename_code(duur, " looptijd ", actor="alice")
    duur.refresh_from_db()
    assert (duur.name, duur.guid) == ("looptijd", guid)
    with pytest.raises(ValueError, match="needs a name"):
        rename_code(duur, " ", actor="alice")


def test_source_agreement_of_two_coders(users, network):
    from olievlek.qda.actions import source_agreement

    text = "Eén regel 👍\nNog een regel\nDerde"
    s = Source.objects.create(network=network, kind="interview", title="i", text=text)
    ritme = Code.objects.get(key="activiteiten_netwerk.frequentie.ritme")
    bob = users["bob"]  # any user can be a second coder in the data; pages check sees_coding
    add_coding(s, ritme, 0, 9, users["alice"])
    add_coding(s, ritme, 4, 9, bob)
    result = source_agreement(s, users["alice"], bob)
    (row,) = result.codes
    assert row.code == ritme.guid and row.paragraph_percent == 100.0
    # characters: both 5, only alice 4, neither 22 of 31: n = 62, n1 = 14, n0 = 48
    assert result.cu_alpha == pytest.approx(1 - 61 * 4 / (48 * 14))
