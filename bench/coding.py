"""Time coding at scale (issue 13): sources of 20,000 words, many codings, in SQLite.

Usage::

    .venv/bin/python bench/coding.py                    # 500 sources, 50,000 codings
    .venv/bin/python bench/coding.py --sources 50 --codings 5000   # a quick look

Measures: opening a 100-page source on the coding page (server-rendered, with its codings),
saving one coding through the page's form, and the code x case matrix page. Figures go in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "src"))

WORDS = ("netwerk leraar school onderzoek samen leren werkplaats bijeenkomst ontwikkeling "
         "kennis coördinator één café praktijk vraag").split()


def text_of(words: int, rng: random.Random) -> str:
    """About ``words`` words in paragraphs of 40-120 words (a 100-page interview at 20,000)."""
    paras, n = [], 0
    while n < words:
        k = rng.randint(40, 120)
        paras.append(" ".join(rng.choice(WORDS) for _ in range(k)) + ".")
        n += k
    return "\n".join(paras)


def timed(label: str, fn, repeat: int = 1):
    best = float("inf")
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    print(f"{label:<55} {best * 1000:9.1f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--codings", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ.setdefault("SECRET_KEY", "bench")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "olievlek.settings")
        os.environ.setdefault("ALLOWED_HOSTS", "testserver")
        from olievlek.cli import setup_django

        setup_django(migrate=True)
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test.utils import override_settings

        # Static files are not collected here: plain storage, as in development.
        storages = {**settings.STORAGES, "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        override_settings(STORAGES=storages).enable()
        from django.db import transaction
        from django.test import Client

        from olievlek.accounts.models import Profile
        from olievlek.networks.models import Network
        from olievlek.qda.models import Code, Coding, Source

        rng = random.Random(1)
        user = get_user_model().objects.create_user("bench", password="x")
        Profile.objects.create(user=user, role="researcher")
        networks = [Network.objects.create(slug=f"n{i:02d}", name=f"Netwerk {i}") for i in range(12)]
        codes = list(Code.objects.filter(codable=True))
        t = time.perf_counter()
        with transaction.atomic():
            sources = Source.objects.bulk_create([
                Source(network=networks[i % 12], kind="interview", title=f"Interview {i}",
                       text=text_of(args.words, rng)) for i in range(args.sources)])
            lengths = {s.pk: len(s.text) for s in sources}
            texts = {s.pk: s.text for s in sources}
            rows = []
            for _ in range(args.codings):
                s = rng.choice(sources)
                start = rng.randrange(0, lengths[s.pk] - 400)
                end = start + rng.randint(20, 400)
                rows.append(Coding(source=s, code=rng.choice(codes), start=start, end=end,
                                   quote=texts[s.pk][start:end], coder=user))
            Coding.objects.bulk_create(rows, batch_size=2000)
        print(f"{args.sources} sources of ~{args.words:,} words, {args.codings:,} codings "
              f"made in {time.perf_counter() - t:.1f} s")
        client = Client()
        client.force_login(user)
        big = max(sources, key=lambda s: Coding.objects.filter(source=s).count())
        url = f"/networks/{big.network.slug}/sources/{big.guid}/"
        n = Coding.objects.filter(source=big).count()
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            for what in (url, "/coding/"):
                prof = cProfile.Profile()
                prof.runcall(client.get, what, secure=True)
                pstats.Stats(prof).sort_stats("cumulative").print_stats("olievlek/(qda|coding|accounts)|sqlite3|template/defaulttags|urls/base", 25)
        client.get("/coding/codebook/", secure=True)  # the first request loads the URLconf
        other = next(s for s in sources if s.pk != big.pk)
        timed(f"open a source the first time ({len(other.text):,} chars)", lambda: client.get(
            f"/networks/{other.network.slug}/sources/{other.guid}/", secure=True))
        timed(f"open a source ({len(big.text):,} chars, {n} codings)",
              lambda: client.get(url, secure=True), repeat=3)
        code = codes[0]
        timed("save a coding (POST, redirect)", lambda: client.post(
            url + "codings/", {"start": 10, "end": 50, "codes": [code.pk]}, secure=True), repeat=5)
        timed("code x case matrix page", lambda: client.get("/coding/", secure=True), repeat=3)
        timed("co-occurrence page", lambda: client.get("/coding/co-occurrence/", secure=True))


if __name__ == "__main__":
    main()
