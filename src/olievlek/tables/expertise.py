"""Sorting the open expertise answers into the report's six kinds (section 5.3).

A keyword classifier makes the first sorting: an answer can belong to several kinds (the
report finds research and teaching expertise "often in combination") or to none
("unsorted"). A researcher corrects it per person; corrections are passed in as
``overrides`` and always win.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from .data import Study, percent

__all__ = ["KINDS", "classify", "expertise_table", "sort_expertise"]

# The six kinds, in the report's order. Codes are stable: corrections are stored by code.
KINDS: tuple[str, ...] = (
    "thema",
    "onderzoek-doen",
    "onderzoek-begeleiden",
    "verandermanagement",
    "leidinggeven",
    "praktijk-leraar",
)

# Keyword stems per kind, matched at the start of a word in the lower-cased, accent-free answer.
# Guiding research is taken out of the text before "doing research" is looked for, so
# "onderzoeksbegeleiding" alone is not also counted as doing research.
_GUIDING = (
    r"begeleid\w* (van |bij )?(\w+ )?onderzoek\w*", r"onderzoek\w*begeleid\w*",
    r"onderzoek\w* begeleid\w*", r"supervis\w*", r"coachen van onderzoek\w*",
    r"scriptiebegeleid\w*", r"promotor", r"copromotor",
)
_KEYWORDS: dict[str, tuple[str, ...]] = {
    "thema": (
        "thema", "vakdidactiek", "didactiek", "lezen", "leesonderwijs", "begrijpend lezen", "taal",
        "rekenen", "wiskunde", "duurzaamheid", "burgerschap", "wetenschap en techniek", "w&t",
        "techniek", "challenge", "cbl", "inclusie", "kansengelijkheid", "student agency",
        "dialoog", "jonge kind", "beroepsgericht", "passend onderwijs", "onderwerp", "inhoud",
        "kennis van", "expert in", "specialist",
    ),
    "onderzoek-doen": (
        "onderzoek", "praktijkgericht", "ontwerpgericht", "promotieonderzoek", "promovendus",
        "promoveren", "gepromoveerd", "phd", "dataverzameling", "data-analyse", "analyse",
        "wetenschappelijk", "onderzoeker", "lector", "onderwijsonderzoek", "design based",
    ),
    "onderzoek-begeleiden": (),  # found with _GUIDING
    "verandermanagement": (
        "verander", "implementatie", "innovatie", "schoolontwikkeling", "organisatieontwikkeling",
        "change", "transitie", "procesbegeleiding", "veranderkunde", "verduurzam",
    ),
    "leidinggeven": (
        "leidinggev", "leiding", "leiderschap", "management", "manager", "directeur", "directie",
        "schoolleider", "bestuur", "coordinat", "teamleider", "projectleid", "aansturen",
    ),
    "praktijk-leraar": (
        "leraar", "leraren", "leerkracht", "docent", "lesgeven", "lesgeef", "voor de klas", "voor de groep",
        "onderwijspraktijk", "praktijkervaring", "groepsleerkracht", "mentor", "lessen",
    ),
}
_PATTERNS = {
    kind: re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")") if words else None
    for kind, words in _KEYWORDS.items()
}
_GUIDING_PATTERN = re.compile(r"\b(" + "|".join(_GUIDING) + r")")


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def classify(text: str) -> tuple[str, ...]:
    """The kinds an open answer mentions, in the order of :data:`KINDS` (may be empty).

    >>> classify("Praktijkgericht onderzoek en begeleiden van onderzoek door leraren")
    ('onderzoek-doen', 'onderzoek-begeleiden', 'praktijk-leraar')
    """
    plain = _plain(text)
    found = set()
    if _GUIDING_PATTERN.search(plain):
        found.add("onderzoek-begeleiden")
        plain = _GUIDING_PATTERN.sub(" ", plain)
    for kind, pattern in _PATTERNS.items():
        if pattern is not None and pattern.search(plain):
            found.add(kind)
    return tuple(k for k in KINDS if k in found)


def sort_expertise(
    study: Study, overrides: dict[tuple[str, str], tuple[str, ...]] | None = None
) -> pd.DataFrame:
    """One row per respondent who answered: ``network, person, expertise, kinds, source``.

    ``kinds`` is a tuple of kind codes; ``source`` is ``keywords`` or ``researcher`` (from
    ``overrides``, keyed by ``(network, person)``).
    """
    overrides = overrides or {}
    resp = study.respondents
    resp = resp[resp["expertise"].str.strip() != ""]
    rows = []
    for net, person, text in resp[["network", "person", "expertise"]].itertuples(index=False):
        key = (net, person)
        if key in overrides:
            kinds = tuple(k for k in KINDS if k in overrides[key])
            source = "researcher"
        else:
            kinds, source = classify(text), "keywords"
        rows.append({"network": net, "person": person, "expertise": text, "kinds": kinds,
                     "source": source})
    return pd.DataFrame(rows, columns=["network", "person", "expertise", "kinds", "source"])


def expertise_table(study: Study, sorting: pd.DataFrame, by: str = "network") -> pd.DataFrame:
    """Per kind, how many respondents mention it, by network (or ``by="sector"``).

    Rows: the six kinds (whole percentages of those who answered the open question; one
    person can mention several kinds, so columns can add up to more than 100), ``unsorted``
    (answered, no kind found; percentage), ``missing`` (respondents without an answer; count)
    and ``n`` (respondents).
    """
    resp = study.respondents
    if by == "sector":
        from olievlek.package import SECTORS

        groups = list(SECTORS)
    else:
        groups = list(study.networks["network"])
    group_of = dict(zip(zip(resp["network"], resp["person"]), resp[by]))
    rows: dict[str, dict] = {k: {"category": k} for k in (*KINDS, "unsorted", "missing", "n")}
    for group in groups:
        # A boolean Series, not a list: an empty list would select columns (no respondents).
        keep = pd.Series([group_of.get((n, p)) == group
                          for n, p in zip(sorting["network"], sorting["person"])],
                         index=sorting.index, dtype=bool)
        mine = sorting[keep]
        n = int((resp[by] == group).sum())
        answered = len(mine)
        for kind in KINDS:
            rows[kind][group] = percent(sum(kind in ks for ks in mine["kinds"]), answered)
        rows["unsorted"][group] = percent(sum(not ks for ks in mine["kinds"]), answered)
        rows["missing"][group] = n - answered
        rows["n"][group] = n
    df = pd.DataFrame(list(rows.values()), columns=["category", *groups], dtype=object)
    return df.where(df.notna(), None)
