"""Units, organisations and the roster of people of one network, built from networks.json.

The reference describes each network's nested units (``layers_and_units``) with the roles
that sit in them (``members_roles``) and the roles the case text counts (``named_roles``).
This module turns that into unit instances (a unit with ``count`` 7 becomes seven sibling
units), people with a role code, and memberships, then fills or trims the roster to the
network's member count from Bijlage 3. The rules are written out in ``docs/demo-data.md``.

Pure Python and numpy: no Django.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# ---------------------------------------------------------------------------------------------
# Text helpers


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by hyphens: 'Duurzame innovatie met MIEC's' ->
    'duurzame-innovatie-met-miecs'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.lower().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def strip_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


NUMBER_WORDS = {"één": 1, "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
                "zeven": 7, "acht": 8, "negen": 9, "tien": 10}
_NUMBER = r"(\d+|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien)"


def parse_number(text: str) -> int | None:
    """The first number in ``text``, written as digits or as a Dutch word (up to ten)."""
    m = re.search(r"\b" + _NUMBER + r"\b", text.lower()) or re.search(r"\d+", text)
    if not m:
        return None
    word = m.group(1) if m.groups() else m.group(0)
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


# ---------------------------------------------------------------------------------------------
# Role codes

# Keyword -> role code, first match wins. The order matters: 'onderzoekscoördinator' is a
# coordinator, 'docentonderzoeker' a teacher, 'docent-onderzoeker vanuit de lerarenopleiding'
# a teacher educator.
ROLE_RULES: tuple[tuple[str, str], ...] = (
    ("begeleiders van de promovendi", "onderzoeker"),
    ("interne onderzoek", "leraar"),
    ("vertegenwoordigers uit de lokale", "adviseur"),
    ("staf van", "adviseur"),
    ("promovend", "promovendus"),
    ("programmamanager", "programmamanager"),
    ("projectmanage", "programmamanager"),
    ("onderzoeksmanager", "programmamanager"),
    ("projectleid", "projectleider"),
    ("bruggenbouwer", "bruggenbouwer"),
    ("broker", "bruggenbouwer"),
    ("procesbegeleider", "procesbegeleider"),
    ("facilitator", "procesbegeleider"),
    ("schoolbegeleider", "procesbegeleider"),
    ("trainer", "procesbegeleider"),
    ("sparringpartner", "procesbegeleider"),
    ("begeleider/", "procesbegeleider"),
    ("begeleiders change", "procesbegeleider"),
    ("themateamleider", "coordinator"),
    ("vertegenwoordigers betrokken", "bestuurder"),
    ("vertegenwoordigers van alle partners", "bestuurder"),
    ("coördinator", "coordinator"),
    ("coordinator", "coordinator"),
    ("kartrekker", "coordinator"),
    ("werkpakkettrekker", "coordinator"),
    ("leraar in opleiding", "student"),
    ("leraren in opleiding", "student"),
    ("student", "student"),
    ("lerarenopleiding", "lerarenopleider"),
    ("opleiders", "lerarenopleider"),
    ("opleider", "lerarenopleider"),
    ("pabo-docent", "lerarenopleider"),
    ("opleidingsmanager", "schoolleider"),
    ("bestuurder", "bestuurder"),
    ("schoolleider", "schoolleider"),
    ("directeur", "schoolleider"),
    ("directie", "schoolleider"),
    ("leidinggevende", "schoolleider"),
    ("mt-lid", "schoolleider"),
    ("teamleider", "schoolleider"),
    ("manager", "schoolleider"),
    ("(extern", "onderzoeker"),
    ("onderzoeksgroep", "onderzoeker"),
    ("leerkrachtonderzoeker", "leraar"),
    ("docentonderzoeker", "leraar"),
    ("docent-onderzoeker", "leraar"),
    ("onderzoeksdocent", "leraar"),
    ("onderzoeks-docent", "leraar"),
    ("onderzoekende docent", "leraar"),
    ("onderzoek", "onderzoeker"),
    ("adviseur", "adviseur"),
    ("lector", "onderzoeker"),
    ("hoogleraar", "onderzoeker"),
    ("promotor", "onderzoeker"),
    ("wetenschappelijk", "onderzoeker"),
    ("hoofddocent", "onderzoeker"),
    ("leerkracht", "leraar"),
    ("docent", "leraar"),
    ("leraar", "leraar"),
    ("leraren", "leraar"),
    ("intern begeleider", "leraar"),
    ("kennisgroep-lid", "leraar"),
    ("expert", "extern partner"),
    ("partner", "extern partner"),
    ("vertegenwoordig", "extern partner"),
    ("hr-adviseur", "adviseur"),
    ("uit de lijn", "adviseur"),
    ("medewerker", "extern partner"),
)
COORDINATING_ROLES = {"projectleider", "programmamanager", "coordinator"}


def role_code(text: str) -> str:
    """The role code for a Dutch role description (the words in brackets are ignored)."""
    if "(extern" in text.lower():
        return "onderzoeker"
    low = re.sub(r"\(.*?\)", "", text.lower())
    for key, code in ROLE_RULES:
        if key in low:
            return code
    return "extern partner"


# members_roles entries that name no new people: a whole team, an absence, a former member.
SKIP_ENTRY = re.compile(
    r"^(alle |drie change labs|\(nog\) geen|aanvankelijk|brokers zijn lid|scholen, met name|"
    r"projectmanagement|projectleiding$|projectleiding \(|project- en onderzoeksmanager$|"
    r"twee begeleiders change labs|hoofdonderzoekers|bv\. lectoren)"
)
PLURAL = re.compile(
    r"(leerkrachten|docenten|studenten|onderzoekers|leraren|experts|vertegenwoordigers|"
    r"opleiders|praktijkpartners|bestuurders|schoolleiders|lectoren|promotoren|directeuren|"
    r"leidinggevenden|adviseurs|partners|leerkrachtonderzoekers|docentonderzoekers|"
    r"begeleiders|themateamleiders|instituutsopleiders|schoolopleiders|practoren)"
)


@dataclass(frozen=True)
class Slot:
    role: str
    function: str
    count: int
    fill: bool  # the many teachers of a practice team: the first to grow or shrink


def parse_entry(text: str) -> Slot | None:
    """One ``members_roles`` entry as a slot of people, or None when it names no one new."""
    low = text.strip().lower()
    if SKIP_ENTRY.search(low):
        return None
    code = role_code(text)
    function = re.sub(r"\s*\(.*?\)\s*", " ", text).strip() or text
    m = re.search(r"\((\d+)(?![.\d])", text)
    count = int(m.group(1)) if m else None
    if count is None:
        head = low.split("(")[0]
        word = re.match(r"^(één|twee|drie|vier|vijf|zes)\b", head)
        if word:
            count = NUMBER_WORDS[word.group(1)]
    plural = bool(PLURAL.search(low.split("(")[0]))
    fill = plural and code == "leraar"
    if count is None:
        count = 2 if plural else 1
    if code == "student" and "waar mogelijk" in low:
        count = 1
    return Slot(code, _singular(function), count, fill)


# Source phrases that read badly as one person's function.
FUNCTIONS = {
    "vertegenwoordiger betrokken instellingen en besturen": "vertegenwoordiger van een bestuur",
    "vertegenwoordiger van alle partners": "vertegenwoordiger partnerorganisatie",
    "vertegenwoordiger van alle partnerorganisaties": "vertegenwoordiger partnerorganisatie",
    "begeleiders van de promovendi": "begeleider van de promovendi",
    "onderzoeksdocenten / docentonderzoekers": "onderzoeksdocent",
    "tweedejaars bachelorstudenten Sociologie": "bachelorstudent Sociologie",
    "praktijkleden": "praktijklid",
    "docent van deelnemende scholen": "docent",
    "docent van de deelnemende scholen": "docent",
    "projectleiding": "projectleider",
}


def _singular(function: str) -> str:
    out = _singular_words(function)
    return FUNCTIONS.get(out, out)


def _singular_words(function: str) -> str:
    words = {
        "leerkrachten": "leerkracht", "docenten": "docent", "studenten": "student",
        "onderzoekers": "onderzoeker", "leraren": "leraar", "experts": "expert",
        "vertegenwoordigers": "vertegenwoordiger", "opleiders": "opleider",
        "praktijkpartners": "praktijkpartner", "bestuurders": "bestuurder",
        "schoolleiders": "schoolleider", "lectoren": "lector", "directeuren": "directeur",
        "leidinggevenden": "leidinggevende", "adviseurs": "adviseur",
        "leerkrachtonderzoekers": "leerkrachtonderzoeker", "docentonderzoekers": "docentonderzoeker",
        "themateamleiders": "themateamleider", "promotoren": "promotor",
        "instituutsopleiders": "instituutsopleider", "schoolopleiders": "schoolopleider",
        "leerteamcoördinatoren": "leerteamcoördinator", "procesbegeleiders": "procesbegeleider",
        "practoren": "practor", "mbo": "mbo-", "wetenschappelijke": "wetenschappelijk",
    }
    out = function.split(":")[0].split(",")[0].strip()
    out = re.sub(r"^(één|een|twee|drie|vier|vijf|zes|eventueel|een van de|o\.a\.|bv\.)\s+", "", out)
    out = re.sub(r"\s+per\s+.*$", "", out)
    first, *rest = out.split(" ")
    first = words.get(first.lower(), first)
    if first == "mbo-" and rest:  # 'MBO bestuurders' -> 'mbo-bestuurder'
        return "mbo-" + words.get(rest[0].lower(), rest[0])
    return " ".join([first, *rest]).strip()


# ---------------------------------------------------------------------------------------------
# Units


@dataclass
class UnitInst:
    id: str
    ref: str  # the layers_and_units id it comes from
    name: str
    kind: str
    process: str
    level: str
    parent: str
    index: int  # 1-based position among its siblings from the same ref
    members: list[str] = field(default_factory=list)  # person ids, in order of joining


# Names for the instances of a repeated unit where the source gives them.
INSTANCE_NAMES = {
    "n06-plg": ["PLG geel", "PLG roze", "PLG groen"],
    "n08-miec": ["MIEC Data", "MIEC Voedseltransitie (Beet)", "MIEC Zorgtechnologie"],
    "n03-themateam": [
        "themateam 1: betekenisvolle teksten",
        "themateam 2: meertaligheid benutten",
        "themateam 3: motiverende leesomgeving",
    ],
}
# How many children each parent instance gets, where the source says (schools per themateam).
CHILD_SPLIT = {"n03-leerteam": [6, 4, 3]}

# Kinds of governing and advisory bodies that sit above the teams: the macro level.
MACRO_KINDS = {
    "stuurgroep", "regiegroep", "kerngroep", "kernteam", "projectleiding", "projectteam",
    "projectmanagement", "klankbordgroep", "adviesraad", "bestuur", "buitenkring",
    "breder netwerk", "voorbereidingsgroep", "overleg",
}


def _base_name(name: str) -> str:
    name = re.sub(r"\s*\((per|ook)[^)]*\)", "", name)
    name = re.sub(r"\s+per\s+\w+$", "", name)
    name = re.sub(r"\s*\(MBO Innovatie en Expertisecentrum\)", "", name)
    return name.strip()


def _level(unit: dict[str, Any], repeated: bool, parent_level: str | None) -> str:
    """macro / meso / micro from the unit's kind, layer text and repetition (see the docs).

    macro: governing and advisory bodies (stuurgroep, kernteam, klankbordgroep...) and bodies
    of a wider network above this one; micro: teams at one school or institution (a practice
    unit repeated per school, 'per school' in the name, 'school' in the layer, or inside such a
    team); meso: everything in between (research teams, cross-school teams, lines).
    """
    kind = (unit["kind"] or "").lower()
    layer = (unit.get("layer") or "").lower()
    name = unit["name"].lower()
    process = (unit["process"] or [""])[0]
    if kind in MACRO_KINDS or "boven netwerk" in layer or "metanetwerk" in layer \
            or "breder netwerk" in layer:
        return "macro"
    school_level = ("school" in layer or "per school" in name or "per instelling" in name
                    or "per opleidingsschool" in name
                    or ("scholen" in name and "bovenschool" not in name))
    if parent_level == "micro" or school_level or (repeated and process == "praktijk"):
        return "micro"
    return "meso"


def expand_units(net: dict[str, Any]) -> tuple[list[UnitInst], dict[str, list[UnitInst]]]:
    """Unit instances in reference order; ``count`` > 1 gives that many siblings.

    A unit whose parent was repeated (an 'opleidingsteam' under each 'lokaal Spiegelteam') is
    repeated under every parent instance; a ``count`` that says "per" is per parent instance.
    """
    units: list[UnitInst] = []
    by_ref: dict[str, list[UnitInst]] = {}
    pending = list(net["layers_and_units"])
    while pending:
        progressed = False
        for unit in list(pending):
            parent_ref = unit["parent"]
            if parent_ref and parent_ref not in by_ref:
                continue
            pending.remove(unit)
            progressed = True
            parents = by_ref.get(parent_ref, [None]) if parent_ref else [None]
            count_raw = unit["count"]
            if isinstance(count_raw, int):
                total, per_parent = count_raw, False
            elif isinstance(count_raw, str):
                total = parse_number(count_raw) or 1
                per_parent = "per" in count_raw
            else:
                total, per_parent = 1, len(parents) > 1
            if per_parent:
                split = [total] * len(parents)
            elif unit["id"] in CHILD_SPLIT:
                split = CHILD_SPLIT[unit["id"]]
            else:  # spread evenly, the first parents get the remainder
                base, extra = divmod(total, len(parents))
                split = [base + (1 if i < extra else 0) for i in range(len(parents))]
            repeated = sum(split) > 1
            base_name = _base_name(unit["name"])
            instances: list[UnitInst] = []
            process = next(iter(unit["process"] or []), "")
            process = strip_accents(process)
            for p_index, (parent, n_children) in enumerate(zip(parents, split), start=1):
                for j in range(1, n_children + 1):
                    index = len(instances) + 1
                    if not repeated:
                        uid, name = unit["id"], unit["name"]
                    else:
                        uid = f"{unit['id']}-{index}"
                        names = INSTANCE_NAMES.get(unit["id"])
                        if names:
                            name = names[index - 1]
                        elif len(parents) > 1 and n_children == 1:
                            name = f"{base_name} {p_index}"
                        elif len(parents) > 1:
                            name = f"{base_name} {p_index}.{j}"
                        else:
                            name = f"{base_name} {index}"
                    level = _level(unit, repeated, parent.level if parent else None)
                    inst = UnitInst(uid, unit["id"], name, unit["kind"] or "", process, level,
                                    parent.id if parent else "", index)
                    instances.append(inst)
            by_ref[unit["id"]] = instances
            units.extend(instances)
        if not progressed:
            raise ValueError(f"network {net['id']}: unit parents do not resolve: {pending}")
    # A repeated team that holds school-level teams (a themateam over its schools' leerteams)
    # works across schools: meso, not micro.
    unit_names = {u["id"]: u["name"] for u in net["layers_and_units"]}
    holds = {u.parent for u in units if u.level == "micro" and u.parent}
    for u in units:
        if u.level == "micro" and u.id in holds and "per " not in unit_names[u.ref] and not any(
                x.level == "micro" for x in units if x.id == u.parent):
            u.level = "meso"
    return units, by_ref


# ---------------------------------------------------------------------------------------------
# Organisations

ORG_TYPES = {
    "universiteit": "universiteit",
    "hogeschool": "hogeschool",
    "kennisinstelling": "kenniscentrum",
    "kenniscentrum": "kenniscentrum",
    "onderzoeksbureau": "kenniscentrum",
    "lectoraat": "kenniscentrum",
    "MIEC (MBO Innovatie en Expertisecentrum)": "kenniscentrum",
    "opleidingsschool": "lerarenopleiding",
    "opleiding": "lerarenopleiding",
    "schoolbestuur": "schoolbestuur",
    "samenwerkingsverband van schoolbesturen": "schoolbestuur",
    "scholenvereniging / opleidingsscholen (AOS)": "schoolbestuur",
    "school (po)": "school",
    "school (vo)": "school",
    "school (vo/mbo)": "school",
    "ROC/mbo-instelling": "mbo-instelling",
    "ROC/mbo-instelling (opleidingsschool)": "mbo-instelling",
    "bedrijf": "bedrijf",
    "bedrijf / gemeente": "gemeente",
}
ORG_SECTORS = {
    "universiteit": "ho", "hogeschool": "ho", "lerarenopleiding": "ho",
    "mbo-instelling": "mbo",
}


def org_type(ref_type: str | None) -> str:
    """The format's organisation type for a reference type; 'other' when none fits."""
    return ORG_TYPES.get(ref_type or "", "other")


