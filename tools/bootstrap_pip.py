"""Put pip into a virtual environment created with --without-pip.

Debian's python3 ships without ensurepip (that is the python3-venv package), so
`python3 -m venv` fails on a fresh machine. The Makefile then creates the venv without pip
and runs this: it fetches pip's wheel from PyPI and installs pip from the wheel itself.
Usage: python3 tools/bootstrap_pip.py VENV_DIR
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

INDEX = "https://pypi.org/pypi/pip/json"


def main(venv: str) -> int:
    with urllib.request.urlopen(INDEX, timeout=60) as resp:
        release = json.load(resp)
    wheel = next(f for f in release["urls"] if f["filename"].endswith("-py3-none-any.whl"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel["filename"]
        url = urllib.parse.urljoin(INDEX, wheel["url"])  # mirrors may answer with relative links
        with urllib.request.urlopen(url, timeout=120) as resp:
            path.write_bytes(resp.read())
        python = Path(venv) / "bin" / "python"
        # A wheel is a zip with pip at its top: pip can run from it to install itself.
        return subprocess.call([str(python), f"{path}/pip", "install", "--quiet", str(path)])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
