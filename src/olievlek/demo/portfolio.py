"""The demo portfolios: each network's intended outputs as boundary objects, with ratings and
made-up but plausible uses from 2024 to 2026 spreading outward from the makers.

Runs after the rest of the demo and draws from its own random streams, so the people, ties
and responses of the demo are exactly what they were before portfolios existed. How the uses
are made is told in ``docs/demo-data.md`` ("Portfolio and spread").
"""

from __future__ import annotations

import datetime as dt
from typing import Any, SupportsInt

import numpy as np
import pandas as pd

from olievlek.package import Package, frame
from olievlek.spread import municipalities

# Real municipalities of each network's region (names as CBS writes them), the first being the
# centre; member organisations are spread over them.
HOME = {
    1: ["Utrecht", "Amersfoort", "Zeist", "Nieuwegein"],
    2: ["Rotterdam", "Barendrecht", "Ridderkerk"],
    3: ["Amsterdam", "Amstelveen", "Zaanstad", "Diemen"],
    4: ["Eindhoven", "Helmond", "Veldhoven", "Best"],
    5: ["Utrecht", "Nieuwegein", "Houten", "Stichtse Vecht"],
    6: ["Eindhoven", "Geldrop-Mierlo", "Son en Breugel", "Waalre"],
    7: ["Arnhem", "Nijmegen", "Apeldoorn", "Ede"],
    8: ["Tilburg", "'s-Hertogenbosch", "Breda"],
    9: ["Westland", "'s-Gravenhage", "Delft", "Rijswijk (ZH.)"],
    10: ["Ede", "Veenendaal", "Wageningen", "Barneveld"],
    11: ["Groningen", "Leeuwarden", "Assen"],
    12: ["Amsterdam", "Amstelveen", "Diemen"],
}
# Names of organisations outside the network, by the network's sector.
OUTSIDE_KINDS = {
    "po": [("Basisschool", "school", "po"), ("Kindcentrum", "school", "po"),
           ("Stichting Primair Onderwijs", "schoolbestuur", "po")],
    "vo": [("Scholengemeenschap", "school", "vo"), ("Lyceum", "school", "vo"),
           ("Stichting Voortgezet Onderwijs", "schoolbestuur", "vo")],
    "mbo": [("Mbo-college", "mbo-instelling", "mbo"), ("ROC", "mbo-instelling", "mbo")],
    "sectoroverstijgend": [("Basisschool", "school", "po"), ("Scholengemeenschap", "school", "vo"),
                           ("Mbo-college", "mbo-instelling", "mbo"),
                           ("Lerarenopleiding", "lerarenopleiding", "ho")],
}
ABROAD = ("Vlaamse scholengroep Antwerpen", "BE")
FIRST_USE = dt.date(2024, 1, 8)
LAST_USE = dt.date(2026, 10, 30)
RATERS = ("onderzoeker-1", "onderzoeker-2")
CHANNELS = ("bijeenkomst", "website", "vakblad", "conferentie", "opleiding", "collega")


def status_of(text: str | None) -> str:
    """The portfolio status of a reference output: the first of its words that decides
    (``eerder`` or ``gerealiseerd``: realised; ``concept``, ``eerste opzet``, ``in gebruik``:
    draft; ``beoogd``: intended; nothing: intended)."""
    text = (text or "").lower()
    found = []
    for words, status in ((("eerder", "gerealiseerd"), "gerealiseerd"),
                          (("concept", "eerste opzet", "in gebruik"), "concept"),
                          (("beoogd",), "beoogd")):
        for word in words:
            if word in text:
                found.append((text.index(word), status))
    return min(found)[1] if found else "beoogd"