@dataclass
class Org:
    id: str
    name: str
    type: str
    sector: str
    region: str
    member: bool
    abbreviation: str = ""

    def named_in(self, text: str) -> bool:
        """Whether ``text`` names this organisation (full name, abbreviation or first word)."""
        if not text:
            return False
        if self.name.lower() in text.lower():
            return True
        if self.abbreviation and re.search(rf"\b{re.escape(self.abbreviation)}\b", text):
            return True
        return any(len(w) >= 4 and w[0].isupper() and self.name.startswith(w)
                   for w in re.findall(r"[\w-]+", text))


def organisations(net: dict[str, Any], sector: str) -> list[Org]:
    out = []
    for i, p in enumerate(net["partner_organisations"], start=1):
        name = p["name"].replace("(niet bij naam genoemd) ", "")
        name = name[0].upper() + name[1:]
        kind = org_type(p["type"])
        org_sector = ORG_SECTORS.get(kind, "")
        ref_type = p["type"] or ""
        if kind == "school":
            org_sector = "po" if "(po)" in ref_type else "vo" if "(vo)" in ref_type else sector
        elif (kind == "schoolbestuur" or ref_type.startswith("opleidingsschool")) \
                and sector in ("po", "vo", "mbo"):
            # an opleidingsschool is schools training teachers together: the schools' sector
            org_sector = sector
        # Only organisations the source calls potential or an ambition are not (yet) members.
        member = not any(w in (p["role_in_network"] or "").lower() + name.lower()
                         for w in ("potentiële", "ambitie", "(ambitie)"))
        out.append(Org(f"n{net['id']:02d}-o{i:02d}", name, kind, org_sector, net["region"] or "",
                       member, p["abbreviation"] or ""))
    return out


