"""The demo: the study's twelve networks, made up but true to the published figures.

``generate(seed)`` builds one :class:`olievlek.package.Package` per network from the reference
facts shipped in ``olievlek/demo/data/``: names, sectors, regions, partner organisations,
nested units and roles (see :mod:`olievlek.demo.roster`), member counts and response rates of
Bijlage 3, fictitious people whose background answers reproduce Tabel 5.1-5.3 (see
:mod:`olievlek.demo.background`), and two questionnaire waves (``2024``, ``2025``) of advice and
motivation ties. Same seed, same data. Every decision is recorded in ``docs/demo-data.md``.

Pure: no Django import here.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from olievlek.demo import background
from olievlek.demo.activities import add_activities
from olievlek.demo.portfolio import add_portfolio
from olievlek.demo.roster import (
    COORDINATING_ROLES,
    Member,
    Org,
    Roster,
    build_roster,
    expand_units,
    organisations,
    slugify,
    strip_accents,
)
from olievlek.package import Package, frame, validate, write_package

__all__ = ["DEFAULT_SEED", "WAVES", "generate", "reference_networks", "write_packages"]

DEFAULT_SEED = 2024
# Survey dates: the report's first wave ran in spring 2024, the second is planned April 2025.
WAVES = {"2024": dt.date(2024, 4, 15), "2025": dt.date(2025, 4, 15)}
PROJECT_START = dt.date(2023, 9, 1)  # the subsidised period of the twelve networks

# Tables 5.1-5.3 have n=48 for vo, Bijlage 3 implies 47 completed questionnaires (15+15+17).
# Both hold when the tables count everyone who answered the background questions (part 1 of
# the questionnaire) and Bijlage 3 the completed questionnaires: network 04 has 15 completes
# of 37 (41%, as published) plus one respondent who answered part 1 and broke off in part 2
# (status partial, background filled). All other partial respondents have no background.
BACKGROUND_PARTIAL = {4: 1}
# Network 11 ran its own questionnaire (Bijlage 3: n.v.t.): no SNA members are published. The
# demo gives it three change labs of about nine people plus project lead, sounding board and
# research team, and no responses or ties in either wave.
NETWORK_11_PEOPLE = 36
NETWORK_11_SECTOR = "sectoroverstijgend"  # it spans vo and mbo opleidingsscholen

THEMES = {
    1: "verduurzaming van onderwijswerkplaatsen (WOU-aanpak)",
    2: "taalonderwijs en het voorkomen van laaggeletterdheid",
    3: "lezen met begrip, diversiteit en kansengelijkheid",
    4: "challenge based learning voor duurzaamheid",
    5: "professionele dialoog over diversiteitssensitief lesgeven",
    6: "een duurzame onderzoekscultuur in scholen",
    7: "beroepsgerichte didactiek",
    8: "verduurzaming van innovatie in MIEC's",
    9: "innovatiekracht van beroepsprofessionals in het Westland",
    10: "leren voor duurzaamheid in een regionale context",
    11: "student agency en kansengelijkheid",
    12: "professionele leerculturen in grootstedelijke scholen",
}
TOPICS = {
    1: "rekenen en taal", 2: "taalstimulering", 3: "begrijpend lezen",
    4: "duurzaamheidsonderwijs", 5: "diversiteitssensitief lesgeven",
    6: "onderzoeksmatig werken", 7: "beroepsgerichte didactiek", 8: "innovatie in het mbo",
    9: "hybride leeromgevingen", 10: "duurzaamheidscompetenties", 11: "student agency",
    12: "professionele leerculturen",
}

# The case texts of networks 07 and 08 give their own background figures; the demo follows
# them inside the sector totals (counts per network; the rest of the sector gets the rest).
NETWORK_BACKGROUND = {
    7: {  # 18 respondents
        "education_level": {"hbo": 9, "universiteit": 9},  # "de helft hbo, de andere helft universitair"
        "years_in_education": {"15+": 11, "1-15": 6, "<1": 1},  # "zestig procent langer dan 15 jaar"
        "involvement": {"0-3m": 5, "3-6m": 3, "6-12m": 8, "1-2y": 2},  # "bijna 90% minder dan een jaar"
    },
    8: {  # 10 respondents
        "education_level": {"phd": 6, "universiteit": 3, "hbo": 1},  # "overgrote deel universitair of PhD"
        "years_in_education": {"15+": 6, "1-15": 4},  # "zestig procent langer dan 15 jaar"
        "involvement": {"6-12m": 5, "1-2y": 3, "2-5y": 1, "5y+": 1},  # "de helft 6-12 maanden"
    },
}

FIRST_NAMES = (
    "Anouk", "Bram", "Carlijn", "Daan", "Eline", "Femke", "Gijs", "Hanna", "Iris", "Jeroen",
    "Joost", "Karin", "Lars", "Lotte", "Maarten", "Marloes", "Niels", "Noor", "Olaf", "Petra",
    "Quinten", "Renske", "Ruben", "Sanne", "Sem", "Tessa", "Thijs", "Ilse", "Vera", "Wouter",
    "Yara", "Zoë", "Anne", "Bas", "Chantal", "Dirk", "Esther", "Floor", "Gert", "Hester",
    "Inge", "Jasper", "Kees", "Linda", "Mark", "Nina", "Oscar", "Pim", "Roos", "Sophie",
    "Tim", "Ulla", "Vincent", "Willemijn", "Youssef", "Fatima", "Mehmet", "Samira", "Rik", "Mila",
)
# Invented surnames (Dutch sweets and dishes): nobody real is called this, so nobody can
# mistake a demo person for a real participant.
SURNAMES = (
    "Appelflap", "Boterbloem", "Dropveld", "Hagelslag", "Krentenbol", "Kruidnoot", "Oliebol",
    "Pepernoot", "Poffertje", "Speculaas", "Stroopwafel", "Taaitaai", "Tompoes", "Zoethout",
    "Bitterbal", "Hutspot", "Pannenkoek", "Suikerspin", "Vlaflip", "Wafelaar", "Karnemelk",
    "Beschuit", "Ontbijtkoek", "Muisjes", "Roomboter", "Kaneelstok", "Amandelspijs",
    "Marsepein", "Boerenkool", "Erwtensoep", "Rookworst", "Zuurkool", "Kroket", "Limonade",
    "Pindakaas", "Griesmeel", "Kletskop", "Bokkenpoot", "Moorkop", "Spritsje",
)
PREFIXES = ("", "", "", "van ", "de ", "van der ", "ter ", "van den ")

EXPERTISE = {
    # kind (tables.json expertise_statement order) -> phrases; {topic} is the network's theme
    "thema-specifiek": ("veel kennis van {topic}", "eerder onderzoek naar {topic}",
                        "coördinator {topic} op school"),
    "onderzoek doen": ("praktijkgericht onderzoek", "ontwerpgericht onderzoek",
                       "ervaring met onderwijsonderzoek doen"),
    "onderzoek begeleiden": ("begeleiden van onderzoek", "begeleiden van docentonderzoekers",
                             "onderzoeksbegeleiding in scholen"),
    "verandermanagement": ("verandermanagement", "begeleiden van veranderprocessen",
                           "ervaring met schoolontwikkeling en verandering"),
    "leidinggeven": ("leidinggeven", "onderwijskundig leiderschap", "ervaring als schoolleider"),
    "praktijkervaring als leraar": ("jarenlang voor de klas gestaan", "ervaring als leraar",
                                    "ervaring in de praktijk als docent"),
}
ROLE_EXPERTISE = {
    "onderzoeker": ("onderzoek doen", "onderzoek begeleiden", "thema-specifiek"),
    "promovendus": ("onderzoek doen", "thema-specifiek"),
    "leraar": ("praktijkervaring als leraar", "thema-specifiek", "onderzoek doen"),
    "schoolleider": ("leidinggeven", "verandermanagement"),
    "bestuurder": ("leidinggeven", "verandermanagement"),
    "procesbegeleider": ("onderzoek begeleiden", "verandermanagement", "praktijkervaring als leraar"),
    "bruggenbouwer": ("onderzoek begeleiden", "praktijkervaring als leraar", "thema-specifiek"),
    "coordinator": ("onderzoek begeleiden", "thema-specifiek", "verandermanagement"),
    "projectleider": ("onderzoek doen", "verandermanagement", "leidinggeven"),
    "programmamanager": ("verandermanagement", "leidinggeven"),
    "lerarenopleider": ("onderzoek begeleiden", "praktijkervaring als leraar"),
}
ADVICE_TOPICS = {
    "coordinatie": ("planning en organisatie", "afstemming met de besturen", "verantwoording van de subsidie",
                    "agenda van de bijeenkomsten"),
    "onderzoek": ("onderzoeksopzet", "dataverzameling", "analyse van de gegevens", "rapportage",
                  "literatuur"),
    "praktijk": ("lesontwerp", "uitproberen in de klas", "{topic} in de praktijk", "lesmateriaal"),
    "": ("samenwerking in het netwerk",),
}
INVOLVEMENT_DAYS = {"0-3m": (7, 88), "3-6m": (95, 178), "6-12m": (186, 360),
                    "1-2y": (372, 725), "2-5y": (735, 1820), "5y+": (1830, 3300)}


@lru_cache(maxsize=1)
def _reference_text() -> str:
    return resources.files("olievlek.demo").joinpath("data/networks.json").read_text("utf-8")


def reference_networks() -> list[dict[str, Any]]:
    """The twelve networks of networks.json (a fresh copy: callers may change it)."""
    return json.loads(_reference_text())["networks"]


def network_sector(net: dict[str, Any]) -> str:
    return net["sector"] or NETWORK_11_SECTOR


def network_slug(net: dict[str, Any]) -> str:
    return f"{net['id']:02d}-{slugify(net['name'])}"


def respondents_2024(net: dict[str, Any]) -> int:
    """Completed questionnaires in wave 2024: Bijlage 3 members x rate, rounded."""
    if net["sna_members"] is None:
        return 0
    return net["sna_respondents_implied"]


# ---------------------------------------------------------------------------------------------


class _Draft:
    """Everything generated for one network before it becomes a Package."""

    def __init__(self, net: dict[str, Any], seed: int):
        self.net = net
        self.id = net["id"]
        self.rng = np.random.default_rng([seed, net["id"]])
        self.sector = network_sector(net)
        self.units, self.by_ref = expand_units(net)
        self.orgs: list[Org] = organisations(net, self.sector)
        self.target = net["sna_members"] or NETWORK_11_PEOPLE
        self.roster: Roster = build_roster(
            net, self.units, self.by_ref, self.target, self.rng,
            practice_slots=not net["sna_starred_bijlage6"],
        )
        self.names: dict[str, str] = {}
        self.emails: dict[str, str] = {}
        self.org_of: dict[str, str] = {}
        self.start: dict[str, dt.date] = {}
        self.end: dict[str, dt.date] = {}
        self.joiners: list[str] = []
        self.status: dict[str, dict[str, str]] = {"2024": {}, "2025": {}}
        self.background: dict[str, dict[str, str]] = {}
        # wave-2024 partial respondents who answered the background questions (BACKGROUND_PARTIAL)
        self.background_partial: set[str] = set()
        self.expertise: dict[str, str] = {}
        self.ties: list[dict[str, Any]] = []

    @property
    def people(self) -> dict[str, Member]:
        return self.roster.people


def generate(seed: int = DEFAULT_SEED) -> list[Package]:
    """The twelve demo networks as validated packages, in network order. Deterministic."""
    names = _name_pool(seed)
    drafts = [_Draft(net, seed) for net in reference_networks()]
    for d in drafts:
        _respond_2024(d)
    _assign_background(drafts, seed)
    for d in drafts:
        _change_between_waves(d)
        _respond_2025(d)
        _organisations_and_names(d, names)
        _dates(d)
        _expertise(d)
        _ties(d)
    packages = [_package(d) for d in drafts]
    for d, pkg in zip(drafts, packages):
        # last, from its own random stream: the people, ties and responses above stay as they were
        add_portfolio(pkg, d.net, seed)
        add_activities(pkg, d.net, seed)
    for pkg in packages:
        validate(pkg)
    return packages


def generate_all(seed: int = DEFAULT_SEED) -> list[Package]:
    """The twelve study networks and, thirteenth, the Twente network with its governance
    (:mod:`olievlek.demo.twente`; not a study network: no questionnaire waves)."""
    from olievlek.demo.twente import generate_twente

    return [*generate(seed), generate_twente(seed, _name_pool(seed))]


def write_packages(directory: str | Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write one package per demo network (all thirteen) to ``directory/<slug>/``; returns
    the folders written."""
    directory = Path(directory)
    paths = []
    for pkg in generate_all(seed):
        assert pkg.network is not None  # every demo package names its network
        paths.append(write_package(pkg, directory / pkg.network["id"]))
    return paths


