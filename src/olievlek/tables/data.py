"""One wave of one or more networks as three flat tables: people, memberships, units.

Everything in :mod:`olievlek.tables` starts from a :class:`Study`, built from network
packages with :func:`combine`. No Django here: the command line and the web pages both turn
their networks into packages first (the web via ``export_package``).

Who counts, defined here once (see :func:`is_respondent` and ``docs/participants.md``):

* **respondents** of a wave (column ``respondent``, :attr:`Study.respondents`): people whose
  response is ``complete``, or ``partial`` with at least one background answer
  (:data:`BACKGROUND_ANSWERS` non-empty). The questionnaire asks the background questions
  first (part 1) and the relations second (part 2); someone who answered part 1 and broke off
  in part 2 did answer the background questions, and descriptive statistics per item count
  everyone who answered the item. Every background table (Tabel 5.1-5.3 and its groupings),
  the expertise and roles tables and the representativeness comparisons use them.
* **complete responses** (column ``complete``, :attr:`Study.completes`): returned
  questionnaires. The response tables (Bijlage 3: members, response rate) count only these.
* **members** (column ``invited``): the wave's people, as its network has them
  (:func:`olievlek.package.wave_people`): anyone with a response row in the wave, and anyone
  named in its ties.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from olievlek.package import Package

__all__ = ["BACKGROUND_ANSWERS", "Study", "combine", "first_wave", "is_respondent", "percent"]

# The package columns that hold answers to the background questions (questionnaire part 1).
BACKGROUND_ANSWERS = ("education_level", "involvement", "years_in_education", "expertise")

PEOPLE_COLUMNS = [
    "network", "network_name", "sector", "person", "name", "function", "person_sector",
    "organisation", "education_level", "involvement", "years_in_education", "expertise",
    "status", "invited", "complete", "respondent",
]
MEMBERSHIP_COLUMNS = ["network", "person", "unit", "unit_name", "process", "role"]
UNIT_COLUMNS = ["network", "unit", "name", "kind", "process", "level", "parent"]
NETWORK_COLUMNS = ["network", "name", "sector"]
ORGANISATION_COLUMNS = ["network", "organisation", "name", "type", "sector", "member"]


def is_respondent(status: str, answers: Iterable[str]) -> bool:
    """Whether someone counts as a respondent of a wave in the background tables.

    ``status`` is their response status in the wave, ``answers`` their background answers
    (the :data:`BACKGROUND_ANSWERS` columns). A ``complete`` response always counts (an empty
    answer is then item non-response, reported as ``missing``); a ``partial`` one counts when
    at least one background answer is filled (part 1 answered, broken off in part 2);
    ``invited`` and no response row never count. The response tables (Bijlage 3) count
    ``complete`` only.
    """
    if status == "complete":
        return True
    return status == "partial" and any(str(a).strip() for a in answers)


def percent(count: int, valid: int) -> int | None:
    """``100 * count / valid`` rounded to a whole percent, halves up, in exact integers.

    This is the report's rule (see docs/participants.md): every cell of Tabel 5.1-5.3 is
    rounded on its own, so a column may add up to 99 or 101. ``None`` when ``valid`` is 0.
    """
    if valid <= 0:
        return None
    return (200 * count + valid) // (2 * valid)


@dataclass
class Study:
    """The people of one wave of one or more networks, ready for tables.

    ``people`` has one row per person of every network (``invited`` is True for the wave's
    people, :func:`olievlek.package.wave_people`, ``complete`` for a complete response, ``respondent`` as
    :func:`is_respondent` says);
    ``memberships`` one row per membership, with the unit's name and process; ``units`` and
    ``networks`` describe the structure. A person is identified by ``(network, person)``.
    """

    wave: str | None
    people: pd.DataFrame
    memberships: pd.DataFrame
    units: pd.DataFrame
    networks: pd.DataFrame
    organisations: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ORGANISATION_COLUMNS))

    @cached_property
    def respondents(self) -> pd.DataFrame:
        """Respondents of the wave (:func:`is_respondent`): the base of the background tables."""
        # cached: every table asks for it; a Study is not changed after it is built
        return self.people[self.people["respondent"]]

    @property
    def completes(self) -> pd.DataFrame:
        """People with a complete response: what the response tables (Bijlage 3) count."""
        return self.people[self.people["complete"]]

    @property
    def invited(self) -> pd.DataFrame:
        return self.people[self.people["invited"]]

    def network_names(self) -> dict[str, str]:
        return dict(zip(self.networks["network"], self.networks["name"]))


def first_wave(packages: list[Package]) -> str | None:
    """The first wave label in sort order over all packages (None when there is none)."""
    labels = sorted({w for pkg in packages for w in pkg.waves()})
    return labels[0] if labels else None


def _network_row(pkg: Package, index: int) -> dict:
    net = pkg.network or {}
    slug = net.get("id") or f"network-{index + 1}"
    return {"network": slug, "name": net.get("name") or slug, "sector": net.get("sector") or ""}


def combine(packages: list[Package], wave: str | None = None) -> Study:
    """Put the packages side by side as one :class:`Study` of ``wave`` (default: the first).

    Raises ``ValueError`` when two packages carry the same network id.
    """
    if wave is None:
        wave = first_wave(packages)
    people, members, units, nets, orgs = [], [], [], [], []
    seen: set[str] = set()
    for i, pkg in enumerate(packages):
        net = _network_row(pkg, i)
        slug = net["network"]
        if slug in seen:
            raise ValueError(f"network '{slug}' is given twice")
        seen.add(slug)
        nets.append(net)
        resp = pkg.responses[pkg.responses["wave"] == wave]
        status = dict(zip(resp["person"], resp["status"]))
        in_wave = set(pkg.wave_people(wave).ids) if wave else set()
        p = pkg.people
        people.append(pd.DataFrame({
            "network": slug,
            "network_name": net["name"],
            "sector": net["sector"],
            "person": p["id"],
            "name": p["name"],
            "function": p["function"],
            "person_sector": p["sector"],
            "organisation": p["organisation"],
            "education_level": p["education_level"],
            "involvement": p["involvement"],
            "years_in_education": p["years_in_education"],
            "expertise": p["expertise"],
            "status": p["id"].map(lambda k, status=status: status.get(k, "")),
            "invited": p["id"].isin(in_wave),
        }))
        u = pkg.units
        units.append(pd.DataFrame({
            "network": slug, "unit": u["id"], "name": u["name"], "kind": u["kind"],
            "process": u["process"], "level": u["level"], "parent": u["parent"],
        }))
        uname = dict(zip(u["id"], u["name"]))
        uproc = dict(zip(u["id"], u["process"]))
        m = pkg.memberships
        members.append(pd.DataFrame({
            "network": slug, "person": m["person"], "unit": m["unit"],
            "unit_name": m["unit"].map(uname), "process": m["unit"].map(uproc),
            "role": m["role"].str.strip().str.lower(),
        }))
        o = pkg.organisations
        orgs.append(pd.DataFrame({
            "network": slug, "organisation": o["id"], "name": o["name"], "type": o["type"],
            "sector": o["sector"], "member": o["member"],
        }))
    people_df = _concat(people, PEOPLE_COLUMNS[:-2])
    people_df["invited"] = people_df["invited"].astype(bool)
    people_df["complete"] = people_df["status"] == "complete"
    answers = zip(*(people_df[c] for c in BACKGROUND_ANSWERS))
    people_df["respondent"] = pd.Series(
        [is_respondent(s, a) for s, a in zip(people_df["status"], answers)],
        index=people_df.index, dtype=bool)
    return Study(
        wave=wave,
        people=people_df[PEOPLE_COLUMNS].reset_index(drop=True),
        memberships=_concat(members, MEMBERSHIP_COLUMNS),
        units=_concat(units, UNIT_COLUMNS),
        networks=pd.DataFrame(nets, columns=NETWORK_COLUMNS),
        organisations=_concat(orgs, ORGANISATION_COLUMNS),
    )


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.concat(frames, ignore_index=True)[columns]
