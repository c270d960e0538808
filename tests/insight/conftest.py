from importlib.util import find_spec

import pytest


@pytest.fixture(autouse=True)
def _urls(settings):
    """Use the real URLconf when every app's urls module exists (always, once merged)."""
    if any(find_spec(f"olievlek.{app}.urls") is None
           for app in ("networks", "surveys", "participants")):
        settings.ROOT_URLCONF = "tests.insight.urls"
