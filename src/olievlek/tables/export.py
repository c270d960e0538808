"""Every participants table at once: as DataFrames, CSV files, one XLSX workbook, pictures.

:func:`all_tables` is the single list of what exists (the command line, the web pages and
``docs/formats.md`` follow it); :func:`write_tables` writes it to a folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

import pandas as pd

from olievlek.package import SECTORS
from olievlek.spreadsheet import safe_frame

from . import charts
from .background import ITEMS, background_counts, background_table
from .checks import Finding, consistency_checks
from .data import Study

if TYPE_CHECKING:
    from matplotlib.figure import Figure
from .expertise import KINDS, expertise_table, sort_expertise
from .representativeness import compare, observed_counts, practice_flag
from .response import (
    response_by_network,
    response_by_process,
    response_by_role,
    response_by_unit,
    roles_table,
)

__all__ = ["SHEETS", "TITLES", "Reference", "all_tables", "chart_stems", "charts_for", "header", "write_tables", "write_workbook"]

# Dutch and English for workbook headers, titles and the codes people read.
LABELS: dict[str, tuple[str, str]] = {
    "category": ("categorie", "category"),
    "missing": ("ontbreekt", "missing"),
    "n": ("n", "n"),
    "network": ("netwerk", "network"),
    "name": ("naam", "name"),
    "sector": ("sector", "sector"),
    "members": ("netwerkleden", "members"),
    "respondents": ("respondenten", "respondents"),
    "percent": ("percentage respons", "response rate (%)"),
    "unit": ("eenheid", "unit"),
    "process": ("proces", "process"),
    "role": ("rol", "role"),
    "person": ("persoon", "person"),
    "expertise": ("expertise", "expertise"),
    "kinds": ("soorten", "kinds"),
    "source": ("bron", "source"),
    "kind": ("soort", "kind"),
    "subject": ("onderwerp", "subject"),
    "detail": ("toelichting", "detail"),
    "count": ("aantal", "count"),
    "people": ("personen", "people"),
    "observed": ("waargenomen", "observed"),
    "observed_percent": ("waargenomen %", "observed %"),
    "reference": ("referentie", "reference"),
    "reference_percent": ("referentie %", "reference %"),
    "expected": ("verwacht", "expected"),
    "residual": ("residu", "residual"),
    "flag": ("signaal", "flag"),
    "praktijk": ("praktijk", "practice"),
    "coordinatie": ("coördinatie", "coordination"),
    "onderzoek": ("onderzoek", "research"),
    "flagged": ("praktijk ondervertegenwoordigd", "practice under-represented"),
    "p_value": ("p-waarde", "p-value"),
    "test": ("toets", "test"),
    "sectoroverstijgend": ("sectoroverstijgend", "cross-sector"),
    # answer codes
    "universiteit": ("universiteit", "university"), "phd": ("PhD", "PhD"), "anders": ("anders", "other"),
    "0-3m": ("0-3 maanden", "0-3 months"), "3-6m": ("3-6 maanden", "3-6 months"),
    "6-12m": ("6-12 maanden", "6-12 months"), "1-2y": ("1-2 jaar", "1-2 years"),
    "2-5y": ("2-5 jaar", "2-5 years"), "5y+": ("langer dan 5 jaar", "more than 5 years"),
    "<1": ("minder dan een jaar", "less than a year"), "1-15": ("1-15 jaar", "1-15 years"),
    "15+": ("langer dan 15 jaar", "more than 15 years"),
    "thema": ("thema-specifieke expertise", "theme-specific expertise"),
    "onderzoek-doen": ("onderzoek doen", "doing research"),
    "onderzoek-begeleiden": ("onderzoek begeleiden", "guiding research"),
    "verandermanagement": ("verandermanagement", "change management"),
    "leidinggeven": ("leidinggeven", "leadership"),
    "praktijk-leraar": ("praktijkervaring als leraar", "practice as a teacher"),
    "unsorted": ("niet ingedeeld", "unsorted"),
    "yes": ("ja", "yes"), "no": ("nee", "no"), "over": ("over", "over"), "under": ("onder", "under"),
    "variable": ("variabele", "variable"), "reference_name": ("referentiepopulatie", "reference population"),
}
# Columns whose cells hold codes a reader wants in words (the others hold names and ids).
CODE_COLUMNS = {"category", "process", "flagged", "sector", "flag"}

_ITEM_TITLES = {
    "education_level": ("Hoogste opleidingsniveau", "Highest education level"),
    "involvement": ("Duur betrokkenheid", "Time involved in the network"),
    "years_in_education": ("Aantal jaren werkzaam in het onderwijs", "Years working in education"),
}
_BY = {
    "network": ("naar netwerk", "by network"), "unit": ("naar eenheid", "by unit"),
    "process": ("naar proces", "by process"), "role": ("naar rol", "by role"),
}
TITLES: dict[str, tuple[str, str]] = {}
SHEETS: dict[str, str] = {}
_SHORT = {"education_level": "education", "involvement": "involvement", "years_in_education": "years"}
for _item, (_nl, _en) in _ITEM_TITLES.items():
    TITLES[f"background_{_item}"] = (f"{_nl} naar sector", f"{_en} by sector")
    SHEETS[f"background_{_item}"] = f"{_SHORT[_item]}_sector"
    for _by, (_bnl, _ben) in _BY.items():
        TITLES[f"background_{_item}_by_{_by}"] = (f"{_nl} {_bnl}", f"{_en} {_ben}")
        SHEETS[f"background_{_item}_by_{_by}"] = f"{_SHORT[_item]}_{_by}"
TITLES.update({
    "response_by_network": ("Respons per netwerk (Bijlage 3)", "Response per network (Bijlage 3)"),
    "response_by_unit": ("Respons per eenheid", "Response per unit"),
    "response_by_role": ("Respons per rol", "Response per role"),
    "response_by_process": ("Respons per proces", "Response per process"),
    "practice_representation": ("Praktijkproces tegenover coördinatie en onderzoek",
                                "Practice against coordination and research"),
    "roles": ("Rollen per netwerk", "Roles per network"),
    "expertise_by_network": ("Expertise per netwerk", "Expertise per network"),
    "expertise_by_sector": ("Expertise per sector", "Expertise per sector"),
    "expertise_sorting": ("Indeling van de open antwoorden over expertise", "Sorting of the open expertise answers"),
    "consistency_checks": ("Consistentiecontroles", "Consistency checks"),
})
SHEETS.update({k: k.replace("response_by_", "response_") for k in TITLES if k not in SHEETS})


def header(code: str, lang: str = "nl") -> str:
    """The Dutch (``nl``) or English (``en``) label of a column or code; the code itself when
    there is none."""
    pair = LABELS.get(code)
    return pair[0 if lang == "nl" else 1] if pair else code


class Reference:
    """A reference population: a name, the network it is for (or None: every network), the
    variable it describes (see ``representativeness.VARIABLES``) and counts per category."""

    def __init__(self, name: str, variable: str, counts: dict[str, float], network: str | None = None):
        self.name, self.variable, self.counts, self.network = name, variable, counts, network


def all_tables(
    study: Study,
    *,
    overrides: dict[tuple[str, str], tuple[str, ...]] | None = None,
    references: list[Reference] | None = None,
    people: bool = True,
    findings: list[Finding] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every table by file stem, in a stable order. With ``people=False`` the tables that list
    individual people (the expertise sorting, person ids in the checks) are left out."""
    out: dict[str, pd.DataFrame] = {}
    for item in ITEMS:
        out[f"background_{item}"] = background_table(study, item, "sector")
    for item in ITEMS:
        for by in _BY:
            out[f"background_{item}_by_{by}"] = background_table(study, item, by)
    out["response_by_network"] = response_by_network(study)
    out["response_by_unit"] = response_by_unit(study)
    out["response_by_role"] = response_by_role(study)
    out["response_by_process"] = response_by_process(study)
    out["practice_representation"] = practice_table(study)
    out["roles"] = roles_table(study)
    sorting = sort_expertise(study, overrides)
    out["expertise_by_network"] = expertise_table(study, sorting, "network")
    out["expertise_by_sector"] = expertise_table(study, sorting, "sector")
    if findings is None:
        findings = consistency_checks(study)
    checks = pd.DataFrame([f.as_row() for f in findings],
                          columns=["kind", "network", "subject", "detail", "count"])
    if people:
        s = sorting.copy()
        s["kinds"] = s["kinds"].map(" ".join)
        out["expertise_sorting"] = s
        checks["people"] = [" ".join(f.people) for f in findings]
    out["consistency_checks"] = checks
    for i, ref in enumerate(references or [], start=1):
        comparison = compare(observed_counts(study, ref.variable, ref.network), ref.counts)
        stem = f"representativeness_{i}"
        rows = comparison.rows.copy()
        rows.insert(0, "variable", ref.variable)
        rows.insert(0, "reference_name", ref.name)
        rows["test"] = comparison.test
        rows["p_value"] = None if comparison.p_value is None else round(comparison.p_value, 4)
        out[stem] = rows
        TITLES.setdefault(stem, (f"Representativiteit {i}", f"Representativeness {i}"))
        SHEETS.setdefault(stem, stem)
    return out


