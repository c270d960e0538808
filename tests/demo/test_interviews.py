"""The demo's interviews and observations: made from the reference, coded by two coders who
disagree a little, loaded once."""

from __future__ import annotations

import pytest

from olievlek.coding.codebook import study_codebook
from olievlek.coding.text import canonical_text
from olievlek.demo.interviews import CODERS, demo_sources


def _keys(nodes):
    for n in nodes:
        if n.codable:
            yield n.key
        yield from _keys(n.children)


def test_every_network_has_a_coded_interview_and_the_coders_differ_a_little():
    items = demo_sources()
    assert len(items) == 12 and demo_sources() == items  # deterministic
    keys = set(_keys(study_codebook()))
    for item in items:
        kinds = [s["kind"] for s in item["sources"]]
        assert kinds[0] == "interview" and kinds.count("observatie") <= 2
        for s in item["sources"]:
            assert canonical_text(s["text"]) == s["text"]
            a = {(c["code"], c["start"], c["end"]) for c in s["codings"] if c["coder"] == CODERS[0]}
            b = {(c["code"], c["start"], c["end"]) for c in s["codings"] if c["coder"] == CODERS[1]}
            assert {c["code"] for c in s["codings"]} <= keys
            assert a and b and a != b and len(a & b) >= len(a) - 2
            for c in s["codings"]:
                assert 0 <= c["start"] < c["end"] <= len(s["text"])


@pytest.mark.django_db
def test_loading_the_demo_coding_twice_adds_once(network):
    from olievlek.demoload import load_demo_coding
    from olievlek.qda.models import Coding, Source

    # the networks of the demo are not loaded here: sources only go to networks that exist
    assert load_demo_coding() == 0
    network.slug = demo_sources()[0]["network"]
    network.save()
    made = load_demo_coding()
    assert made == len(demo_sources()[0]["sources"])
    n = Coding.objects.count()
    assert load_demo_coding() == 0 and Coding.objects.count() == n
    source = Source.objects.filter(kind="interview").get()
    assert source.assignments.count() == 2
