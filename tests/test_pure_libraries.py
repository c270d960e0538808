"""The pure libraries import no Django, so researchers can use them in a notebook.

Every module of each package is imported in a fresh interpreter (a module imported lazily
by another would be missed by importing the package alone).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

PURE = ["olievlek.package", "olievlek.package_files", "olievlek.package_activities", "olievlek.package_governance", "olievlek.governance.rules", "olievlek.analysis", "olievlek.tables", "olievlek.demo", "olievlek.spread", "olievlek.coding"]

CODE = """
import importlib, pkgutil, sys
root = importlib.import_module(sys.argv[1])
names = [root.__name__]
if hasattr(root, "__path__"):
    names += [m.name for m in pkgutil.walk_packages(root.__path__, root.__name__ + ".")]
for name in names:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(len(names), loaded[:5])
"""


@pytest.mark.parametrize("package", PURE)
def test_pure_package_imports_no_django(package):
    if importlib.util.find_spec(package) is None:
        pytest.skip(f"{package} does not exist yet")
    out = subprocess.run(
        [sys.executable, "-c", CODE, package], capture_output=True, text=True, check=True
    )
    count, loaded = out.stdout.strip().split(" ", 1)
    assert int(count) >= 1
    assert loaded == "[]", f"{package} imports Django: {loaded}"