def practice_table(study: Study) -> pd.DataFrame:
    """Per network and over all: response rate of each process and the practice flag."""
    rows = []
    nets = list(study.networks["network"]) + ([None] if len(study.networks) > 1 else [])
    for net in nets:
        flag = practice_flag(study, net)
        rows.append({"network": net or "", **{p: flag.rates.get(p) for p in ("coordinatie", "onderzoek", "praktijk")},
                     "flagged": "yes" if flag.flagged else "no",
                     "p_value": None if flag.p_value is None else round(flag.p_value, 4)})
    df = pd.DataFrame(rows, columns=["network", "coordinatie", "onderzoek", "praktijk", "flagged", "p_value"],
                      dtype=object)
    return df.where(df.notna(), None)


def chart_stems(study: Study) -> list[str]:
    """The file stems of the pictures :func:`charts_for` draws, in order."""
    return ([f"roles_{net}" for net in study.networks["network"]] + ["response_by_network"]
            + [f"background_{item}" for item in ITEMS])


def charts_for(study: Study, lang: str = "nl", only: str | None = None) -> dict[str, Figure]:
    """The pictures by file stem: roles per network, response per network, and each
    background question by sector. With ``only``, just that one (drawing takes time)."""
    figs: dict[str, Figure] = {}
    nl = lang == "nl"
    def want(stem: str) -> bool:
        return only is None or only == stem
    roles = roles_table(study)
    for net, name in study.networks[["network", "name"]].itertuples(index=False):
        if not want(f"roles_{net}"):
            continue
        mine = roles[roles["network"] == net]
        figs[f"roles_{net}"] = charts.bar_chart(
            list(mine["role"]), [int(v) for v in mine["respondents"]],
            title=f"{name}: " + ("rollen (respondenten)" if nl else "roles (respondents)"),
            xlabel="aantal respondenten" if nl else "respondents")
    resp = response_by_network(study)
    if want("response_by_network"):
        figs["response_by_network"] = charts.bar_chart(
            list(resp["network"]), [int(v or 0) for v in resp["percent"]],
            title=TITLES["response_by_network"][0 if nl else 1], xlabel="%")
    for item, codes in ITEMS.items():
        if not want(f"background_{item}"):
            continue
        counts = background_counts(study, item, "sector")
        figs[f"background_{item}"] = charts.grouped_bar_chart(
            [header(c, lang) for c in codes],
            {f"{header(s, lang)} (n={counts[s].n})": list(counts[s].percents().values()) for s in SECTORS},
            title=TITLES[f"background_{item}"][0 if nl else 1], ylabel="%")
    return figs


