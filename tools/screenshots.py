"""Take the README's screenshots (docs/screenshots/*.png) from the demo, in headless Chromium.

Loads the demo into a throwaway database, serves it, logs in as each demo role and
photographs one page of each kind. Run after changing a page:

    .venv/bin/python tools/screenshots.py [--only NAME]

Needs Debian's chromium (/usr/bin/chromium) and the playwright Python package (test extra).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# (file name, user, path, full page?)
SHOTS = [
    ("networks", "onderzoeker", "/networks/", False),
    ("network", "onderzoeker", "/networks/01-onderzoek-dat-werkt/", True),
    ("insight-sociogram", "onderzoeker", "/networks/02-staal-werk/waves/2025/sociogram/", False),
    ("insight-sociogram-pseudonyms", "coordinator02",
     "/networks/02-staal-werk/waves/2025/sociogram/?colour=process", False),
    ("insight-sociogram-aggregate", "coordinator02", "/networks/02-staal-werk/waves/2024/sociogram/", False),
    ("insight-sociogram-participant", "deelnemer01",
     "/networks/01-onderzoek-dat-werkt/waves/2024/sociogram/", False),
    ("insight-leadership", "onderzoeker", "/networks/02-staal-werk/waves/2025/leadership/", False),
    ("insight-islands", "onderzoeker", "/networks/03-lezen-met-begrip-en-betrokkenheid/waves/2025/islands/", False),
    ("insight-change", "onderzoeker", "/networks/02-staal-werk/change/?from=2024&to=2025", False),
    ("insight-figures", "onderzoeker", "/networks/02-staal-werk/figures/", False),
    ("insight-sociogram-300", "onderzoeker",
     "/networks/synthetic-300/waves/2024/sociogram/?colour=process", False),
    ("participants", "onderzoeker", "/participants/", False),
    ("responses", "coordinator02", "/networks/02-staal-werk/waves/2025/responses/", False),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict) -> None:
    """Load the demo plus bench/insight.py's synthetic 300-person network, and let
    coordinators of network 02 see its 2024 wave only as units."""
    code = (
        "import sys; sys.path.insert(0, 'bench')\n"
        "from olievlek.cli import setup_django; setup_django(migrate=True)\n"
        "from olievlek.demoload import load_demo; load_demo()\n"
        "from olievlek.networks.actions import import_package\n"
        "from insight import synthetic_package; import_package(synthetic_package(300))\n"
        "from olievlek.surveys.models import Wave\n"
        "Wave.objects.filter(network__slug='02-staal-werk', label='2024')"
        ".update(coordinator_visibility='aggregate')\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="take only this screenshot (file name without .png)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, OLIEVLEK_VAR=tmp, SECRET_KEY="screenshots", DEBUG="1",
                   OLIEVLEK_DEMO="1", PYTHONUNBUFFERED="1")
        env.pop("DATABASE_URL", None)
        prepare(env)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "olievlek.cli", "demo", "--port", str(port)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(1000):  # up to five minutes: the demo server migrates first
                try:
                    urllib.request.urlopen(base + "/accounts/login/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.3)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                for name, user, path, full in SHOTS:
                    if args.only and name != args.only:
                        continue
                    context = browser.new_context(viewport={"width": 1280, "height": 1000},
                                                  locale="nl-NL")
                    page = context.new_page()
                    page.goto(base + "/accounts/login/")
                    page.fill("#id_username", user)
                    page.fill("#id_password", "demo")
                    page.click("button[type=submit]")
                    page.wait_for_load_state()
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)
                    print(f"docs/screenshots/{name}.png  ({user} {path})")
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
