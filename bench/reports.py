"""Time the case reports: all 12 demo networks' case reports and the cross-case report as
DOCX (target: under 60 s in all). Figures go in docs/performance.md.

Usage::

    .venv/bin/python bench/reports.py              # a fresh SQLite database with the demo

The demo is loaded first (not timed); each network's report of its latest study year is sent
and approved (the cross-case report reads approved versions), then every DOCX is written
again, as `olievlek report --all` and `--cross-case` do. PNGs are rendered once and cached, as
in production; the first pass (cold cache) and the second (warm) are both reported.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        os.environ.setdefault("SECRET_KEY", "bench")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "olievlek.settings")
        from olievlek.cli import setup_django

        setup_django(migrate=True)
        from django.core.management import call_command

        call_command("createcachetable", verbosity=0)
        from olievlek.demoload import load_demo
        from olievlek.networks.models import Network
        from olievlek.reports import actions, crosscase, formats
        from olievlek.surveys.models import Wave

        start = time.perf_counter()
        load_demo()
        print(f"demo loaded in {time.perf_counter() - start:.1f} s")
        networks = list(Network.objects.order_by("slug"))
        year = max(int(w) for w in Wave.objects.values_list("label", flat=True) if w.isdigit())
        for label in ("cold cache", "warm cache"):
            start = time.perf_counter()
            total = 0
            for network in networks:
                total += len(actions.render_report(network, year, "docx"))
            case = time.perf_counter() - start
            if label == "cold cache":
                for network in networks:
                    report = actions.report_for(network, year)
                    actions.decide(actions.send(report, actor="bench"), approve=True,
                                   actor="bench")
            start = time.perf_counter()
            total += len(formats.to_docx(crosscase.build(year)))
            cross = time.perf_counter() - start
            print(f"{label}: {len(networks)} case reports {case:.1f} s, cross-case {cross:.1f} s, "
                  f"together {case + cross:.1f} s ({total / 1e6:.1f} MB of DOCX), year {year}")


if __name__ == "__main__":
    main()