def write_tables(
    study: Study,
    out: Path,
    *,
    lang: str = "nl",
    overrides: dict[tuple[str, str], tuple[str, ...]] | None = None,
    references: list[Reference] | None = None,
    pictures: bool = True,
) -> list[Path]:
    """Write every table as ``out/<stem>.csv``, the workbook ``out/tables.xlsx`` and the
    pictures as ``out/<stem>.svg`` and ``.png``. Returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    tables = all_tables(study, overrides=overrides, references=references)
    written = []
    for stem, df in tables.items():
        path = out / f"{stem}.csv"
        safe_frame(df).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        written.append(path)
    written.append(write_workbook(tables, out / "tables.xlsx", lang=lang))
    if pictures:
        for stem, fig in charts_for(study, lang).items():
            written += charts.save(fig, out / stem)
    return written


def workbook_frame(stem: str, df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``df`` with headers (and the codes in its first column) in ``lang``."""
    df = df.copy()
    for col in CODE_COLUMNS & set(df.columns):
        df[col] = df[col].map(lambda c: header(c, lang) if isinstance(c, str) else c)
    df.columns = [header(c, lang) for c in df.columns]
    return df


_Target = TypeVar("_Target", Path, BinaryIO)  # a file, or a buffer for a download


def write_workbook(tables: dict[str, pd.DataFrame], path: _Target, *, lang: str = "nl") -> _Target:
    """One sheet per table (short names, listed on the first sheet with the CSV file name)."""
    nl = lang == "nl"
    index = pd.DataFrame(
        [{"sheet": SHEETS[s], "file": f"{s}.csv", "title": TITLES[s][0 if nl else 1]} for s in tables],
    )
    index.columns = ["blad", "bestand", "titel"] if nl else ["sheet", "file", "title"]
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        index.to_excel(writer, sheet_name="index" if not nl else "inhoud", index=False)
        for stem, df in tables.items():
            safe_frame(workbook_frame(stem, df, lang)).to_excel(
                writer, sheet_name=SHEETS[stem], index=False
            )
    return path


def kinds_label(kinds: tuple[str, ...], lang: str = "nl") -> str:
    return ", ".join(header(k, lang) for k in kinds if k in KINDS)
