"""The library's promises: runnable docstring examples and no Django anywhere."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import olievlek.spread

MODULES = [m.name for m in pkgutil.iter_modules(olievlek.spread.__path__, "olievlek.spread.")
           if m.name != "olievlek.spread.command"] + ["olievlek.spread"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_the_library_imports_no_django():
    code = (
        "import sys; import olievlek.spread, olievlek.spread.maps; "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
