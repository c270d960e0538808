import importlib.util

import pytest

# Use the project's URLs when every app's urls module is there; otherwise only what these
# pages need (the participants app is included the same way in both).
_COMPLETE = all(importlib.util.find_spec(f"olievlek.{app}.urls") for app in
                ("networks", "surveys", "insight", "participants", "accounts"))
URLS = "olievlek.urls" if _COMPLETE else "tests.participants.urls"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/participants/" in str(item.fspath):
            item.add_marker(pytest.mark.urls(URLS))
