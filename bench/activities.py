"""Server time of the activity, turnover and monitor pages for the largest demo networks.

Usage::

    .venv/bin/python bench/activities.py         # prints a Markdown table (docs/performance.md)

Runs in a throwaway SQLite database: loads the demo, then requests each page through Django's
test client as a researcher, for the demo network with the most people, the one with the most
attendance rows and network 08 (the monitor). "first" is the first request, "median" the
median of the next five. Target: under 300 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PAGES = ("/", "/activities/", "/activities/network/", "/turnover/", "/monitor/")


def main() -> int:
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
    from olievlek.networks.models import Network

    call_command("migrate", verbosity=0)
    load_demo()
    by_people = Network.objects.annotate(n=Count("people")).order_by("-n").first()
    by_attendance = Network.objects.annotate(n=Count("activities__attendance")).order_by("-n").first()
    networks = list(dict.fromkeys([by_people, by_attendance, Network.objects.get(slug__startswith="08-")]))
    user = get_user_model().objects.create_user("bench-researcher")
    Profile.objects.create(user=user, role="researcher")
    client = Client()
    client.force_login(user)
    print("| network | people | activities | attendance | page | first (ms) | median (ms) |")
    print("|---|---:|---:|---:|---|---:|---:|")
    for network in networks:
        acts = network.activities.count()
        att = network.activities.aggregate(n=Count("attendance"))["n"]
        for page in PAGES:
            url = f"/networks/{network.slug}{page}"
            start = time.perf_counter()
            response = client.get(url)
            first = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, (url, response.status_code)
            times = []
            for _ in range(5):
                start = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            print(f"| {network.slug} | {network.people.count()} | {acts} | {att} | {page} | "
                  f"{first:.0f} | {statistics.median(times):.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
