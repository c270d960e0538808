"""The library's promises: runnable docstring examples and no Django anywhere."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import olievlek.analysis

MODULES = [
    m.name for m in pkgutil.iter_modules(olievlek.analysis.__path__, "olievlek.analysis.")
    if m.name != "olievlek.analysis.command"
] + ["olievlek.analysis"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


# That the library imports no Django is tested for every pure library at once, module by
# module: tests/test_pure_libraries.py.
