"""Where the REFI-QDA schemas are (reference material beside the repository, not in it)."""

import os
from pathlib import Path

import pytest

REFI = Path(os.environ.get("OLIEVLEK_REFI_QDA", "/work/shared/refi-qda"))


def schema(name: str):
    """The XML schema ``name`` (Project.xsd, Codebook.xsd); skips the test when it is missing."""
    xmlschema = pytest.importorskip("xmlschema")
    if not (REFI / name).exists():
        pytest.skip(f"{REFI / name} is not here (set OLIEVLEK_REFI_QDA)")
    return xmlschema.XMLSchema(str(REFI / name))
