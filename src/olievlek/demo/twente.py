"""The thirteenth demo network: the Twente "Kennisnetwerk Lerende Leraren", built from
``data/twente_network.json`` (a copy of ``shared/reference/twente_network.json``) with its
governance: member organisations and their fees 2024-2026 (some unpaid), groups of the three
types (the W&T group as PLG, after projectgroep and expertgroep), the three bodies, the PLG's
products, and applications for support decided by :mod:`olievlek.governance.rules`.

It is not one of the study's twelve networks: it has no questionnaire waves, so the study's
participants tables (``olievlek.tables``) never count it (docs/demo-data.md). Pure, no Django.
The type history and the decisions of the bodies are not part of the package format; the demo
loader adds them from :data:`TYPE_HISTORY` and :data:`DECISIONS`.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

import numpy as np

from olievlek.governance import rules as R
from olievlek.package import Package, frame, membership_active, validate

SLUG = "13-kennisnetwerk-lerende-leraren"
YEARS = (2024, 2025, 2026)
# Twente's municipalities (CBS codes), in the order the boards are placed in them.
MUNICIPALITIES = (("GM0153", "Enschede"), ("GM0164", "Hengelo"), ("GM0141", "Almelo"),
                  ("GM0173", "Oldenzaal"), ("GM0147", "Borne"), ("GM0158", "Haaksbergen"),
                  ("GM1735", "Hof van Twente"), ("GM1742", "Rijssen-Holten"),
                  ("GM0183", "Tubbergen"), ("GM0189", "Wierden"), ("GM1700", "Twenterand"),
                  ("GM0163", "Hellendoorn"), ("GM0168", "Losser"), ("GM1774", "Dinkelland"))
BOARDS = 16  # member_organisations.by_type: 16 po boards
# Unpaid fees (organisation id, year): 2025 two boards late; 2026 only nine paid so far.
UNPAID_2025 = {"tw-bestuur-15", "tw-bestuur-16"}
PAID_2026 = 9

# Units: id, name, kind, process, level, members (count), from which organisations (ids).
_BODIES = [
    ("tw-programmaleiding", "Programmaleiding", "programmaleiding", "coordinatie", "macro"),
    ("tw-beleidsgroep", "Beleidsgroep", "beleidsgroep", "coordinatie", "macro"),
    ("tw-stuurgroep", "Stuurgroep", "stuurgroep", "coordinatie", "macro"),
]
# Groups: id, name, kind (type now), members, organisations they come from, start.
_GROUPS = [
    ("tw-wt", "Wetenschap en Technologie (W&T)", "PLG", 8,
     ["tw-bestuur-01", "tw-bestuur-02", "tw-bestuur-03", "tw-lerarenopleiding", "tw-bestuur-04"], "2019-09-01"),
    ("tw-jonge-kind", "Jonge Kind", "PLG", 8,
     ["tw-bestuur-05", "tw-bestuur-06", "tw-lerarenopleiding", "tw-bestuur-07", "tw-extern-bestuur"],
     "2021-09-01"),
    ("tw-schoolopleiders", "Expertgroep schoolopleiders", "expertgroep", 7,
     ["tw-bestuur-08", "tw-bestuur-09", "tw-bestuur-10", "tw-lerarenopleiding"], "2020-09-01"),
    ("tw-starterscoaches", "Expertgroep begeleiding van starters", "expertgroep", 6,
     ["tw-bestuur-11", "tw-bestuur-12", "tw-roc", "tw-mobiliteitscentrum"], "2022-09-01"),
    ("tw-rekencoordinatoren", "Expertgroep rekencoördinatoren", "expertgroep", 5,
     ["tw-bestuur-13", "tw-bestuur-14", "tw-bestuur-13"], "2023-09-01"),
    ("tw-digitale-geletterdheid", "Digitale geletterdheid", "PLG", 4,
     ["tw-bestuur-15", "tw-bestuur-16"], "2024-09-01"),
    ("tw-personeelstekort", "Regionale Aanpak Personeelstekort", "projectgroep", 5,
     ["tw-bestuur-01", "tw-roc", "tw-mobiliteitscentrum", "tw-lerarenopleiding"], "2024-01-15"),
]
GOALS = {
    "tw-wt": "Workshops W&T-onderwijs ontwerpen en geven voor collega's in de regio.",
    "tw-jonge-kind": "Kwaliteit van het onderwijs aan jonge kinderen verbeteren; bekwaamheidseisen "
                     "en een kaartenset 'Leren van spel' voor alle partners.",
    "tw-schoolopleiders": "Schoolopleiders leren van elkaar over het opleiden in de school.",
    "tw-starterscoaches": "Een gedeeld startersprotocol voor de begeleiding van starters.",
    "tw-rekencoordinatoren": "",  # applies without a goal: refused on 'goal'
    "tw-digitale-geletterdheid": "Digitale geletterdheid in de onderbouw.",
    "tw-personeelstekort": "Een gezamenlijke projectaanvraag tegen het personeelstekort.",
}
# The W&T group's history (example_networks[0].evolution): projectgroep (TechYourFuture
# project money), expertgroep, PLG once the partners made W&T a regional priority.
TYPE_HISTORY = {
    "tw-wt": [("projectgroep", "2019-09-01", "projectgelden TechYourFuture"),
              ("expertgroep", "2021-09-01", "deelnemers misten de uitwisseling met vakgenoten"),
              ("plg", "2024-01-01", "W&T regionale prioriteit; gemeente Enschede verdubbelt het budget")],
    "tw-jonge-kind": [("plg", "2021-09-01", "voortgekomen uit het expertisecentrum Jonge Kind")],
}
# Decisions of the bodies: body, date, text, how the organisations voted (None: every paying
# organisation for, except those named as against).
DECISIONS = [
    ("tw-beleidsgroep", "2024-03-12", "W&T wordt regionale prioriteit: partners stellen 40 uur "
     "professionaliseringstijd beschikbaar voor de PLG.", {"tw-bestuur-16": "against"}),
    ("tw-stuurgroep", "2025-02-04", "Het lidmaatschapsgeld blijft EUR 3.000 per organisatie.",
     {"tw-bestuur-03": "abstain"}),
    ("tw-beleidsgroep", "2025-10-07", "Investeren in de website als vraagbaak (vindbaarheid van "
     "mensen en producten).", {"tw-bestuur-01": "against", "tw-bestuur-02": "against",
                               "tw-bestuur-04": "against", "tw-bestuur-05": "against",
                               "tw-bestuur-06": "against", "tw-bestuur-07": "against",
                               "tw-bestuur-08": "against", "tw-bestuur-09": "against",
                               "tw-bestuur-10": "against"}),
]
# Applications for support: year, unit, date, amount (None: the type's), hours per member.
APPLICATIONS = [
    (2024, "tw-wt", "2024-01-20", None, 40), (2024, "tw-jonge-kind", "2024-01-20", None, 40),
    (2024, "tw-schoolopleiders", "2024-02-01", None, None),
    (2024, "tw-personeelstekort", "2024-02-01", 5000, None),
    (2025, "tw-wt", "2025-01-15", None, 40), (2025, "tw-jonge-kind", "2025-01-15", None, 40),
    (2025, "tw-schoolopleiders", "2025-01-20", None, None),
    (2025, "tw-starterscoaches", "2025-01-20", None, None),
    (2025, "tw-rekencoordinatoren", "2025-02-10", None, None),
    (2025, "tw-digitale-geletterdheid", "2025-02-10", None, 40),
    (2026, "tw-wt", "2026-01-15", None, 40), (2026, "tw-jonge-kind", "2026-01-15", None, 32),
    (2026, "tw-starterscoaches", "2026-01-20", None, None),
]


def reference() -> dict[str, Any]:
    return json.loads(resources.files("olievlek.demo").joinpath("data/twente_network.json")
                      .read_text("utf-8"))


def _organisations() -> list[dict[str, Any]]:
    orgs = []
    for i in range(1, BOARDS + 1):
        code, place = MUNICIPALITIES[(i - 1) % len(MUNICIPALITIES)]
        orgs.append({"id": f"tw-bestuur-{i:02d}", "name": f"Schoolbestuur po {i:02d} ({place})",
                     "type": "schoolbestuur", "sector": "po", "region": "Twente", "member": True,
                     "municipality": code})
    orgs += [
        {"id": "tw-lerarenopleiding", "name": "Lerarenopleiding (pabo) Twente",
         "type": "lerarenopleiding", "sector": "ho", "municipality": "GM0153"},
        {"id": "tw-roc", "name": "ROC in Twente", "type": "mbo-instelling", "sector": "mbo",
         "municipality": "GM0141"},
        {"id": "tw-mobiliteitscentrum", "name": "Regionaal mobiliteitscentrum (Onderwijsbureau Twente)",
         "type": "other", "sector": "anders", "municipality": "GM0164"},
        # Not members: open participation (a board that does not pay), the co-funder of the
        # W&T PLG and the two bureaus paid from the Jonge Kind PLG's budget.
        {"id": "tw-extern-bestuur", "name": "Schoolbestuur vo (geen lid)", "type": "schoolbestuur",
         "sector": "vo", "municipality": "GM0164", "member": False},
        {"id": "tw-gemeente-enschede", "name": "gemeente Enschede", "type": "gemeente",
         "sector": "anders", "municipality": "GM0153", "member": False},
        {"id": "tw-leerkracht", "name": "Stichting LeerKRACHT", "type": "other", "sector": "anders",
         "member": False},
        {"id": "tw-expertis", "name": "Expertis", "type": "other", "sector": "anders", "member": False},
    ]
    for o in orgs[BOARDS:]:
        o.setdefault("region", "Twente")
        o.setdefault("member", True)
    return orgs


def members() -> list[str]:
    """The 19 paying member organisations' ids (16 boards, pabo, ROC, mobility centre)."""
    return [o["id"] for o in _organisations() if o["member"]]


