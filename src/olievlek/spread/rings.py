"""Rings of spread: how far from its makers each use of a boundary object happened.

A use falls in the smallest ring that applies:

- ``0`` own team: the user is one of the object's makers, or sits (on the use's date) in one
  of its units;
- ``1`` own organisation: the use's organisation is the organisation of one of its makers;
- ``2`` the network: another member organisation of the network;
- ``3`` the region: not a member, but the use's municipality lies in a COROP region where the
  network has a member organisation;
- ``4`` the Netherlands: anywhere else in the country;
- ``5`` abroad: a country other than the Netherlands.

The municipality of a use defaults to its organisation's; the country defaults to ``NL``.
:func:`place_uses` is the one definition: pages, exports and the command all call it.

Examples
--------
>>> from olievlek.spread.data import Portfolio, table
>>> p = Portfolio(
...     objects=table("objects", [{"id": "o", "makers": "ann", "date": "2024-01-01"}]),
...     people=table("people", [{"id": "ann", "organisation": "school-a"}]),
...     organisations=table("organisations", [
...         {"id": "school-a", "municipality": "GM0153", "member": True},
...         {"id": "school-b", "municipality": "GM0164", "member": False}]),
...     uses=table("uses", [
...         {"object": "o", "date": "2024-02-01", "organisation": "school-a", "use": "toegepast"},
...         {"object": "o", "date": "2024-03-01", "organisation": "school-b", "use": "kennisgenomen"}]))
>>> place_uses(p)["ring"].tolist()
[1, 3]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from olievlek.package_files import membership_active

from .data import DEPTH, Portfolio, municipalities, parse_date, split_list

__all__ = ["PLACED_COLUMNS", "member_regions", "place_uses"]

PLACED_COLUMNS = ("object", "date", "organisation", "person", "municipality", "country", "use",
                  "depth", "ring", "source", "channel")


def member_regions(portfolio: Portfolio) -> set[str]:
    """The COROP regions (``CR##``) where the network has a member organisation."""
    geo = municipalities()
    orgs = portfolio.organisations
    codes = orgs.loc[orgs["member"].astype(bool), "municipality"]
    return {geo[c].corop for c in codes if c in geo}


def place_uses(portfolio: Portfolio) -> pd.DataFrame:
    """Every use with its place and ring.

    Returns
    -------
    DataFrame
        ``object, date, organisation, person, municipality, country, use, depth, ring, source,
        channel``: ``date`` a ``datetime.date``, ``municipality`` the use's own or else its
        organisation's (may be ""), ``country`` upper case (``NL`` when empty), ``depth`` 1-6
        (0 for ``gestopt``), ``ring`` 0-5. Sorted by date, object, organisation.
    """
    uses = portfolio.uses
    out = pd.DataFrame({
        "object": uses["object"].astype(object),
        "date": uses["date"].map(parse_date),
        "organisation": uses["organisation"].astype(object),
        "person": uses["person"].astype(object),
        "use": uses["use"].astype(object),
        "source": uses["source"].astype(object),
        "channel": uses["channel"].astype(object),
    })
    if out.empty:
        return pd.DataFrame(columns=list(PLACED_COLUMNS))
    orgs = portfolio.organisations.drop_duplicates("id").set_index("id")
    org_place = orgs["municipality"].to_dict()
    member = set(orgs.index[orgs["member"].astype(bool)])
    municipality = uses["municipality"].where(uses["municipality"] != "",
                                              uses["organisation"].map(org_place).fillna(""))
    country = uses["country"].str.upper().replace("", "NL")
    out["municipality"] = municipality.astype(object)
    out["country"] = country.astype(object)
    out["depth"] = out["use"].map(DEPTH).fillna(0).astype("int64")

    own_team = _own_team(portfolio, out)
    maker_orgs = _maker_organisations(portfolio)
    own_org = pd.Series(list(zip(out["object"], out["organisation"])), index=out.index).isin(maker_orgs)
    in_network = out["organisation"].isin(member)
    geo = municipalities()
    corop = out["municipality"].map(lambda c: geo[c].corop if c in geo else "")
    in_region = corop.isin(member_regions(portfolio)) & (out["country"] == "NL")
    abroad = out["country"] != "NL"
    out["ring"] = np.select(
        [own_team, own_org, in_network, in_region, ~abroad], [0, 1, 2, 3, 4], default=5
    ).astype("int64")
    out = out.sort_values(["date", "object", "organisation"], kind="mergesort")
    return out[list(PLACED_COLUMNS)].reset_index(drop=True)


def _maker_organisations(portfolio: Portfolio) -> set[tuple[str, str]]:
    org_of = dict(zip(portfolio.people["id"], portfolio.people["organisation"]))
    pairs = set()
    for obj, makers in zip(portfolio.objects["id"], portfolio.objects["makers"]):
        for person in split_list(makers):
            if org_of.get(person):
                pairs.add((obj, org_of[person]))
    return pairs


def _own_team(portfolio: Portfolio, placed: pd.DataFrame) -> pd.Series:
    """Uses by a maker, or by someone in one of the object's units on the day of the use."""
    makers = {(obj, person) for obj, cell in zip(portfolio.objects["id"], portfolio.objects["makers"])
              for person in split_list(cell)}
    units = pd.DataFrame(
        [(obj, unit) for obj, cell in zip(portfolio.objects["id"], portfolio.objects["units"])
         for unit in split_list(cell)], columns=["object", "unit"])
    keys = pd.Series(list(zip(placed["object"], placed["person"])), index=placed.index)
    result = keys.isin(makers) & (placed["person"] != "")
    with_person = placed[(placed["person"] != "") & ~result]
    if units.empty or with_person.empty or portfolio.memberships.empty:
        return result
    cand = (with_person.reset_index()[["index", "object", "person", "date"]]
            .merge(units, on="object").merge(portfolio.memberships, on=["person", "unit"]))
    if cand.empty:
        return result
    active = [membership_active(s, e, d)
              for s, e, d in zip(cand["start"], cand["end"], cand["date"])]
    inside = cand.loc[active, "index"]
    result.loc[inside.unique()] = True
    return result
