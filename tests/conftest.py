"""Shared fixtures: named users for permission tests (as healthchecks does), small networks,
and a headless Chromium for browser tests.

Users: alice is a researcher; bob coordinates network "testnet"; carol coordinates "othernet";
dave is a participant in "testnet" (person p3); eve has an account but no role.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.factories import small_package

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture
def network(db):
    from olievlek.networks.actions import import_package

    return import_package(small_package(), actor="test")


@pytest.fixture
def other_network(db):
    from olievlek.networks.actions import import_package

    return import_package(small_package("othernet", "Ander netwerk"), actor="test")


def _user(username, role=None, network=None, person=None):
    from django.contrib.auth import get_user_model

    from olievlek.accounts.models import Profile

    user = get_user_model().objects.create_user(username=username, password="password")
    if role:
        Profile.objects.create(user=user, role=role, network=network, person=person)
    return user


@pytest.fixture
def users(network, other_network):
    """A dict of named users: alice, bob, carol, dave, eve."""
    return {
        "alice": _user("alice", "researcher"),
        "bob": _user("bob", "coordinator", network),
        "carol": _user("carol", "coordinator", other_network),
        "dave": _user("dave", "participant", network, network.people.get(key="p3")),
        "eve": _user("eve"),
    }


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client logged in as that user (None: anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium driven by Playwright; skips, saying why, when it is not there."""
    path = chromium_path()
    if path is None:
        pytest.skip("browser test: Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser test: the playwright Python package is not installed")
    # Playwright runs an event loop in this thread; Django's ORM refuses that by default.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()
