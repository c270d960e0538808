"""Response tables (Bijlage 3) and the roles people hold.

*Members* of a wave are its people (:func:`olievlek.package.wave_people`: any response row,
invited, partial or complete, and anyone named in its ties); the ``respondents`` column of the response tables counts **complete** responses
only (returned questionnaires, as Bijlage 3 does: :attr:`Study.completes`), not the partial
responses with background answers that the background tables include (see
:mod:`olievlek.tables.data`). The percentage is whole, rounded as the background tables are. A network nobody was invited to has empty members and
percentage, as Bijlage 3 prints "n.v.t." for network 11.
"""

from __future__ import annotations

import pandas as pd

from olievlek.package import PROCESSES

from .data import Study, percent

__all__ = [
    "response_by_network",
    "response_by_process",
    "response_by_role",
    "response_by_unit",
    "roles_table",
]


def _rate(members: int, respondents: int) -> dict:
    return {
        "members": members if members else None,
        "respondents": respondents if members else None,
        "percent": percent(respondents, members),
    }


def response_by_network(study: Study) -> pd.DataFrame:
    """Columns ``network, name, sector, members, respondents, percent``."""
    people = study.people
    rows = []
    for net, name, sector in study.networks[["network", "name", "sector"]].itertuples(index=False):
        mine = people[people["network"] == net]
        rows.append({"network": net, "name": name, "sector": sector,
                     **_rate(int(mine["invited"].sum()), int(mine["complete"].sum()))})
    return _frame(rows, ["network", "name", "sector", "members", "respondents", "percent"])


def _invited_memberships(study: Study) -> pd.DataFrame:
    cache = study.__dict__.setdefault("_invited_memberships", [])
    if not cache:  # asked for by several tables: merge once per study
        flags = study.people[["network", "person", "invited", "complete"]]
        ms = study.memberships.merge(flags, on=["network", "person"])
        cache.append(ms[ms["invited"]])
    return cache[0]


def _tally(ms: pd.DataFrame, keys: list[str]) -> dict[tuple, tuple[int, int]]:
    """(members, complete responses) per value of ``keys``, each person once per value."""
    ms = ms.drop_duplicates(["network", "person", *[k for k in keys if k != "network"]])
    out: dict[tuple, list[int]] = {}
    for *key, complete in ms[[*keys, "complete"]].itertuples(index=False):
        counts = out.setdefault(tuple(key), [0, 0])
        counts[0] += 1
        counts[1] += bool(complete)
    return {k: (m, r) for k, (m, r) in out.items()}


def response_by_unit(study: Study) -> pd.DataFrame:
    """Columns ``network, unit, name, process, members, respondents, percent``: one row per
    unit, counting the invited people with a membership in it (units nobody was invited from
    included, with empty cells)."""
    tally = _tally(_invited_memberships(study), ["network", "unit"])
    rows = []
    for net, unit, name, process in study.units[["network", "unit", "name", "process"]].itertuples(index=False):
        rows.append({"network": net, "unit": unit, "name": name, "process": process,
                     **_rate(*tally.get((net, unit), (0, 0)))})
    return _frame(rows, ["network", "unit", "name", "process", "members", "respondents", "percent"])


def response_by_role(study: Study) -> pd.DataFrame:
    """Columns ``network, role, members, respondents, percent``, per network by role; people
    with a membership without a role count under role ``""``."""
    tally = _tally(_invited_memberships(study), ["network", "role"])
    rows = [{"network": net, "role": role, **_rate(*tally[(net, role)])} for net, role in sorted(tally)]
    return _frame(rows, ["network", "role", "members", "respondents", "percent"])


def response_by_process(study: Study, network: str | None = None) -> pd.DataFrame:
    """Columns ``process, members, respondents, percent`` over all networks of the study (or
    only ``network``)."""
    ms = _invited_memberships(study)
    if network is not None:
        ms = ms[ms["network"] == network]
    tally = _tally(ms, ["process"])
    rows = [{"process": p, **_rate(*tally.get((p,), (0, 0)))} for p in PROCESSES]
    return _frame(rows, ["process", "members", "respondents", "percent"])


def roles_table(study: Study) -> pd.DataFrame:
    """How often each role was given per network: ``network, role, respondents, members``.

    ``respondents`` counts respondents holding the role (:attr:`Study.respondents`: the role
    is a background question, so this is how often it was given, partial responses with
    background answers included); ``members`` counts everyone in the network holding it. Sorted by network, then most given first.
    """
    resp = study.people[["network", "person", "respondent"]]
    ms = study.memberships[study.memberships["role"] != ""].merge(resp, on=["network", "person"])
    ms = ms.drop_duplicates(["network", "person", "role"])
    rows = [
        {"network": net, "role": role, "respondents": int(grp["respondent"].sum()), "members": len(grp)}
        for (net, role), grp in ms.groupby(["network", "role"], sort=True)
    ]
    df = _frame(rows, ["network", "role", "respondents", "members"])
    if df.empty:
        return df
    return df.sort_values(["network", "respondents", "members", "role"],
                          ascending=[True, False, False, True], kind="mergesort").reset_index(drop=True)


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns, dtype=object)
    return df.where(df.notna(), None)
