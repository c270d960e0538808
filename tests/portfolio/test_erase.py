"""Erasing a person from the portfolio: uses keep their organisation-level fact and lose the
person; free text naming them is scrubbed (docs/security.md)."""

from __future__ import annotations

import pytest

from olievlek.networks.actions import erase_person
from olievlek.portfolio.models import BoundaryObject, Rating, Use

pytestmark = pytest.mark.django_db


def test_erasure_keeps_the_use_and_drops_the_person(network):
    bram = network.people.get(key="p2")
    org = network.organisations.get(key="o2")
    obj = BoundaryObject.objects.create(network=network, key="k1", title="Kaartenset", kind="product")
    obj.makers.set([bram])
    mine = Use.objects.create(object=obj, date="2024-02-01", organisation=org, person=bram,
                              use="toegepast", source="Bram Beukenhout", channel="bijeenkomst",
                              note="Via Bram Beukenhout (p2) gekregen")
    other = Use.objects.create(object=obj, date="2024-03-01", organisation=org, use="ontvangen",
                               source="p2", note="p20 and p2x stay")
    untouched = Use.objects.create(object=obj, date="2024-04-01", organisation=org, use="ontvangen",
                                   source="Anna", note="niets")
    Rating.objects.create(object=obj, rater="Bram Beukenhout", visibility=3, note="rated by p2")
    Rating.objects.create(object=obj, rater="alice", visibility=4, note="")

    counts = erase_person(bram, actor="alice")

    mine.refresh_from_db()
    assert mine.person is None and mine.organisation == org and mine.use == "toegepast"
    assert str(mine.date) == "2024-02-01"
    assert mine.source == "" and mine.channel == "bijeenkomst"
    assert mine.note == "Via [erased] ([erased]) gekregen"
    other.refresh_from_db()
    assert other.source == "" and other.note == "p20 and p2x stay"
    untouched.refresh_from_db()
    assert (untouched.source, untouched.note) == ("Anna", "niets")
    assert list(Rating.objects.order_by("rater").values_list("rater", "note")) == [
        ("[erased]", "rated by [erased]"), ("alice", "")]
    assert list(obj.makers.all()) == []
    assert counts["uses for the person"] == 1
    assert counts["uses naming the person"] == 2
    assert counts["ratings naming the person"] == 1
    assert not Use.objects.filter(note__icontains="Beukenhout").exists()