# ---------------------------------------------------------------------------------------------
# Responses


def _weights(d: _Draft, ids: list[str]) -> np.ndarray:
    w: list[float] = []
    for pid in ids:
        p = d.people[pid]
        weight = 3.0 if p.role in COORDINATING_ROLES else 2.0 if p.core else 1.0
        weight *= 1.0 + 0.3 * (len(p.units) - 1)
        if p.role in ("onderzoeker", "promovendus"):
            weight *= 1.4
        w.append(weight)
    weights = np.array(w)
    return weights / weights.sum()


def _respond_2024(d: _Draft) -> None:
    members = sorted(d.people)
    if d.net["sna_members"] is None:
        return  # network 11: no flanking-study questionnaire (Bijlage 3: n.v.t.)
    k = respondents_2024(d.net)
    extra = BACKGROUND_PARTIAL.get(d.id, 0)
    started = [str(p) for p in d.rng.choice(members, size=k + extra, replace=False, p=_weights(d, members))]
    chosen = set(started)
    if extra:  # of those who answered part 1, these broke off in part 2 (relations)
        d.background_partial = {str(p) for p in d.rng.choice(sorted(started), size=extra, replace=False)}
        chosen -= d.background_partial
    rest = [m for m in members if m not in started]
    partial = set(d.rng.choice(rest, size=len(rest) // 6, replace=False)) if rest else set()
    partial |= d.background_partial
    for pid in members:
        d.status["2024"][pid] = "complete" if pid in chosen else "partial" if pid in partial else "invited"


def _respond_2025(d: _Draft) -> None:
    if d.net["sna_members"] is None:
        return
    active = sorted(pid for pid in d.people if pid not in d.end)
    for pid in active:
        before = d.status["2024"].get(pid)
        p = {"complete": 0.78, "partial": 0.5, "invited": 0.3, None: 0.55}[before]
        u = d.rng.random()
        if before == "partial" and pid not in d.background_partial:
            # A package holds one background per person: answers given in 2025 would count
            # this 2024 partial respondent in the 2024 background tables. So they do not
            # complete in 2025 (they break off again, or do not start).
            d.status["2025"][pid] = "partial" if u < p + 0.07 else "invited"
            continue
        d.status["2025"][pid] = "complete" if u < p else "partial" if u < p + 0.07 else "invited"


def _change_between_waves(d: _Draft) -> None:
    """Some people leave between the waves (membership ends), some join (start after 2024)."""
    members = sorted(d.people)
    if len(members) >= 10:
        candidates = [pid for pid in members if not d.people[pid].core]
        n_leave = max(1, round(0.08 * len(members)))
        for pid in d.rng.choice(candidates, size=min(n_leave, len(candidates)), replace=False):
            day = int(d.rng.integers(60, 330))
            d.end[str(pid)] = WAVES["2024"] + dt.timedelta(days=day)
        n_join = max(1, round(0.06 * len(members)))
        growable = [u for u in d.units if u.process == "praktijk" and u.level == "micro"] \
            if not d.net["sna_starred_bijlage6"] else []
        # 07 and 08: newcomers join the surveyed research and coordination teams
        growable = growable or [u for u in d.units if u.level != "micro" and u.process != "praktijk"
                                and len(u.members) >= 3]
        for _i in range(n_join):
            unit = growable[int(d.rng.integers(len(growable)))]
            teacher = unit.process == "praktijk"
            role = "leraar" if teacher else "onderzoeker"
            function = ("leerkracht" if d.sector == "po" else "docent") if teacher else "onderzoeker"
            person = d.roster.new(role, function, fill=True)
            d.roster.join(person, unit)
            d.joiners.append(person.id)
            d.start[person.id] = dt.date(2024, 9, 1) + dt.timedelta(days=int(d.rng.integers(0, 180)))


# ---------------------------------------------------------------------------------------------
# Background answers: Tabel 5.1-5.3 by sector, exactly

EDU_SCORE = {"onderzoeker": 3.0, "projectleider": 2.8, "promovendus": 2.2, "programmamanager": 2.0,
             "coordinator": 2.0, "lerarenopleider": 2.0, "adviseur": 1.8, "bestuurder": 1.8,
             "schoolleider": 1.5, "bruggenbouwer": 1.5, "procesbegeleider": 1.5, "leraar": 1.0,
             "extern partner": 1.0, "student": 0.2}
YEARS_SCORE = {"bestuurder": 3.0, "schoolleider": 3.0, "projectleider": 2.5, "procesbegeleider": 2.3,
               "bruggenbouwer": 2.2, "coordinator": 2.2, "lerarenopleider": 2.2, "leraar": 2.0,
               "programmamanager": 2.0, "adviseur": 2.0, "onderzoeker": 1.6, "extern partner": 1.2,
               "promovendus": 0.8, "student": 0.0}
# Categories from the highest score down (education: most academic first, and so on).
ORDER = {
    "education_level": ("phd", "universiteit", "hbo", "anders", "mbo"),
    "years_in_education": ("15+", "1-15", "<1"),
    "involvement": ("5y+", "2-5y", "1-2y", "6-12m", "3-6m", "0-3m"),
}


def _score(d: _Draft, pid: str, field: str) -> float:
    p = d.people[pid]
    if field == "education_level":
        return EDU_SCORE.get(p.role, 1.0)
    if field == "years_in_education":
        return YEARS_SCORE.get(p.role, 1.5)
    old = (d.net["history"] or {}).get("since_year")
    score = 1.5 if p.role in COORDINATING_ROLES else 0.5 if p.core else 0.0
    return score + (0.7 if old and old <= 2016 else 0.0)


def _deal(people: list[tuple[float, str]], counts: dict[str, int], order: tuple[str, ...],
          out: dict[str, dict[str, str]], field: str) -> None:
    """Hand out ``counts`` to people sorted by score, highest category to highest score."""
    queue = [code for code in order for _ in range(counts.get(code, 0))]
    if len(queue) != len(people):
        raise ValueError(f"{field}: {len(queue)} answers for {len(people)} respondents")
    for (_, pid), code in zip(sorted(people, key=lambda x: (-x[0], x[1])), queue):
        out[pid][field] = code


def _assign_background(drafts: list[_Draft], seed: int) -> None:
    solution = background.solve_tables()
    rng = np.random.default_rng([seed, 99])
    by_sector: dict[str, list[_Draft]] = {}
    for d in drafts:
        if d.net["sna_members"] is not None:
            by_sector.setdefault(d.sector, []).append(d)
    for sector, ds in by_sector.items():
        resp = [(d, pid) for d in ds for pid in sorted(d.status["2024"])
                if d.status["2024"][pid] == "complete" or pid in d.background_partial]
        for d, pid in resp:
            d.background[pid] = dict.fromkeys(background.ITEMS, "")
        skipped: set[tuple[int, str]] = set()
        for field in background.ITEMS:
            col = solution[field][sector]
            if len(resp) != col.n:
                raise ValueError(f"{sector}: {len(resp)} respondents, the tables say n={col.n}")
            pool = dict(col.counts)
            free: list[tuple[_Draft, str]] = []
            for d in ds:
                mine = [(d, pid) for dd, pid in resp if dd is d]
                fixed = NETWORK_BACKGROUND.get(d.id, {}).get(field)
                if fixed is None:
                    free.extend(mine)
                    continue
                if sum(fixed.values()) != len(mine):
                    raise ValueError(f"network {d.id} {field}: {fixed} for {len(mine)} respondents")
                for code, k in fixed.items():
                    pool[code] -= k
                scored = [(_score(d, pid, field) + rng.normal(0, 0.8), pid) for _, pid in mine]
                _deal(scored, fixed, ORDER[field], d.background, field)
            if any(k < 0 for k in pool.values()):
                raise ValueError(f"{sector} {field}: network figures exceed the table: {pool}")
            # item non-response: the fewest respondents that make every published cell reachable
            # (a different respondent for each question, so no one skipped two of them)
            eligible = [i for i, (d, pid) in enumerate(free) if (d.id, pid) not in skipped]
            missing_idx = set(rng.choice(eligible, size=col.missing, replace=False)) if col.missing else set()
            skipped.update((free[i][0].id, free[i][1]) for i in missing_idx)
            answering = [x for i, x in enumerate(free) if i not in missing_idx]
            scored = [(_score(d, pid, field) + rng.normal(0, 0.8), f"{d.id:02d}{pid}")
                      for d, pid in answering]
            lookup = {f"{d.id:02d}{pid}": (d, pid) for d, pid in answering}
            tmp: dict[str, dict[str, str]] = {key: {} for key in lookup}
            _deal(scored, pool, ORDER[field], tmp, field)
            for key, answer in tmp.items():
                d, pid = lookup[key]
                d.background[pid][field] = answer[field]
        _no_phd_candidates_with_phd(ds)


def _no_phd_candidates_with_phd(ds: list[_Draft]) -> None:
    """A PhD candidate has no PhD yet: swap with a colleague in the same network and sector."""
    for d in ds:
        for pid, answers in d.background.items():
            if d.people[pid].role == "promovendus" and answers["education_level"] == "phd":
                for other, theirs in sorted(d.background.items()):
                    if theirs["education_level"] == "universiteit" and d.people[other].role != "promovendus":
                        theirs["education_level"], answers["education_level"] = "phd", "universiteit"
                        break


# ---------------------------------------------------------------------------------------------
# Names, organisations, dates, expertise


def _name_pool(seed: int) -> list[tuple[str, str]]:
    rng = np.random.default_rng([seed, 7])
    pairs = [(f, s) for f in FIRST_NAMES for s in SURNAMES]
    order = rng.permutation(len(pairs))
    prefixes = rng.integers(0, len(PREFIXES), size=len(pairs))
    return [(pairs[i][0], PREFIXES[p] + pairs[i][1]) for i, p in zip(order, prefixes)]


# Which organisation types a person of each kind can work for, when the source names several.
ORG_KINDS_FOR = {
    "school": ("school", "schoolbestuur", "mbo-instelling", "lerarenopleiding", "other"),
    "research": ("universiteit", "hogeschool", "kenniscentrum", "lerarenopleiding"),
    "education": ("lerarenopleiding", "hogeschool", "universiteit"),
}


def _organisations_and_names(d: _Draft, names: list[tuple[str, str]]) -> None:
    # Names are unique across the whole demo: each network takes its own slice of the pool.
    offset = (d.id - 1) * 90
    by_type: dict[str, list[Org]] = {}
    for org in d.orgs:
        if org.member:
            by_type.setdefault(org.type, []).append(org)

    def first(*types: str) -> list[Org]:
        for t in types:
            if by_type.get(t):
                return by_type[t]
        return []

    choices = {
        "school": first("school", "schoolbestuur", "mbo-instelling", "lerarenopleiding"),
        "research": first("universiteit", "hogeschool", "kenniscentrum") + first("kenniscentrum"),
        "education": first("lerarenopleiding", "hogeschool", "universiteit"),
        "board": first("schoolbestuur", "mbo-instelling", "school"),
        "partner": first("bedrijf", "gemeente", "other", "kenniscentrum"),
    }
    kind_of = {"leraar": "school", "schoolleider": "school", "bruggenbouwer": "school",
               "student": "education", "lerarenopleider": "education", "onderzoeker": "research",
               "promovendus": "research", "projectleider": "research", "bestuurder": "board",
               "extern partner": "partner", "adviseur": "board", "coordinator": "school",
               "procesbegeleider": "board", "programmamanager": "research"}
    seen_hints: dict[str, int] = {}
    for i, pid in enumerate(sorted(d.people)):
        first_name, surname = names[offset + i]
        d.names[pid] = f"{first_name} {surname}"
        local = strip_accents(f"{first_name}.{surname}").lower().replace(" ", "")
        d.emails[pid] = f"{local}@example.org"
        person = d.people[pid]
        fits = ORG_KINDS_FOR.get(kind_of.get(person.role, "partner"))
        named = [o for o in d.orgs if o.named_in(person.hint) and (not fits or o.type in fits)]
        if named:  # the source names the organisation: spread people over those it names
            k = seen_hints[person.hint] = seen_hints.get(person.hint, -1) + 1
            d.org_of[pid] = named[k % len(named)].id
            continue
        options = choices.get(kind_of.get(person.role, "partner")) or []
        if options:
            unit = d.roster.unit[person.units[0]]
            d.org_of[pid] = options[(unit.index - 1 + i * (unit.level != "micro")) % len(options)].id


def _dates(d: _Draft) -> None:
    since = (d.net["history"] or {}).get("since_year")
    earliest = dt.date(since, 1, 1) if since else dt.date(2022, 9, 1)
    for pid in sorted(d.people):
        if pid in d.start:
            continue
        answer = d.background.get(pid, {}).get("involvement", "")
        if answer:
            low, high = INVOLVEMENT_DAYS[answer]
            start = WAVES["2024"] - dt.timedelta(days=int(d.rng.integers(low, high + 1)))
        elif d.rng.random() < 0.55:
            start = PROJECT_START
        else:
            span = (PROJECT_START - earliest).days
            start = earliest + dt.timedelta(days=int(d.rng.integers(0, max(span, 1))))
        d.start[pid] = start


def _expertise(d: _Draft) -> None:
    topic = TOPICS[d.id]
    answered = {pid for wave in d.status.values() for pid, s in wave.items() if s == "complete"}
    for pid in sorted(answered | d.background_partial):
        kinds = ROLE_EXPERTISE.get(d.people[pid].role, ("thema-specifiek",))
        n = 1 if len(kinds) == 1 or d.rng.random() < 0.35 else 2
        picked = [kinds[i] for i in sorted(d.rng.choice(len(kinds), size=n, replace=False))]
        phrases = [EXPERTISE[k][int(d.rng.integers(len(EXPERTISE[k])))].format(topic=topic)
                   for k in picked]
        text = " en ".join(phrases)
        d.expertise[pid] = text[0].upper() + text[1:]


# ---------------------------------------------------------------------------------------------
# Ties


def _ties(d: _Draft) -> None:
    """Advice and motivation ties per wave, from the people who answered (complete/partial).

    A tie's chance grows with shared teams (strongly), neighbouring teams (parent/child or
    siblings), and the target's centrality (coordinating roles, several teams). One latent
    draw per pair is shared by the two waves, so most ties persist from 2024 to 2025.
    One school-level team per larger network is an island: its members who sit nowhere else
    have ties only among themselves.
    """
    ids = sorted(d.people)
    n = len(ids)
    if n == 0 or not any(d.status.values()):
        return
    index = {pid: i for i, pid in enumerate(ids)}
    units_of = [set(d.people[pid].units) for pid in ids]
    parent = {u.id: u.parent for u in d.units}
    size = {u.id: len(u.members) for u in d.units}
    # Smaller networks are denser: in a group of ten everyone knows everyone.
    affinity = np.full((n, n), -1.9 - 0.022 * n)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            shared = units_of[i] & units_of[j]
            if shared:
                affinity[i, j] += 3.0 * max(min(1.0, 10 / size[u]) for u in shared)
            elif any(parent.get(a) == b or parent.get(b) == a or
                     (parent.get(a) and parent.get(a) == parent.get(b))
                     for a in units_of[i] for b in units_of[j]):
                affinity[i, j] += 0.9
        target = d.people[ids[i]]
        bonus = (1.0 if target.role in COORDINATING_ROLES else 0.0) + 0.35 * (len(units_of[i]) - 1)
        affinity[:, i] += bonus
    island = _island(d)
    if island:
        inside = np.array([pid in island for pid in ids])
        affinity[np.ix_(inside, ~inside)] = -np.inf
        affinity[np.ix_(~inside, inside)] = -np.inf
        affinity[np.ix_(inside, inside)] += 0.8
    sym = d.rng.normal(size=(n, n))
    sym = (sym + sym.T) / np.sqrt(2)
    latent = 0.7 * sym + 0.7 * d.rng.normal(size=(n, n))
    motivation = 0.8 * latent + 0.6 * d.rng.normal(size=(n, n))
    topic = TOPICS[d.id]
    for wave in WAVES:
        noise = d.rng.normal(scale=0.4, size=(n, n))
        invited = [pid for pid, s in d.status[wave].items()]
        answered = [pid for pid, s in sorted(d.status[wave].items()) if s != "invited"]
        allowed = np.zeros(n, dtype=bool)
        allowed[[index[p] for p in invited]] = True
        for pid in answered:
            i = index[pid]
            share = 1.0 if d.status[wave][pid] == "complete" else 0.5  # a partial roster
            for j in np.flatnonzero(allowed).tolist():
                if j == i:
                    continue
                a = affinity[i, j]
                if d.rng.random() > share:
                    continue
                if a + latent[i, j] + noise[i, j] > 0:
                    freq = int(np.clip(round(3.2 + 0.6 * a + 0.5 * noise[i, j] + 0.4 * latent[i, j]), 2, 5))
                    use = int(np.clip(round(3.9 + 0.3 * (freq - 3) + 0.7 * d.rng.normal()), 1, 5))
                    other = d.roster.unit[d.people[ids[j]].units[0]]
                    topics = ADVICE_TOPICS[other.process]
                    d.ties.append({
                        "wave": wave, "source": pid, "target": ids[j], "relation": "advice",
                        "frequency": freq,
                        "usefulness": use if d.rng.random() > 0.05 else None,
                        "topic": topics[int(d.rng.integers(len(topics)))].format(topic=topic),
                    })
                if a - 0.3 + motivation[i, j] + noise[j, i] > 0:
                    freq = int(np.clip(round(3.0 + 0.5 * a + 0.5 * motivation[i, j]), 2, 5))
                    d.ties.append({"wave": wave, "source": pid, "target": ids[j],
                                   "relation": "motivation", "frequency": freq,
                                   "usefulness": None, "topic": ""})


def _island(d: _Draft) -> set[str]:
    """Members of one school-level team who sit in no other unit: the network's island."""
    if len(d.people) < 19:
        return set()
    candidates = []
    for unit in d.units:
        if unit.level != "micro":
            continue
        alone = {pid for pid in unit.members if len(d.people[pid].units) == 1}
        if len(alone) >= 2:
            candidates.append((unit.index, unit.id, alone))
    if not candidates:
        return set()
    return min(candidates, key=lambda c: (-c[0], c[1]))[2]


# ---------------------------------------------------------------------------------------------
# Package


def _package(d: _Draft) -> Package:
    net = d.net
    since = (net["history"] or {}).get("since_year")
    pkg = Package.empty(network={
        "id": network_slug(net), "name": net["name"], "sector": d.sector,
        "region": net["region"] or "", "theme": THEMES[d.id], "started": str(since) if since else "",
    })
    org_sector = {o.id: o.sector for o in d.orgs}
    people = []
    for pid in sorted(d.people):
        person = d.people[pid]
        answers = d.background.get(pid, {})
        if not answers and pid in d.expertise:  # answered only in 2025: their own answers
            answers = _later_answers(d, pid)
        people.append({
            "id": pid, "name": d.names[pid], "organisation": d.org_of.get(pid, ""),
            "function": person.function,
            "sector": org_sector.get(d.org_of.get(pid, ""), "") or _person_sector(d, person),
            "education_level": answers.get("education_level", ""),
            "years_in_education": answers.get("years_in_education", ""),
            "involvement": answers.get("involvement", ""),
            "expertise": d.expertise.get(pid, ""), "email": d.emails[pid],
        })
    pkg.people = frame("people", people)
    pkg.organisations = frame("organisations", [
        {"id": o.id, "name": o.name, "type": o.type, "sector": o.sector, "region": o.region,
         "member": o.member} for o in d.orgs])
    pkg.units = frame("units", [
        {"id": u.id, "name": u.name, "kind": u.kind, "process": u.process, "level": u.level,
         "parent": u.parent} for u in d.units])
    memberships = []
    for pid in sorted(d.people):
        for uid in d.people[pid].units:
            end = d.end.get(pid)
            memberships.append({"person": pid, "unit": uid, "role": d.people[pid].role,
                                "start": d.start[pid].isoformat(),
                                "end": end.isoformat() if end else ""})
    pkg.memberships = frame("memberships", memberships)
    ties = sorted(d.ties, key=lambda t: (t["wave"], t["relation"], t["source"], t["target"]))
    pkg.ties = frame("ties", ties)
    pkg.responses = frame("responses", [
        {"wave": wave, "person": pid, "status": status}
        for wave in WAVES for pid, status in sorted(d.status[wave].items())])
    return pkg


def _person_sector(d: _Draft, person: Member) -> str:
    if person.role in ("leraar", "schoolleider", "bruggenbouwer") and d.sector != "sectoroverstijgend":
        return d.sector
    if person.role in ("onderzoeker", "promovendus", "lerarenopleider", "student"):
        return "ho"
    return ""


def _later_answers(d: _Draft, pid: str) -> dict[str, str]:
    """Background of someone who first completed in 2025 (outside Tabel 5.1-5.3): education
    and years follow the role, involvement follows their start date."""
    role = d.people[pid].role
    education = "universiteit" if EDU_SCORE.get(role, 1) >= 2 else "hbo"
    years = "<1" if role == "student" else "15+" if YEARS_SCORE.get(role, 1.5) >= 2.2 else "1-15"
    days = (WAVES["2025"] - d.start[pid]).days
    involvement = next((code for code, (low, high) in INVOLVEMENT_DAYS.items() if days <= high), "5y+")
    return {"education_level": education, "years_in_education": years, "involvement": involvement}
