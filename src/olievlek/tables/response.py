"""Response tables (Bijlage 3) and the roles people hold.

*Members* of a wave are the people invited to it (any response row: invited, partial or
complete); *respondents* are those with a ``complete`` response. The percentage is whole,
rounded as the background tables are. A network nobody was invited to has empty members and
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
                     **_rate(int(mine["invited"].sum()), int(mine["respondent"].sum()))})
    return _frame(rows, ["network", "name", "sector", "members", "respondents", "percent"])


def _invited_memberships(study: Study) -> pd.DataFrame:
    flags = study.people[["network", "person", "invited", "respondent"]]
    ms = study.memberships.merge(flags, on=["network", "person"])
    return ms[ms["invited"]]


def response_by_unit(study: Study) -> pd.DataFrame:
    """Columns ``network, unit, name, process, members, respondents, percent``: one row per
    unit, counting the invited people with a membership in it (units nobody was invited from
    included, with empty cells)."""
    ms = _invited_memberships(study).drop_duplicates(["network", "person", "unit"])
    rows = []
    for net, unit, name, process in study.units[["network", "unit", "name", "process"]].itertuples(index=False):
        mine = ms[(ms["network"] == net) & (ms["unit"] == unit)]
        rows.append({"network": net, "unit": unit, "name": name, "process": process,
                     **_rate(len(mine), int(mine["respondent"].sum()))})
    return _frame(rows, ["network", "unit", "name", "process", "members", "respondents", "percent"])


def response_by_role(study: Study) -> pd.DataFrame:
    """Columns ``network, role, members, respondents, percent``, per network by role; people
    with a membership without a role count under role ``""``."""
    ms = _invited_memberships(study).drop_duplicates(["network", "person", "role"])
    rows = []
    for (net, role), grp in ms.groupby(["network", "role"], sort=True):
        rows.append({"network": net, "role": role, **_rate(len(grp), int(grp["respondent"].sum()))})
    return _frame(rows, ["network", "role", "members", "respondents", "percent"])


def response_by_process(study: Study) -> pd.DataFrame:
    """Columns ``process, members, respondents, percent`` over all networks of the study."""
    ms = _invited_memberships(study).drop_duplicates(["network", "person", "process"])
    rows = []
    for process in PROCESSES:
        mine = ms[ms["process"] == process]
        rows.append({"process": process, **_rate(len(mine), int(mine["respondent"].sum()))})
    return _frame(rows, ["process", "members", "respondents", "percent"])


def roles_table(study: Study) -> pd.DataFrame:
    """How often each role was given per network: ``network, role, respondents, members``.

    ``respondents`` counts respondents holding the role (the questionnaire asks for the role,
    so this is how often it was given); ``members`` counts everyone in the network holding
    it. Sorted by network, then most given first.
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
