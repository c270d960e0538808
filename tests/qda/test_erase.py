"""Erasing a person whose account coded: the codings stay, with a removed coder."""

import io

import pytest

from olievlek.coding.project import read_qdpx
from olievlek.networks.actions import erase_person
from olievlek.qda.actions import add_coding, export_project
from olievlek.qda.models import REMOVED_CODER, Code, Coding, Source

pytestmark = pytest.mark.django_db


def test_erase_person_keeps_codings_without_their_coder(users, network):
    p3 = network.people.get(key="p3")
    source = Source.objects.create(network=network, kind="interview", title="i", text="één twee")
    source.participants.add(p3)
    code = Code.objects.get(key="context_netwerk.geschiedenis.duur")
    add_coding(source, code, 0, 3, users["dave"])  # dave's account belongs to p3
    add_coding(source, code, 4, 8, users["alice"])

    counts = erase_person(p3, actor="test")

    assert counts["accounts"] == 1 and counts["sources taken part in"] == 1
    assert not source.participants.exists()
    assert dict(Coding.objects.values_list("quote", "coder__username")) == {
        "één": None, "twee": "alice"}
    out = io.BytesIO()
    export_project([network], out, actor="test")
    project = read_qdpx(out.getvalue(), "x.qdpx")
    assert sorted(u.name for u in project.users) == sorted(["alice", REMOVED_CODER])