def generate_twente(seed: int, names: list[tuple[str, str]]) -> Package:
    """The Twente network as a validated package; ``names`` is the demo's name pool (taken
    from its end, so nobody shares a name with a person of the twelve)."""
    rng = np.random.default_rng([seed, 13])
    ref = reference()
    pkg = Package.empty(network={
        "id": SLUG, "name": ref["name"], "sector": "sectoroverstijgend", "region": "Twente",
        "theme": "Netwerk van netwerken: PLG's, expertgroepen en projectgroepen voor leraren "
                 "'van student tot pensionado'", "started": "2017"})
    orgs = _organisations()
    pkg.organisations = frame("organisations", orgs)
    units = [{"id": u, "name": n, "kind": k, "process": p, "level": lv, "parent": ""}
             for u, n, k, p, lv in _BODIES]
    units += [{"id": g[0], "name": g[1], "kind": g[2], "process": "praktijk", "level": "meso",
               "parent": ""} for g in _GROUPS]
    pkg.units = frame("units", units)
    sector = {o["id"]: o["sector"] for o in orgs}
    people: list[dict[str, Any]] = []
    memberships: list[dict[str, Any]] = []

    def person(org: str, function: str, unit: str, role: str, start: str) -> str:
        pid = f"tw-p{len(people) + 1:03d}"
        first, last = names[-(len(people) + 1)]
        people.append({"id": pid, "name": f"{first} {last}", "organisation": org,
                       "function": function, "sector": sector[org],
                       "email": f"{first}.{last}".lower().replace(" ", "") + f".{pid}@example.org"})
        memberships.append({"person": pid, "unit": unit, "role": role, "start": start, "end": ""})
        return pid

    member_ids = members()
    # Programmaleiding: a coordinator of the penvoerder (a board) and of the pabo, a researcher.
    person("tw-bestuur-01", "programmaleider", "tw-programmaleiding", "programmamanager", "2017-01-01")
    person("tw-lerarenopleiding", "coördinator kennisnetwerk", "tw-programmaleiding", "coordinator", "2017-01-01")
    person("tw-lerarenopleiding", "lector", "tw-programmaleiding", "onderzoeker", "2019-01-01")
    # Beleidsgroep: one representative of every member organisation (about twenty members).
    for org in member_ids:
        person(org, "beleidsmedewerker", "tw-beleidsgroep", "adviseur", "2017-01-01")
    # Stuurgroep: five board members.
    for org in [*member_ids[:4], "tw-lerarenopleiding"]:
        person(org, "bestuurder", "tw-stuurgroep", "bestuurder", "2017-01-01")
    makers: dict[str, list[str]] = {}
    for uid, _name, _kind, size, from_orgs, start in _GROUPS:
        for i in range(size):
            org = from_orgs[i % len(from_orgs)]
            function = {"tw-lerarenopleiding": "lerarenopleider", "tw-roc": "docent mbo",
                        "tw-mobiliteitscentrum": "adviseur mobiliteit"}.get(org, "leraar")
            role = "lerarenopleider" if org == "tw-lerarenopleiding" else (
                "coordinator" if i == 0 else "leraar")
            pid = person(org, function, uid, role, start)
            makers.setdefault(uid, []).append(pid)
    pkg.people = frame("people", people)
    pkg.memberships = frame("memberships", memberships)

    objects = [
        ("tw-wt-workshops", "Workshops W&T-onderwijs voor collega's in de regio", "product",
         "workshop", "tw-wt", "2024-10-01"),
        ("tw-jk-bekwaamheidseisen", "Bekwaamheidseisen startende leerkrachten jonge kind", "product",
         "document", "tw-jonge-kind", "2023-06-01"),
        ("tw-jk-leren-van-spel", "Leren van spel (kaartenset)", "product", "kaartenset",
         "tw-jonge-kind", "2023-11-01"),
        ("tw-jk-artikel", "Artikel in vakblad over de PLG Jonge Kind", "product", "artikel",
         "tw-jonge-kind", "2024-03-01"),
        ("tw-startersprotocol", "Startersprotocol begeleiding starters", "afspraak", "protocol",
         "tw-starterscoaches", "2025-06-01"),
    ]
    pkg.objects = frame("objects", [
        {"id": oid, "title": title, "kind": kind, "form": form, "status": "gerealiseerd",
         "date": date, "makers": ";".join(makers[unit][:2]), "units": unit,
         "licence": "CC-BY-4.0", "themes": "professionalisering"}
        for oid, title, kind, form, unit, date in objects])

    fees = []
    for year in YEARS:
        paid_2026 = set(member_ids[:PAID_2026])
        for org in member_ids:
            paid = (year == 2024 or (year == 2025 and org not in UNPAID_2025)
                    or (year == 2026 and org in paid_2026))
            fees.append({"year": str(year), "organisation": org, "fee": "3000",
                         "paid": "1" if paid else "0"})
    pkg.fees = frame("fees", fees)
    pkg.grants = frame("grants", _grants(pkg, fees))
    rng.random()  # the stream is reserved for later additions; the data above is fixed
    validate(pkg)
    return pkg