# ---------------------------------------------------------------------------------------------
# People and memberships


@dataclass
class Member:
    id: str
    role: str
    function: str
    core: bool  # counted by the case text (named_roles): never trimmed
    fill: bool  # one of a practice team's many teachers
    units: list[str] = field(default_factory=list)
    hint: str = ""  # source text that may name the person's organisation


class Roster:
    """The people of one network and the units they sit in."""

    def __init__(self, net: dict[str, Any], units: list[UnitInst], by_ref: dict[str, list[UnitInst]]):
        self.net = net
        self.units = units
        self.by_ref = by_ref
        self.unit = {u.id: u for u in units}
        self.people: dict[str, Member] = {}
        self._next = 1

    def new(self, role: str, function: str, *, core: bool = False, fill: bool = False,
            hint: str = "") -> Member:
        pid = f"n{self.net['id']:02d}-p{self._next:03d}"
        self._next += 1
        person = Member(pid, role, function, core, fill, hint=hint)
        self.people[pid] = person
        return person

    def join(self, person: Member, unit: UnitInst) -> None:
        if unit.id not in person.units:
            person.units.append(unit.id)
            unit.members.append(person.id)

    def remove(self, person: Member) -> None:
        for uid in person.units:
            self.unit[uid].members.remove(person.id)
        del self.people[person.id]

    def with_role(self, role: str) -> list[Member]:
        return [p for p in self.people.values() if p.role == role]


