"""A fresh wave of the "testnet" network with its links, for the questionnaire tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def wave(network):
    from olievlek.surveys import actions

    return actions.create_wave(network, "2026", opens=dt.date(2020, 1, 1), closes=dt.date(2099, 12, 31),
                               actor="test")


@pytest.fixture
def links(wave):
    """person key -> active Invitation, after `invite`."""
    from olievlek.surveys import actions
    from olievlek.surveys.models import Invitation

    actions.invite(wave, actor="test")
    return {inv.person.key: inv for inv in Invitation.objects.filter(wave=wave).select_related("person", "wave")}


def pk(network, key: str) -> str:
    return str(network.people.get(key=key).pk)
