"""Server time of every insight page: the largest demo network and a synthetic 300-person one.

Usage::

    .venv/bin/python bench/insight.py                  # prints a Markdown table (docs/performance.md)
    .venv/bin/python bench/insight.py --participants   # /participants/ and its charts instead

Runs in a throwaway SQLite database: loads the demo, adds ``synthetic-300`` (300 people in
20 units, two waves, ~1,400 advice ties per wave), then requests each page through Django's
test client as a researcher (names) and as a coordinator (pseudonyms). "first" is the first
request (the layout is computed and cached), "median" the median of the next five.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def synthetic_package(n: int = 300, seed: int = 1):
    from olievlek.package import Package, frame

    rng = random.Random(seed)
    pkg = Package.empty(network={"id": f"synthetic-{n}", "name": f"Synthetisch netwerk ({n})",
                                 "sector": "po", "region": "", "theme": "", "started": "2020"})
    units = [{"id": "u00", "name": "Stuurgroep", "kind": "stuurgroep", "process": "coordinatie",
              "level": "macro"}]
    units += [{"id": f"u{i:02d}", "name": f"Onderzoeksgroep {i}", "kind": "onderzoeksgroep",
               "process": "onderzoek", "level": "meso", "parent": "u00"} for i in range(1, 5)]
    units += [{"id": f"u{i:02d}", "name": f"PLG {i - 4}", "kind": "PLG", "process": "praktijk",
               "level": "micro", "parent": "u00"} for i in range(5, 20)]
    pkg.units = frame("units", units)
    pkg.organisations = frame("organisations", [
        {"id": f"o{i}", "name": f"Organisatie {i}", "type": "school", "sector": "po", "member": "1"}
        for i in range(12)])
    people, memberships, home = [], [], {}
    for i in range(n):
        pid = f"s{i:03d}"
        unit = "u00" if i < 8 else f"u{1 + (i % 19):02d}"
        home[pid] = unit
        people.append({"id": pid, "name": f"Persoon {i:03d}", "organisation": f"o{i % 12}",
                       "sector": "po" if i % 3 else "ho", "function": "leerkracht"})
        role = "projectleider" if i == 0 else ("coordinator" if i < 8 else "leraar")
        memberships.append({"person": pid, "unit": unit, "role": role, "start": "2023-09-01"})
        if rng.random() < 0.1:
            other = f"u{rng.randrange(1, 20):02d}"
            if other != unit:
                memberships.append({"person": pid, "unit": other, "role": "bruggenbouwer",
                                    "start": "2024-01-01"})
    pkg.people = frame("people", people)
    pkg.memberships = frame("memberships", memberships)
    ids = [p["id"] for p in people]
    by_unit: dict[str, list[str]] = {}
    for pid in ids:
        by_unit.setdefault(home[pid], []).append(pid)
    ties, responses = [], []
    previous: set[tuple[str, str]] = set()
    for wave, present in (("2024", ids[: int(n * 0.95)]), ("2025", ids[:8] + ids[8 + int(n * 0.05):])):
        here = set(present)
        chosen: set[tuple[str, str]] = {t for t in previous if set(t) <= here and rng.random() < 0.7}
        for pid in present:
            for _ in range(rng.randint(2, 6)):
                pool = by_unit[home[pid]] if rng.random() < 0.7 else ids
                other = rng.choice(pool)
                if other != pid and other in here:
                    chosen.add((pid, other))
        for s, t in sorted(chosen):
            ties.append({"wave": wave, "source": s, "target": t, "relation": "advice",
                         "frequency": rng.randint(1, 5), "usefulness": "", "topic": ""})
        responses += [{"wave": wave, "person": p, "status": "complete"} for p in present]
        previous = chosen
    pkg.ties = frame("ties", ties)
    pkg.responses = frame("responses", responses)
    return pkg


def pages(slug: str) -> list[tuple[str, str]]:
    base = f"/networks/{slug}"
    return [
        ("sociogram", f"{base}/waves/2025/sociogram/"),
        ("sociogram PNG", f"{base}/waves/2025/sociogram/sociogram.png"),
        ("leadership", f"{base}/waves/2025/leadership/"),
        ("islands", f"{base}/waves/2025/islands/"),
        ("change", f"{base}/change/?from=2024&to=2025"),
        ("figures", f"{base}/figures/"),
        ("GraphML", f"{base}/waves/2025/export.graphml"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", action="store_true",
                        help="time /participants/ (all networks), a network's page and every chart instead")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="olievlek-bench-")
    os.environ["OLIEVLEK_VAR"] = tmp
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    sys.path[:0] = [str(Path(__file__).resolve().parents[1])]
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client

    from olievlek.accounts.models import Profile
    from olievlek.demoload import load_demo
    from olievlek.networks.actions import import_package
    from olievlek.networks.models import Network

    call_command("migrate", verbosity=0)
    load_demo()
    if args.participants:
        return participants()
    import_package(synthetic_package(), actor="bench")
    largest = (Network.objects.exclude(slug__startswith="synthetic").annotate(
        n=Count("people", distinct=True)).filter(waves__label="2025").order_by("-n").first())
    users = get_user_model()
    researcher = users.objects.create_user("bench-researcher")
    Profile.objects.create(user=researcher, role="researcher")
    rows = []
    for network in (largest, Network.objects.get(slug="synthetic-300")):
        coordinator = users.objects.create_user(f"bench-coord-{network.pk}")
        Profile.objects.create(user=coordinator, role="coordinator", network=network)
        ties = network.waves.get(label="2025").ties.filter(relation="advice").count()
        for who, user in (("researcher", researcher), ("coordinator", coordinator)):
            client = Client()
            client.force_login(user)
            for name, url in pages(network.slug):
                start = time.perf_counter()
                response = client.get(url)
                first = time.perf_counter() - start
                assert response.status_code == 200, (url, response.status_code)
                times = []
                for _ in range(5):
                    start = time.perf_counter()
                    client.get(url)
                    times.append(time.perf_counter() - start)
                rows.append((network.slug, network.people.count(), ties, who, name,
                             first * 1000, statistics.median(times) * 1000))
    print("| network | people | advice ties 2025 | viewer | page | first (ms) | median (ms) |")
    print("|---|---:|---:|---|---|---:|---:|")
    for slug, n, m, who, name, first, median in rows:
        print(f"| {slug} | {n} | {m} | {who} | {name} | {first:.0f} | {median:.0f} |")
    return 0


def _time(client, url) -> tuple[float, float, float]:
    """Milliseconds of the first request, and the median and maximum of five more."""
    start = time.perf_counter()
    response = client.get(url)
    first = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return first * 1000, statistics.median(times) * 1000, max(times) * 1000


def participants() -> int:
    """The participants pages of the demo (twelve networks) as a researcher: "first" computes
    the study, its tables and each chart once per data version; then from the cache."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from olievlek.accounts.models import Profile
    from olievlek.networks.models import Network
    from olievlek.participants import actions
    from olievlek.participants.views import _charts

    researcher = get_user_model().objects.create_user("bench-researcher")
    Profile.objects.create(user=researcher, role="researcher")
    client = Client()
    client.force_login(researcher)
    networks = list(Network.objects.order_by("slug"))
    rows = [("/participants/ (all networks)", *_time(client, "/participants/"))]
    from olievlek.accounts.access import viewer

    study = actions.cached_study(networks, actions.default_wave(networks), viewer(researcher))
    charts = _charts(study, set())
    for ext in ("svg", "png"):
        times = [_time(client, f"/participants/download/{name}.{ext}") for name in charts]
        rows.append((f"its {len(charts)} charts, {ext.upper()} (slowest)",
                     max(t[0] for t in times), max(t[1] for t in times), max(t[2] for t in times)))
    largest = max(networks, key=lambda n: n.people.count())
    rows.append((f"/networks/{largest.slug}/participants/",
                 *_time(client, f"/networks/{largest.slug}/participants/")))
    print("| page | first (ms) | warm median (ms) | warm max (ms) |")
    print("|---|---:|---:|---:|")
    for name, first, median, most in rows:
        print(f"| {name} | {first:.0f} | {median:.0f} | {most:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
