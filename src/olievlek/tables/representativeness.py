"""Who is over- or under-represented: participants against a reference population.

A researcher enters or imports a reference population as counts per category (for example
the sector's teachers by education level, or the region's organisations by type).
:func:`compare` sets the network's observed counts beside it and tests the difference: an
exact test when the expected counts are small (binomial for two categories, exact
multinomial otherwise, while that is feasible), a chi-square goodness-of-fit test otherwise.

:func:`practice_flag` checks the report's suspicion that the practice process is
under-represented against coordination and research.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .data import Study, percent

__all__ = ["VARIABLES", "Comparison", "PracticeFlag", "compare", "observed_counts", "practice_flag"]

# What a reference population can describe, and where the observed counts come from.
VARIABLES = (
    "education_level", "years_in_education", "involvement", "person_sector", "process", "role",
    "organisation_type",
)
ALPHA = 0.05
EXACT_LIMIT = 300_000  # outcomes to enumerate for the exact multinomial test


@dataclass
class Comparison:
    """Observed against reference, per category, with one overall test.

    ``rows`` has columns ``category, observed, observed_percent, reference,
    reference_percent, expected, residual, flag`` (flag ``over``/``under``/"" where the
    adjusted residual passes +-1.96 and the overall test is significant). ``test`` is
    ``chi-square``, ``exact-binomial``, ``exact-multinomial`` or "" (no test possible, see
    ``note``).
    """

    rows: pd.DataFrame
    n: int
    test: str = ""
    statistic: float | None = None
    p_value: float | None = None
    note: str = ""
    significant: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.significant = self.p_value is not None and self.p_value < ALPHA


def observed_counts(study: Study, variable: str, network: str | None = None) -> Counter[str]:
    """Counts of ``variable`` among the respondents (organisations: member organisations)."""
    people = study.respondents
    if network is not None:
        people = people[people["network"] == network]
    if variable == "organisation_type":
        orgs = study.organisations
        if network is not None:
            orgs = orgs[orgs["network"] == network]
        orgs = orgs[orgs["member"].astype(bool)]
        return Counter(t for t in orgs["type"] if t)
    if variable in ("process", "role"):
        ms = study.memberships.merge(people[["network", "person"]], on=["network", "person"])
        ms = ms[ms[variable] != ""].drop_duplicates(["network", "person", variable])
        return Counter(ms[variable])
    return Counter(v for v in people[variable] if v)


def compare(observed: dict[str, int], reference: dict[str, float]) -> Comparison:
    """Compare observed counts with a reference population's counts (or shares).

    Categories are the reference's; observed counts in categories the reference lacks are
    left out and named in ``note``.
    """
    cats = [c for c, v in reference.items() if v is not None]
    ref = np.array([float(reference[c]) for c in cats])
    obs = np.array([int(observed.get(c, 0)) for c in cats])
    n = int(obs.sum())
    extra = sorted(set(observed) - set(cats))
    note = f"not in the reference: {', '.join(extra)}" if extra else ""
    total_ref = ref.sum()
    shares = ref / total_ref if total_ref > 0 else np.zeros_like(ref)
    expected = shares * n
    resid = np.full(len(cats), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        adj = np.sqrt(expected * (1 - shares))
        resid = np.where(adj > 0, (obs - expected) / adj, np.nan)
    result = Comparison(rows=pd.DataFrame(), n=n, note=note)
    usable = shares > 0
    if n == 0 or usable.sum() < 2:
        result.note = "; ".join(filter(None, [note, "too few respondents or categories to test"]))
    elif (obs[~usable] > 0).any():
        result.note = "; ".join(filter(None, [note, "observed answers in a category the reference says is empty"]))
        result.test, result.p_value = "exact-multinomial", 0.0
    else:
        o, p = obs[usable], shares[usable]
        if len(o) == 2:
            result.test = "exact-binomial"
            result.p_value = float(stats.binomtest(int(o[0]), n, float(p[0])).pvalue)
        elif (p * n).min() < 5 and math.comb(n + len(o) - 1, len(o) - 1) <= EXACT_LIMIT:
            result.test = "exact-multinomial"
            result.p_value = _exact_multinomial(o, p)
        else:
            result.test = "chi-square"
            chi = stats.chisquare(o, p * n)
            result.statistic, result.p_value = float(chi.statistic), float(chi.pvalue)
            if (p * n).min() < 5:
                result.note = "; ".join(filter(None, [result.note, "expected counts below 5: read with care"]))
    result.significant = result.p_value is not None and result.p_value < ALPHA
    rows = []
    for i, c in enumerate(cats):
        flag = ""
        if result.significant and not np.isnan(resid[i]) and abs(resid[i]) > 1.96:
            flag = "over" if resid[i] > 0 else "under"
        rows.append({
            "category": c,
            "observed": int(obs[i]),
            "observed_percent": percent(int(obs[i]), n),
            "reference": reference[c],
            "reference_percent": None if total_ref <= 0 else math.floor(100 * shares[i] + 0.5),
            "expected": round(float(expected[i]), 1),
            "residual": None if np.isnan(resid[i]) else round(float(resid[i]), 2),
            "flag": flag,
        })
    result.rows = pd.DataFrame(rows, columns=["category", "observed", "observed_percent", "reference",
                                              "reference_percent", "expected", "residual", "flag"])
    return result


def _exact_multinomial(obs: np.ndarray, p: np.ndarray) -> float:
    """P-value of the exact multinomial test: the probability of every outcome no more likely
    than the observed one."""
    n, k = int(obs.sum()), len(obs)
    dist = stats.multinomial(n, p)
    p_obs = dist.pmf(obs)
    total = 0.0
    batch = []
    for bars in itertools.combinations(range(n + k - 1), k - 1):
        cuts = (-1, *bars, n + k - 1)
        batch.append([cuts[i + 1] - cuts[i] - 1 for i in range(k)])
        if len(batch) >= 20_000:
            probs = dist.pmf(np.array(batch))
            total += probs[probs <= p_obs * (1 + 1e-7)].sum()
            batch = []
    if batch:
        probs = dist.pmf(np.array(batch))
        total += probs[probs <= p_obs * (1 + 1e-7)].sum()
    return float(min(1.0, total))


@dataclass(frozen=True)
class PracticeFlag:
    """Response by process and whether practice falls behind coordination and research."""

    rates: dict[str, int | None]
    flagged: bool
    p_value: float | None
    note: str


def practice_flag(study: Study, network: str | None = None) -> PracticeFlag:
    """Flag when the practice process responds less than both coordination and research.

    Rates are of the invited members of each process's units; the p-value is Fisher's exact
    test of practice against coordination and research together (respondents vs the rest).
    """
    from .response import response_by_process

    table = response_by_process(study, network).set_index("process")
    rates = {p: table.at[p, "percent"] for p in table.index}
    def get(p: str, col: str) -> int:
        return int(table.at[p, col] or 0)
    if get("praktijk", "members") == 0 or (get("coordinatie", "members") + get("onderzoek", "members")) == 0:
        return PracticeFlag(rates, False, None, "not enough members in practice or in coordination/research units")
    others = [p for p in ("coordinatie", "onderzoek") if get(p, "members")]
    flagged = all(get("praktijk", "respondents") * get(p, "members")
                  < get(p, "respondents") * get("praktijk", "members") for p in others)
    a, b = get("praktijk", "respondents"), get("praktijk", "members") - get("praktijk", "respondents")
    c = sum(get(p, "respondents") for p in others)
    d = sum(get(p, "members") for p in others) - c
    p_value = float(stats.fisher_exact([[a, b], [c, d]], alternative="less").pvalue)
    return PracticeFlag(rates, flagged, p_value, "")