def _count_and_scope(named: dict[str, Any]) -> tuple[int | None, bool, str | None]:
    """(number of people, whether it is per unit instance, the word after 'per'/'in')."""
    count = named["count"]
    if isinstance(count, int):
        return count, False, None
    if not isinstance(count, str):
        return None, False, None
    derived = re.search(r"afgeleid: (\d+)", count)
    per = re.search(r"per (?:betrokken |deelnemende )?([\w-]+)", count)
    inside = re.search(_NUMBER + r" in (?:de |het )?([\w-]+)", count.lower())
    if derived:
        return int(derived.group(1)), True, per.group(1) if per else None
    number = parse_number(count)
    if number is None:
        return None, False, None
    if per:
        return number, True, per.group(1)
    if inside:
        return number, False, inside.group(2)
    return number, False, None


def _match_unit(refs: list[str], word: str | None, by_ref: dict[str, Any], net_units: dict[str, Any]) -> str | None:
    if not word:
        return None
    for ref in refs:
        unit = net_units[ref]
        if word.lower() in unit["name"].lower() or word.lower() in (unit["kind"] or "").lower():
            return ref
    return None


def build_roster(net: dict[str, Any], units: list[UnitInst], by_ref: dict[str, list[UnitInst]],
                 target: int, rng: np.random.Generator, *, practice_slots: bool = True) -> Roster:
    """People with roles in units, exactly ``target`` of them.

    1. Every role the case text counts (``named_roles`` with a number) becomes that many
       people, each in the units the role names; with several instances of a unit they are
       spread round-robin, so one project lead sits in all five PLGs and four process
       facilitators cover five schools.
    2. Every ``members_roles`` entry of a unit instance that those people do not cover becomes
       new people; in units above the school level an entry is first filled with people of
       that role who already sit elsewhere (they become the linking pins).
    3. The roster is then filled with teachers in the practice teams, or trimmed (students,
       external partners and teachers of the largest teams first) to ``target``.
    ``practice_slots=False`` (networks 07 and 08, where only the coordination and research
    teams were surveyed) leaves the practice teams to the linking pins.
    """
    roster = Roster(net, units, by_ref)
    ref_units = {u["id"]: u for u in net["layers_and_units"]}

    # 1. counted roles
    for named in net["named_roles"]:
        number, per, word = _count_and_scope(named)
        if not number:
            continue
        refs = [r for r in named["unit_ids"] if r in by_ref]
        code = role_code(named["role"])
        function = _singular(named["role"].split("/")[0].split("(")[0].strip())
        if not refs:  # the text names the role but no unit: put it where it plausibly works
            refs = [_home_for(code, units)]
        primary = _match_unit(refs, word, by_ref, ref_units) or refs[0]
        if per:
            number = max(number, 1) * (1 if re.search(r"afgeleid", str(named["count"])) else
                                       len(by_ref[primary]))
        elif word and not per:
            refs = [primary]
        hints = [h.strip() for h in (named["organisation"] or "").split(";")]
        people = [roster.new(code, function, core=True, hint=hints[i % len(hints)])
                  for i in range(number)]
        for ref in [primary] + [r for r in refs if r != primary]:
            instances = by_ref[ref]
            if ref == primary or len(instances) > 1:
                parent_of = {u.id: u.parent for u in by_ref[primary]}
                for i, person in enumerate(people):
                    if ref != primary and any(parent_of.get(uid) in {x.id for x in instances}
                                              for uid in person.units):
                        # the role's second unit is the parent of its first: join that parent
                        for uid in list(person.units):
                            parent = parent_of.get(uid)
                            if parent in roster.unit:
                                roster.join(person, roster.unit[parent])
                        continue
                    if len(people) >= len(instances):
                        roster.join(person, instances[i % len(instances)])
                    else:
                        for j, inst in enumerate(instances):
                            if j % len(people) == i:
                                roster.join(person, inst)
            else:
                # a single unit next to a per-school role: only the first of them sits there
                for person in people[: 1 if per else len(people)]:
                    roster.join(person, instances[0])

    # 2. members_roles entries, school level first so that the levels above can reuse people
    order = {"micro": 0, "meso": 1, "macro": 2}
    for inst in sorted(units, key=lambda u: (order[u.level], units.index(u))):
        if not practice_slots and (inst.level == "micro" or inst.process == "praktijk"):
            continue
        for entry in ref_units[inst.ref]["members_roles"]:
            slot = parse_entry(entry)
            if slot is None:
                continue
            present = [roster.people[p] for p in inst.members if roster.people[p].role == slot.role]
            missing = slot.count - len(present)
            if missing <= 0:
                continue
            if inst.level == "micro" and slot.role not in ("leraar", "student", "schoolleider"):
                # 'twee promovendi' in each PLG are the network's two PhD candidates
                counted = [p for p in roster.with_role(slot.role) if p.core and inst.id not in p.units]
                for person in sorted(counted, key=lambda p: (len(p.units), p.id))[:missing]:
                    roster.join(person, inst)
                    missing -= 1
            if inst.level != "micro" and slot.role not in ("leraar", "student", "extern partner"):
                others = [p for p in roster.with_role(slot.role) if inst.id not in p.units]
                others.sort(key=lambda p: (len(p.units), p.id))
                # a plural ('procesbegeleiders') brings all of them, up to six
                for person in others[: max(missing, 6 if PLURAL.search(entry.lower()) else missing)]:
                    roster.join(person, inst)
                    missing -= 1
            for _ in range(max(missing, 0)):
                roster.join(roster.new(slot.role, slot.function, fill=slot.fill, hint=entry), inst)

    # 3. fill or trim to the member count of Bijlage 3
    if practice_slots:
        growable = [u for u in units if u.process == "praktijk" and u.level == "micro"] or \
            [u for u in units if u.process == "praktijk"]
        role, function = "leraar", "leerkracht" if net["sector"] == "po" else "docent"
    else:  # only the research and coordination teams were surveyed: more researchers there
        growable = [u for u in units if u.level != "micro" and u.process != "praktijk" and any(
            "onderzoek" in entry for entry in ref_units[u.ref]["members_roles"])]
        role, function = "onderzoeker", "onderzoeker"
    growable = growable or units
    while len(roster.people) < target:
        inst = min(growable, key=lambda u: (len(u.members), units.index(u)))
        roster.join(roster.new(role, function, fill=True), inst)
    priority = {"student": 0, "extern partner": 1, "adviseur": 2, "lerarenopleider": 2.5,
                "leraar": 3}

    def last_teacher(p: Member) -> bool:
        # a school team keeps at least one teacher: that is what makes it a practice team
        return p.role == "leraar" and any(
            roster.unit[u].level == "micro"
            and sum(roster.people[q].role == "leraar" for q in roster.unit[u].members) == 1
            for u in p.units
        )

    while len(roster.people) > target:
        removable = [p for p in roster.people.values()
                     if not p.core and len(p.units) == 1 and not last_teacher(p)]
        if not removable:
            removable = [p for p in roster.people.values() if not p.core]
        if not removable:
            raise ValueError(f"network {net['id']}: more counted roles than {target} members")
        size = {u.id: len(u.members) for u in units}
        victim = max(removable, key=lambda p: (max(size[u] for u in p.units),
                                               -priority.get(p.role, 4), p.id))
        roster.remove(victim)
    return roster


def _home_for(code: str, units: list[UnitInst]) -> str:
    wanted = "praktijk" if code in ("leraar", "student") else "coordinatie"
    for u in units:
        if u.process == wanted:
            return u.ref
    return units[0].ref
