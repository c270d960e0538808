"""Translation housekeeping: compile every .po under the package to .mo.

Run ``python -m olievlek.i18n`` after editing a .po file. Uses polib, so no GNU gettext is
needed to compile; `tests/test_i18n.py` uses xgettext (when present) to find strings that have
no Dutch translation yet.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent


def po_files(root: Path = PACKAGE_DIR) -> list[Path]:
    return sorted(root.glob("**/locale/*/LC_MESSAGES/*.po"))


def compile_all(root: Path = PACKAGE_DIR) -> list[Path]:
    """Write a .mo beside every .po whose .mo is missing or different; return those written."""
    written = []
    for po_path in po_files(root):
        mo_path = po_path.with_suffix(".mo")
        po = polib.pofile(str(po_path))
        tmp = mo_path.with_suffix(".mo.tmp")
        po.save_as_mofile(str(tmp))
        if mo_path.exists() and mo_path.read_bytes() == tmp.read_bytes():
            tmp.unlink()
            continue
        tmp.replace(mo_path)
        written.append(mo_path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for path in compile_all():
        print(f"compiled {path.relative_to(PACKAGE_DIR.parent)}", file=sys.stderr)
