"""Time olievlekwerking at scale: 1,000 objects, 200,000 uses, 20,000 organisations.

Usage::

    .venv/bin/python bench/spread.py            # the command, the library, a map
    .venv/bin/python bench/spread.py --web      # also the pages' server time (SQLite)
    .venv/bin/python bench/spread.py --web-only # only the pages

Figures go in docs/performance.md. The portfolio is synthetic: 20 member organisations and
19,980 others spread over every municipality, 2,000 people, uses from 2024 to 2026 in all rings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "src"))


def synthetic_package(path: Path, objects=1_000, uses=200_000, organisations=20_000, seed=1) -> Path:
    from olievlek.package import Package, frame, write_package
    from olievlek.spread import USE_KINDS, municipalities

    rng = np.random.default_rng(seed)
    codes = np.array(sorted(municipalities()), dtype=object)
    pkg = Package.empty(network={"id": "bench", "name": "Bench", "sector": "vo"})
    members = 20
    org_ids = np.array([f"org{i:05d}" for i in range(organisations)], dtype=object)
    # members in a few municipalities (one region), the rest anywhere
    place = np.where(np.arange(organisations) < members, codes[rng.integers(0, 5, organisations)],
                     codes[rng.integers(0, len(codes), organisations)])
    pkg.organisations = frame("organisations", [
        {"id": o, "name": f"Organisatie {o}", "member": i < members, "municipality": m}
        for i, (o, m) in enumerate(zip(org_ids, place))])
    people = [f"p{i:05d}" for i in range(2_000)]
    pkg.people = frame("people", [{"id": p, "name": p, "organisation": org_ids[i % members]}
                                  for i, p in enumerate(people)])
    pkg.ties = frame("ties", [{"wave": "2024", "source": people[i], "target": people[(i + k * 37) % 2000],
                               "relation": "advice", "frequency": 3}
                              for i in range(2000) for k in (1, 2, 3)])
    start = dt.date(2024, 1, 1)
    pkg.objects = frame("objects", [
        {"id": f"b{i:04d}", "title": f"Object {i}", "kind": "product", "status": "gerealiseerd",
         "date": start.isoformat(), "makers": people[i % 2000]} for i in range(objects)])
    # skewed: most uses by members and a few thousand outsiders
    org_pick = np.where(rng.random(uses) < 0.4, rng.integers(0, members, uses),
                        (rng.pareto(1.2, uses) * 50).astype(int) % organisations)
    days = rng.integers(0, 1000, uses)
    kinds = np.array(USE_KINDS, dtype=object)[rng.integers(0, len(USE_KINDS), uses)]
    person = np.where(org_pick < members, np.array(people, dtype=object)[rng.integers(0, 2000, uses)], "")
    obj = rng.integers(0, objects, uses)
    pkg.uses = frame("uses", [
        {"object": f"b{o:04d}", "date": (start + dt.timedelta(days=int(d))).isoformat(),
         "organisation": org_ids[g], "person": p if p and int(p[1:]) % members == g else "",
         "use": k} for o, d, g, p, k in zip(obj, days, org_pick, person, kinds)])
    return write_package(pkg, path)


def timed(label, fn):
    t = time.perf_counter()
    out = fn()
    print(f"{label:<48} {time.perf_counter() - t:8.2f} s", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--web", action="store_true", help="also time the pages on SQLite (cold, warm)")
    parser.add_argument("--web-only", action="store_true", help="only the pages")
    parser.add_argument("--warm-task", action="store_true",
                        help="run the background warm-up task first, as the worker would after a change")
    parser.add_argument("--db", default="", help="SQLite file to keep the imported network in between runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.web_only and args.db and Path(args.db).exists():
            web(None, tmp, args.db, args.warm_task)
            return
        pkg_dir = timed("make the synthetic package", lambda: synthetic_package(tmp / "pkg"))
        if args.web_only:
            from olievlek.package import read_package

            pkg = None if args.db and Path(args.db).exists() else timed(
                "read and validate the package", lambda: read_package(pkg_dir))
            web(pkg, tmp, args.db)
            return
        cli = [sys.executable, "-m", "olievlek.cli", "spread", str(pkg_dir), "--out", str(tmp / "out")]
        timed("olievlek spread PACKAGE (whole process)", lambda: subprocess.run(cli, check=True))
        from olievlek.package import read_package
        from olievlek.spread import analyze, portfolio_from_package
        from olievlek.spread.maps import oil_stain

        pkg = timed("read and validate the package", lambda: read_package(pkg_dir))
        portfolio = portfolio_from_package(pkg)
        result = timed("analyze (rings, every measure)", lambda: analyze(portfolio))
        timed("map, 12 quarterly panels", lambda: oil_stain(result.uses, subject="Bench"))
        timed("map, one object", lambda: oil_stain(result.uses[result.uses["object"] == "b0001"],
                                                   subject="b0001", period=None))
        if args.web:
            web(pkg, tmp, args.db)


def web(pkg, tmp: Path, db: str = "", warm_task: bool = False) -> None:
    """The pages' server time on SQLite. ``db``: a database file kept between runs (the
    import takes minutes under load): imported into once, reused afterwards."""
    path = Path(db) if db else tmp / "bench.sqlite3"
    fresh = not path.exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["OLIEVLEK_VAR"] = str(tmp)
    # The test settings: plain HTTP and static files without collectstatic.
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    sys.path.insert(0, str(ROOT))
    from olievlek.cli import setup_django

    setup_django(migrate=True)
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    from olievlek.accounts.models import Profile
    from olievlek.networks.actions import import_package

    if fresh:
        timed("import into SQLite", lambda: import_package(pkg))
    cache.clear()  # cold: nothing derived yet
    if warm_task:
        from olievlek.networks.models import Network
        from olievlek.portfolio.tasks import warm_spread_task

        timed("background warm-up task (what the worker runs)",
              lambda: warm_spread_task.call(Network.objects.get(slug="bench").pk))
        from olievlek import derived

        derived._local.clear()  # another process: only the shared cache is warm
    get_user_model().objects.filter(username="bench").delete()
    user = get_user_model().objects.create_user("bench", password="x")
    Profile.objects.create(user=user, role="researcher")
    client = Client()
    client.force_login(user)
    pages(client, [
        ("olievlek page", "/networks/bench/olievlek/"),
        ("olievlek page, per month", "/networks/bench/olievlek/?period=month"),
        ("map.svg", "/networks/bench/olievlek/download/map.svg"),
        ("map_depth.svg", "/networks/bench/olievlek/download/map_depth.svg"),
        ("map.png", "/networks/bench/olievlek/download/map.png"),
        ("reach_curves.svg", "/networks/bench/olievlek/download/reach_curves.svg"),
        ("portfolio list", "/networks/bench/portfolio/"),
        ("object page", "/networks/bench/portfolio/b0001/"),
        ("object reach_curves.svg", "/networks/bench/portfolio/b0001/download/reach_curves.svg"),
        ("object rings.svg", "/networks/bench/portfolio/b0001/download/rings.svg"),
        ("object map.svg", "/networks/bench/portfolio/b0001/download/map.svg"),
        ("all networks page", "/olievlek/"),
    ])


def pages(client, urls, warm_runs=5) -> None:
    """Server time of each page (Django's test client: the whole request in this process):
    the first request (cold: computes and caches) and the median of ``warm_runs`` more."""
    import statistics

    print(f"{'page':<32} {'cold':>9} {'warm median':>12} {'warm max':>9}")
    for label, url in urls:
        t = time.perf_counter()
        response = client.get(url, secure=True)
        cold = time.perf_counter() - t
        assert response.status_code == 200, (url, response.status_code)
        warm = []
        for _ in range(warm_runs):
            t = time.perf_counter()
            client.get(url, secure=True)
            warm.append(time.perf_counter() - t)
        print(f"{label:<32} {cold * 1000:7.0f}ms {statistics.median(warm) * 1000:10.0f}ms "
              f"{max(warm) * 1000:7.0f}ms", flush=True)

if __name__ == "__main__":
    main()