def _grants(pkg: Package, fees: list[dict[str, str]]) -> list[dict[str, str]]:
    """Every application decided by the rules, as the web page and the import would."""
    rules = R.Rules()
    org_of = dict(zip(pkg.people["id"], pkg.people["organisation"]))
    kinds = dict(zip(pkg.units["id"], pkg.units["kind"]))
    granted: dict[int, list[int]] = {}
    rows = []
    for year, unit, date, amount, hours in APPLICATIONS:
        day = dt.date.fromisoformat(date)
        total = R.budget(R.Fee(f["organisation"], int(f["fee"]), f["paid"] == "1")
                         for f in fees if f["year"] == str(year))
        orgs = tuple(sorted(org_of[m["person"]] for m in pkg.memberships.to_dict("records")
                            if m["unit"] == unit and membership_active(m["start"], m["end"], day)))
        type_ = R.group_type_of(kinds[unit]) or ""
        app = R.Application(unit, type_, GOALS[unit], orgs, amount, hours)
        decided = R.check_application(app, rules, R.budget_left(total, granted.get(year, [])))
        if decided.granted:
            granted.setdefault(year, []).append(decided.amount)
        rows.append({"year": str(year), "unit": unit, "type": type_, "amount": str(decided.amount),
                     "goal": GOALS[unit], "decision": decided.decision, "rule": decided.rule,
                     "reason": decided.reason, "date": date})
    return rows
