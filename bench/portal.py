"""Time the portal's search at scale: 50,000 people, 2,000 groups, 20,000 products (issue 15's
target: p95 under 100 ms on SQLite and on PostgreSQL).

Usage::

    .venv/bin/python bench/portal.py                 # SQLite (a fresh temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/portal.py
    .venv/bin/python bench/portal.py --rounds 5      # fewer requests

It makes a fresh database of its own (the test settings' mechanism: a temporary SQLite file,
or a ``test_olievlek_<pid>`` database on the PostgreSQL server, dropped afterwards), builds
the data in bulk (not timed): 50 networks on the portal, 50,000 profiles, 2,000 published
groups, 20,000 public products, with words drawn from a Dutch vocabulary so that some are in
a third of all entries and others in a handful, and their search entries with the terms of
``olievlek.portal.text.terms`` as the portal makes them. Then it asks
``/portaal/zoeken/?q=...`` (Django's test client: the whole request in this process, so the
server-side time including the facets and the page) for a mix of queries and facets,
``--rounds`` times each, and prints p50 and p95 per query and over all. Figures go in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

COMMON = ["onderwijs", "leraren", "school", "leren", "samen", "praktijk", "onderzoek",
          "ontwikkeling", "leerlingen", "kwaliteit"]
WORDS = """lezen rekenen taal begrijpend leergemeenschap leergemeenschappen coördinator
coördinatoren didactiek professionalisering burgerschap techniek wetenschap kansengelijkheid
inclusie digitale geletterdheid formatief evalueren toetsen feedback mentoraat
ouderbetrokkenheid samenwerking schoolleider lerarenopleiding praktijkgericht
onderzoeksverslag kaartenset werkwijze kennisclip workshop netwerk regio expertise
begeleiding differentiatie instructie motivatie welbevinden gedrag sociaal emotioneel
hoogbegaafdheid dyslexie nieuwkomers meertaligheid wereldoriëntatie natuur duurzaamheid
kunst cultuur muziek bewegen sport gezondheid loopbaan oriëntatie stage beroepspraktijk
vakmanschap curriculum leerlijn doorlopende overgang primair voortgezet beroepsonderwijs
hoger teamleren lesson study datagebruik opbrengsten analyse reflectie intervisie coaching
observatie lesbezoek ontwerpgericht innovatie experiment pilot evaluatie implementatie
borging verduurzaming kennisdeling vraagbaak handreiking toolkit format leidraad
""".split()
FIRST = ["Anna", "Bram", "Cato", "Daan", "Eva", "Femke", "Gijs", "Hanna", "Ilse", "Joris",
         "Karin", "Lars", "Marloes", "Niels", "Olga", "Pieter", "Roos", "Sanne", "Thijs",
         "Ursula", "Vera", "Wouter", "Yara", "Zoë", "Ömer", "Noëlle"]
LAST = ["Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Mulder",
        "de Boer", "Bos", "Vos", "Peters", "Hendriks", "Dekker", "Brouwer", "Dijkstra",
        "Kramer", "Haverkamp", "Nijhuis", "Oude Luttikhuis"]
ROLES = ["leraar", "lerarenopleider", "onderzoeker", "schoolleider", "lector", "coördinator",
         "intern begeleider", "teamleider"]
PROVINCES = ["Overijssel", "Gelderland", "Utrecht", "Noord-Brabant", "Groningen",
             "Zuid-Holland", "Limburg", "Friesland"]
SECTORS = ["po", "vo", "mbo", "sectoroverstijgend"]
ORG_TYPES = ["schoolbestuur", "school", "hogeschool", "universiteit"]
KINDS = ["product", "process", "agreement"]

# (label, query string): words common and rare, a plural, an accent, several words, facets,
# browsing without words, a name, and nothing found.
QUERIES = [
    ("common word", "q=onderwijs"),
    ("common word, page 3", "q=leraren&page=3"),
    ("plural stem", "q=leergemeenschappen"),
    ("accent folded", "q=coordinator"),
    ("two words", "q=begrijpend+lezen"),
    ("three words", "q=formatief+evalueren+feedback"),
    ("name", "q=Jansen"),
    ("word + sector", "q=onderzoek&sector=po"),
    ("word + kind", "q=praktijk&kind=product"),
    ("word + province + type", "q=school&province=Overijssel&organisation_type=school"),
    ("browse (no words)", "q="),
    ("browse + theme", "q=&theme=lezen"),
    ("no hits", "q=xyzzyonbekend"),
]


def _text(rng: random.Random, n: int) -> str:
    words = [rng.choice(COMMON) if rng.random() < 0.25 else rng.choice(WORDS) for _ in range(n)]
    return " ".join(words)


def build(people=50_000, groups=2_000, products=20_000, networks=50, seed=1) -> None:
    """Bulk-create the portal's rows and their search entries, as the portal's indexing
    would write them (olievlek.portal.search), without its row-by-row workflows."""
    from django.db import transaction
    from django.utils import timezone

    from olievlek.networks.models import Network, Organisation, Person, Unit
    from olievlek.portal import text
    from olievlek.portal.models import (
        PortalNetwork,
        PublicProfile,
        PublishedObject,
        PublishedUnit,
        SearchEntry,
    )
    from olievlek.portfolio.models import BoundaryObject

    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)
    themes = ["lezen", "rekenen", "burgerschap", "techniek", "kansengelijkheid", "didactiek"]
    with transaction.atomic():
        nets = Network.objects.bulk_create([
            Network(slug=f"bench-{i:02}", name=f"Kennisnetwerk {i:02}", sector=SECTORS[i % 4],
                    region=f"Regio {i % 12}", theme=themes[i % len(themes)])
            for i in range(networks)])
        PortalNetwork.objects.bulk_create([
            PortalNetwork(network=n, enabled=True, province=PROVINCES[i % len(PROVINCES)])
            for i, n in enumerate(nets)])
        orgs = Organisation.objects.bulk_create([
            Organisation(network=nets[i % networks], key=f"o{i}", name=f"Organisatie {i}",
                         type=rng.choice(ORG_TYPES)) for i in range(networks * 10)])
        persons = Person.objects.bulk_create([
            Person(network=nets[i % networks], key=f"p{i}",
                   name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                   organisation=orgs[(i % networks) + networks * rng.randrange(10)])
            for i in range(people)], batch_size=2000)
        profiles = PublicProfile.objects.bulk_create([
            PublicProfile(person=p, name=p.name, role=rng.choice(ROLES),
                          organisation=p.organisation.name, region=p.network.region,
                          expertise_kinds="thema;praktijk", expertise=_text(rng, 8),
                          consented_at=now, consent_text="bench")
            for p in persons], batch_size=2000)
        units = Unit.objects.bulk_create([
            Unit(network=nets[i % networks], key=f"u{i}", name=f"PLG {rng.choice(WORDS)} {i}",
                 kind=rng.choice(["plg", "expertgroep", "projectgroep"]))
            for i in range(groups)], batch_size=2000)
        pubunits = PublishedUnit.objects.bulk_create([
            PublishedUnit(unit=u, theme=rng.choice(themes), goal=_text(rng, 15),
                          how_to_join="Mail de coördinator") for u in units])
        objects = BoundaryObject.objects.bulk_create([
            BoundaryObject(network=nets[i % networks], key=f"b{i}",
                           title=f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {i}",
                           kind=rng.choice(KINDS), form=rng.choice(["kaartenset", "werkwijze",
                                                                     "kennisclip", ""]),
                           licence="CC-BY-4.0", themes=";".join(rng.sample(themes, 2)),
                           description=_text(rng, 30), date=dt.date(2024, 1 + i % 12, 1))
            for i in range(products)], batch_size=2000)
        pubobjects = PublishedObject.objects.bulk_create([
            PublishedObject(object=o, datestamp=now) for o in objects], batch_size=2000)

        def entry(kind, network, title, summary, url, words, **facets):
            return SearchEntry(kind=kind, network=network, title=title[:300],
                               summary=summary[:500], url=url, terms=" ".join(text.terms(words)),
                               sector=network.sector, province=PROVINCES[nets.index(network) %
                                                                         len(PROVINCES)],
                               **facets)

        net_index = {n.pk: n for n in nets}
        entries = []
        for pr in profiles:
            net = net_index[pr.person.network_id]
            entries.append(entry("person", net, pr.name, f"{pr.role} · {pr.organisation}",
                                 f"/portaal/mensen/{pr.pk}/",
                                 " ".join([pr.name, pr.role, pr.organisation, pr.region,
                                           "thematische expertise praktijk", pr.expertise]),
                                 profile=pr, theme=net.theme,
                                 organisation_type=pr.person.organisation.type))
        for pu in pubunits:
            net = net_index[pu.unit.network_id]
            entries.append(entry("group", net, pu.unit.name, f"{pu.unit.kind} · {pu.theme}",
                                 f"/portaal/groepen/{pu.pk}/",
                                 " ".join([pu.unit.name, pu.unit.kind, pu.theme, pu.goal,
                                           pu.how_to_join, net.name]),
                                 unit=pu, theme=pu.theme))
        for po in pubobjects:
            obj = po.object
            net = net_index[obj.network_id]
            entries.append(entry("product", net, obj.title, obj.form or obj.kind,
                                 f"/portaal/producten/{po.pk}/",
                                 " ".join([obj.title, obj.form, obj.kind, obj.themes,
                                           obj.description]),
                                 product=po, theme=obj.themes.split(";")[0],
                                 product_kind=obj.kind))
        SearchEntry.objects.bulk_create(entries, batch_size=2000)


def measure(rounds: int) -> list[float]:
    from django.test import Client

    client = Client()
    client.get("/portaal/zoeken/?q=warm")  # templates and the stemmer loaded (not counted)
    every: list[float] = []
    print(f"{'query':<28} {'hits':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for label, query in QUERIES:
        times = []
        hits = 0
        for _ in range(rounds):
            start = time.perf_counter()
            response = client.get(f"/portaal/zoeken/?{query}")
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (query, response.status_code)
            hits = response.context["results"].count
        every += times
        print(f"{label:<28} {hits:>6} {statistics.median(times):>8.1f} {p95(times):>8.1f}")
    return every


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--groups", type=int, default=2_000)
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=20, help="requests per query")
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"  # the test DB mechanism
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        db = connection.vendor
        start = time.perf_counter()
        build(args.people, args.groups, args.products)
        if db == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"{db}: built {args.people} people, {args.groups} groups, {args.products} "
              f"products in {time.perf_counter() - start:.0f} s")
        every = measure(args.rounds)
        print(f"all {len(every)} requests on {db}: p50 {statistics.median(every):.1f} ms, "
              f"p95 {p95(every):.1f} ms (target: p95 under 100 ms)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