def add_portfolio(pkg: Package, net: dict[str, Any], seed: int) -> None:
    """Give ``pkg`` (one demo network) its municipalities, outside organisations, objects,
    ratings and uses. Deterministic for a seed."""
    rng = np.random.default_rng([seed, net["id"], 12])
    geo = municipalities()
    by_name = {m.name: m.code for m in geo.values()}
    home = [by_name[n] for n in HOME[net["id"]]]
    assert pkg.network is not None  # a demo network's package has its network row
    sector = pkg.network["sector"] or "sectoroverstijgend"

    orgs = pkg.organisations.copy()
    orgs["municipality"] = [home[i % len(home)] for i in range(len(orgs))]
    members = [o for o, m in zip(orgs["id"], orgs["member"]) if m]
    corops = {geo[c].corop for c in home}
    region = sorted(c for c, m in geo.items() if m.corop in corops and c not in home)
    elsewhere = sorted(c for c, m in geo.items() if m.corop not in corops)
    outside = []
    prefix = pkg.network["id"][:2]
    picks = [("regio", c) for c in rng.choice(region, size=min(10, len(region)), replace=False)]
    picks += [("land", c) for c in rng.choice(elsewhere, size=8, replace=False)]
    for i, (_, code) in enumerate(picks, start=1):
        name, kind, org_sector = OUTSIDE_KINDS[sector][int(rng.integers(len(OUTSIDE_KINDS[sector])))]
        outside.append({"id": f"n{prefix}-x{i:02d}", "name": f"{name} {geo[code].name}",
                        "type": kind, "sector": org_sector, "region": geo[code].corop_name,
                        "member": False, "municipality": code})
    outside.append({"id": f"n{prefix}-x99", "name": ABROAD[0], "type": "school", "sector": "",
                    "region": "België", "member": False, "municipality": ""})
    pkg.organisations = frame("organisations", orgs.to_dict("records") + outside)
    regional = [o["id"] for o in outside if o["region"] in {geo[c].corop_name for c in home}]
    national = [o["id"] for o in outside[:-1] if o["id"] not in regional]

    people = pkg.people
    staff: dict[str, list[str]] = {}
    for pid, org in zip(people["id"], people["organisation"]):
        if org:
            staff.setdefault(org, []).append(pid)
    units_of: dict[str, list[str]] = {}
    for pid, unit in zip(pkg.memberships["person"], pkg.memberships["unit"]):
        units_of.setdefault(pid, []).append(unit)
    candidates = sorted(p for p in people["id"] if people.set_index("id").at[p, "organisation"])
    objects, ratings, uses = [], [], []
    for i, ref in enumerate(net["intended_outputs"], start=1):
        oid = f"n{prefix}-b{i:02d}"
        status = status_of(ref.get("status"))
        makers = sorted(rng.choice(candidates, size=min(len(candidates), int(rng.integers(1, 4))),
                                   replace=False).tolist()) if candidates else []
        units = sorted({units_of[m][0] for m in makers if m in units_of})
        made: dt.date | None = FIRST_USE + dt.timedelta(days=int(rng.integers(-90, 420)))
        if status == "beoogd":
            made = None
        objects.append({
            "id": oid, "title": ref["name"][:300], "kind": ref["type"] or "product",
            "form": "", "status": status, "level": ref.get("level") or "",
            "date": made.isoformat() if made else "", "makers": ";".join(makers),
            "units": ";".join(units),
            "licence": "CC-BY-4.0" if status == "gerealiseerd" and rng.random() < 0.4 else "",
            "url": "", "based_on": "", "themes": "", "description": (ref.get("description") or "")[:2000],
        })
        if status == "beoogd":
            continue
        assert made is not None  # only an intended (beoogd) object has no date
        for rater in RATERS[: int(rng.integers(1, 3))]:
            scores = np.clip(rng.integers(2, 6, size=4) - (status == "concept"), 1, 5)
            ratings.append({"object": oid, "rater": rater, "date": "2025-06-30",
                            **dict(zip(("visibility", "accessibility", "usability", "transfer"),
                                       map(str, scores))), "note": ""})
        uses += _spread(rng, oid, made, status, makers, people, staff, members, regional,
                        national, f"n{prefix}-x99")
    pkg.objects = frame("objects", objects)
    pkg.ratings = frame("ratings", ratings)
    pkg.uses = frame("uses", sorted(uses, key=lambda u: (u["object"], u["date"], u["organisation"])))


def _spread(rng: np.random.Generator, oid: str, made: dt.date, status: str, makers: list[str],
            people: pd.DataFrame, staff: dict[str, list[str]], members: list[str],
            regional: list[str], national: list[str], abroad: str) -> list[dict[str, str]]:
    """Uses of one object: the makers first, then their own schools, other members, the
    region, now and then the country or abroad; some organisations stop, some adapt."""
    org_of = dict(zip(people["id"], people["organisation"]))
    own_orgs = sorted({org_of[m] for m in makers if org_of.get(m)})
    reach = 1.0 if status == "gerealiseerd" else 0.5
    out: list[dict[str, str]] = []

    def use(org: str, day: SupportsInt, kind: str, person: str = "", channel: str = "") -> None:
        date = max(made + dt.timedelta(days=int(day)), FIRST_USE)  # uses are recorded from 2024
        if date > LAST_USE:
            return
        out.append({"object": oid, "date": date.isoformat(), "organisation": org,
                    "person": person, "municipality": "", "country": "BE" if org == abroad else "",
                    "use": kind, "source": makers[0] if makers and not person else "",
                    "channel": channel or CHANNELS[int(rng.integers(len(CHANNELS)))], "note": ""})

    for m in makers[:1]:
        use(org_of[m], rng.integers(5, 40), "toegepast", person=m, channel="bijeenkomst")
    for org in own_orgs:
        colleagues = [p for p in staff.get(org, []) if p not in makers]
        for p in colleagues[: int(rng.integers(0, 3))]:
            use(org, rng.integers(30, 200), ["uitgeprobeerd", "toegepast"][int(rng.integers(2))], person=p)
    others = [o for o in members if o not in own_orgs]
    for org in rng.permutation(others)[: int(rng.integers(0, 4) * reach + 0.5)]:
        day = rng.integers(90, 400)
        person = staff.get(org, [""])[0] if rng.random() < 0.5 else ""
        kind = ["kennisgenomen", "ontvangen", "uitgeprobeerd", "toegepast"][int(rng.integers(4))]
        use(org, day, kind, person=person)
        if kind == "toegepast" and rng.random() < 0.6:
            use(org, day + rng.integers(190, 380), "verankerd" if rng.random() < 0.5 else "toegepast")
    for org in rng.permutation(regional)[: int(rng.integers(0, 5) * reach)]:
        day = rng.integers(200, 700)
        kind = ["kennisgenomen", "ontvangen", "uitgeprobeerd", "toegepast", "aangepast"][int(rng.integers(5))]
        use(org, day, kind)
        if kind in ("uitgeprobeerd", "toegepast") and rng.random() < 0.3:
            use(org, day + rng.integers(60, 200), "gestopt")
    if status == "gerealiseerd" and rng.random() < 0.3:
        for org in rng.permutation(national)[: int(rng.integers(1, 3))]:
            use(org, rng.integers(300, 900), ["kennisgenomen", "ontvangen"][int(rng.integers(2))],
                channel="conferentie")
    if status == "gerealiseerd" and rng.random() < 0.08:
        use(abroad, rng.integers(400, 900), "kennisgenomen", channel="conferentie")
    return out


__all__ = ["HOME", "add_portfolio", "status_of"]
