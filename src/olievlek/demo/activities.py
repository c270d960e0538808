"""The demo activities: each network's meetings following its planned rhythm, with plausible
attendance, the observed ones matching Bijlage 4's counts, and network 08's sustainability
monitor (two rounds for its three MIECs and the Kennispact).

Runs after the rest of the demo and draws from its own random streams, so the people, ties,
responses and portfolios of the demo are exactly what they were before. How the activities
are made is told in ``docs/demo-data.md`` ("Activities and the monitor").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np

from olievlek.analysis.sustainability import DEFAULT_FACTORS
from olievlek.package import Package, frame
from olievlek.package_files import membership_active

# The two school years of the study's subsidised period the demo covers.
SCHOOL_YEARS = (2023, 2024)
MONITOR_ROUNDS = (("2024-najaar", dt.date(2024, 11, 15)), ("2025-voorjaar", dt.date(2025, 5, 15)))
EXPLANATIONS = {
    "red": ("Hier is nog geen tijd of geld voor.", "Komt in het overleg niet aan bod.",
            "Hangt af van een of twee mensen."),
    "orange": ("Op gang, maar nog niet overal.", "Afspraken gemaakt, uitvoering wisselt.",
               "Wel besproken, nog niet vastgelegd."),
    "green": ("Staat in het jaarplan en gebeurt.", "Door iedereen gedragen.",
              "Vaste plek in de werkwijze."),
}


def _per_year(entry: dict[str, Any]) -> int | None:
    """Times per school year of a rhythm entry: ``per_year`` (the low end of ``6-8``), else
    40 school weeks over ``interval_weeks``; None when the plan gives no number."""
    value = entry.get("per_year")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.match(r"^\d+", value):
        return int(re.match(r"^\d+", value).group())  # type: ignore[union-attr]
    weeks = entry.get("interval_weeks")
    if isinstance(weeks, str) and re.match(r"^\d+", weeks):
        weeks = int(re.match(r"^\d+", weeks).group())  # type: ignore[union-attr]
    return 40 // weeks if isinstance(weeks, int) and weeks > 0 else None


def _kind(group: str, units: list[str]) -> str:
    text = (group + " " + " ".join(units)).lower()
    for word, kind in (("werkplaats", "werkplaatsbijeenkomst"), ("plg", "plg-bijeenkomst"),
                       ("online", "online-uurtje"), ("symposium", "symposium"),
                       ("conferentie", "conferentie"), ("stuurgroep", "overleg"),
                       ("kernteam", "overleg"), ("kerngroep", "overleg")):
        if word in text:
            return kind
    return "bijeenkomst"


PROCESSES = {"coordinatie": "communicatie-coordinatie", "onderzoek": "kennisontwikkeling",
             "praktijk": "kennisbenutting;kennisdeling"}


def add_activities(pkg: Package, net: dict[str, Any], seed: int) -> None:
    """Fill ``activities``, ``attendance``, ``rhythms`` (and for network 08 ``scores``)."""
    rng = np.random.default_rng([seed, net["id"], 14])
    unit_ids = list(pkg.units["id"])
    process = dict(zip(pkg.units["id"], pkg.units["process"]))
    ms = list(zip(pkg.memberships["person"], pkg.memberships["unit"], pkg.memberships["start"],
                  pkg.memberships["end"]))
    guests = [name for name, member in zip(pkg.organisations["name"], pkg.organisations["member"])
              if not member] or ["Gemeente"]
    planned: dict[str, int] = {}
    meetings: list[tuple[list[str], int, str]] = []  # (units, per year, group)
    for entry in net.get("meeting_rhythm") or []:
        n = _per_year(entry)
        if not n:
            continue
        ref = entry.get("unit_id")
        if ref:
            units = [u for u in unit_ids if u == ref or u.startswith(ref + "-")]
            for u in units:
                planned[u] = planned.get(u, 0) + n
                meetings.append(([u], n, entry["group"]))
        else:  # a network-wide meeting: organised by the top units
            top = [u for u, parent in zip(pkg.units["id"], pkg.units["parent"]) if not parent][:1]
            meetings.append((top, n, entry["group"]))

    activities: list[dict[str, str]] = []
    attendance: list[dict[str, str]] = []
    slug = (pkg.network or {}).get("id", "")
    for units, n, group in meetings:
        for year in SCHOOL_YEARS:
            held = n if n < 3 else n - int(rng.integers(0, n // 4 + 1))  # up to a quarter fall out
            first = dt.date(year, 9, 1)
            for i in range(held):
                day = first + dt.timedelta(days=int(300 * (i + 0.5) / max(held, 1)) + int(rng.integers(-6, 7)))
                aid = f"{units[0] if units else slug[:3]}-{day.isoformat()}-{len(activities) + 1}"
                activities.append({
                    "id": aid, "date": day.isoformat(), "units": ";".join(units),
                    "kind": _kind(group, units), "processes": PROCESSES.get(process.get(units[0], "") if units else "", "kennisdeling"),
                    "title": group[:1].upper() + group[1:120], "observed": "0"})
                if len(units) == 1 and planned.get(units[0]):
                    people = sorted({p for p, u, s, e in ms if u == units[0] and membership_active(s, e, day)})
                    share = 0.8
                else:  # network-wide: a part of everyone, and a few guests
                    people = sorted({p for p, _u, s, e in ms if membership_active(s, e, day)})
                    share = 0.45
                    for _ in range(int(rng.integers(0, 4))):
                        attendance.append({"activity": aid, "person": "",
                                           "organisation": guests[int(rng.integers(len(guests)))]})
                attendance += [{"activity": aid, "person": p, "organisation": ""}
                               for p in people if rng.random() < share]
    # Bijlage 4: the observations of the first year, network-wide meetings first
    observed = int((net.get("observations_year1") or {}).get("count") or 0)
    first_year = [a for a in activities if a["date"] < f"{SCHOOL_YEARS[0] + 1}-08-01"]
    first_year.sort(key=lambda a: (a["kind"] == "overleg", a["date"], a["id"]))
    for a in first_year[:observed]:
        a["observed"] = "1"
    activities.sort(key=lambda a: (a["date"], a["id"]))
    pkg.activities = frame("activities", activities)
    pkg.attendance = frame("attendance", attendance)
    pkg.rhythms = frame("rhythms", [{"unit": u, "per_year": str(n), "note": ""} for u, n in sorted(planned.items())])
    if net["id"] == 8:
        pkg.scores = frame("scores", _monitor(pkg, rng))


def _monitor(pkg: Package, rng: np.random.Generator) -> list[dict[str, str]]:
    """Network 08's two monitor rounds for its MIECs and the Kennispact: each factor scored,
    mostly a step better in the second round."""
    units = [u for u in pkg.units["id"] if "miec" in u or "kennispact" in u]
    rows = []
    level = {(u, f[0]): int(rng.integers(0, 3)) for u in units for f in DEFAULT_FACTORS}
    for i, (label, day) in enumerate(MONITOR_ROUNDS):
        for u in units:
            for key, *_rest in DEFAULT_FACTORS:
                if i:
                    level[(u, key)] = int(np.clip(level[(u, key)] + rng.choice([-1, 0, 1, 1]), 0, 2))
                score = ("red", "orange", "green")[level[(u, key)]]
                text = EXPLANATIONS[score][int(rng.integers(len(EXPLANATIONS[score])))]
                rows.append({"round": label, "unit": u, "factor": key, "score": score,
                             "explanation": text, "date": day.isoformat()})
    return rows
