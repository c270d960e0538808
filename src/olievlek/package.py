"""The network package: olievlek's exchange format, read, validated and written.

A package is a folder of UTF-8 CSV files with a header row, a .zip of such a folder, or one
.xlsx workbook with a sheet per file (sheet named ``people`` or ``people.csv``). The format is
documented in ``docs/formats.md``. This module imports no Django: researchers use it in
notebooks, and the analysis library, the demo generator and the database import all stand on it.

Reading is all-or-nothing: :func:`read_package` either returns a fully validated
:class:`Package` or raises :class:`PackageError` listing every problem found, each with file,
row (as a spreadsheet shows it: the header is row 1) and column.

Examples
--------
>>> pkg = Package.empty(network={"id": "demo", "name": "Demo", "sector": "po"})
>>> pkg.people = frame("people", [{"id": "p1", "name": "Ada"}, {"id": "p2", "name": "Bo"}])
>>> pkg.ties = frame("ties", [{"wave": "2024", "source": "p1", "target": "p2",
...                            "relation": "advice", "frequency": 4}])
>>> validate(pkg)
>>> int(pkg.ties.frequency.iloc[0])
4
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from olievlek import package_files
from olievlek.package_activities import (
    ACTIVITY_COLUMNS,
    ACTIVITY_FREE_TEXT,
    ACTIVITY_MAX_LENGTHS,
    ACTIVITY_REQUIRED,
    validate_activities,
)
from olievlek.package_files import (  # noqa: F401 - the limits are part of the format
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_PACKAGE_BYTES,
    MAX_ROWS,
    MAX_XLSX_ROWS,
    MAX_ZIP_MEMBERS,
    Problem,
    membership_active,
    parse_csv,
)
from olievlek.package_files import as_date as _as_date
from olievlek.package_files import as_text as _as_text
from olievlek.package_governance import (
    GOVERNANCE_COLUMNS,
    GOVERNANCE_FREE_TEXT,
    GOVERNANCE_MAX_LENGTHS,
    GOVERNANCE_REQUIRED,
    validate_governance,
)
from olievlek.spread.formats import (
    OUTCOME_COLUMNS,
    OUTCOME_FREE_TEXT,
    OUTCOME_MAX_LENGTHS,
    OUTCOME_REQUIRED,
    validate_outcomes,
)

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "SECTORS",
    "PERSON_SECTORS",
    "EDUCATION_LEVELS",
    "YEARS_IN_EDUCATION",
    "INVOLVEMENT",
    "ORGANISATION_TYPES",
    "PROCESSES",
    "LEVELS",
    "RELATIONS",
    "RESPONSE_STATUSES",
    "FORMAL_LEADER_ROLES",
    "Problem",
    "PackageError",
    "Package",
    "frame",
    "read_package",
    "read_tables",
    "parse_csv",
    "validate",
    "write_package",
    "same_content",
    "membership_active",
    "primary_of",
    "WavePeople",
    "wave_people",
    "MAX_LENGTHS",
    "FREE_TEXT",
    "wave_label_problem",
    "network_id_problem",
    "text_problem",
]

SECTORS = ("po", "vo", "mbo", "sectoroverstijgend")
PERSON_SECTORS = ("po", "vo", "mbo", "ho", "sectoroverstijgend", "anders")
EDUCATION_LEVELS = ("mbo", "hbo", "universiteit", "phd", "anders")
YEARS_IN_EDUCATION = ("<1", "1-15", "15+")
INVOLVEMENT = ("0-3m", "3-6m", "6-12m", "1-2y", "2-5y", "5y+")
ORGANISATION_TYPES = (
    "schoolbestuur",
    "school",
    "hogeschool",
    "universiteit",
    "mbo-instelling",
    "lerarenopleiding",
    "gemeente",
    "bedrijf",
    "kenniscentrum",
    "other",
)
PROCESSES = ("coordinatie", "onderzoek", "praktijk")
LEVELS = ("macro", "meso", "micro")
RELATIONS = ("advice", "motivation")
RESPONSE_STATUSES = ("invited", "partial", "complete")
# Membership roles that make someone a formal leader of the network (roles are free text;
# these are the conventional codes, compared in lower case).
FORMAL_LEADER_ROLES = (
    "projectleider",
    "programmamanager",
    "coordinator",
    "coördinator",
    "procesbegeleider",
    "bestuurder",
    "voorzitter",
)

# The columns of each file, in the order they are written. Extra columns on reading are ignored.
COLUMNS: dict[str, tuple[str, ...]] = {
    "network": ("id", "name", "sector", "region", "theme", "started"),
    "people": (
        "id",
        "name",
        "organisation",
        "function",
        "sector",
        "education_level",
        "years_in_education",
        "involvement",
        "expertise",
        "email",
    ),
    "organisations": ("id", "name", "type", "sector", "region", "member", "municipality"),
    "units": ("id", "name", "kind", "process", "level", "parent"),
    "memberships": ("person", "unit", "role", "start", "end"),
    "ties": ("wave", "source", "target", "relation", "frequency", "usefulness", "topic"),
    "responses": ("wave", "person", "status"),
    **OUTCOME_COLUMNS,  # objects, ratings, uses: the portfolio (olievlek.spread.formats)
    **ACTIVITY_COLUMNS,  # activities, attendance, rhythms, scores (olievlek.package_activities)
    **GOVERNANCE_COLUMNS,  # fees, grants (olievlek.package_governance)
}
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "network": ("id", "name"),
    "people": ("id", "name"),
    "organisations": ("id", "name"),
    "units": ("id", "name"),
    "memberships": ("person", "unit"),
    "ties": ("wave", "source", "target", "relation", "frequency"),
    "responses": ("wave", "person", "status"),
    **OUTCOME_REQUIRED,
    **ACTIVITY_REQUIRED,
    **GOVERNANCE_REQUIRED,
}
FILES = tuple(COLUMNS)
INT_COLUMNS = {("ties", "frequency"), ("ties", "usefulness")}
# Longest text per column, in characters: the database's field lengths, so that SQLite and
# PostgreSQL take exactly the same packages. A column not listed (codes, dates, numbers: they
# have their own checks; a future file) may hold up to DEFAULT_MAX_LENGTH.
MAX_LENGTHS: dict[tuple[str, str], int] = {
    ("network", "id"): 80, ("network", "name"): 200, ("network", "region"): 200,
    ("network", "theme"): 300, ("network", "started"): 10,
    ("people", "id"): 100, ("people", "name"): 200, ("people", "organisation"): 300,
    ("people", "function"): 200, ("people", "expertise"): 5000, ("people", "email"): 254,
    ("organisations", "id"): 100, ("organisations", "name"): 300, ("organisations", "region"): 200,
    ("units", "id"): 100, ("units", "name"): 200, ("units", "kind"): 60, ("units", "parent"): 100,
    ("memberships", "person"): 100, ("memberships", "unit"): 100, ("memberships", "role"): 100,
    ("ties", "wave"): 40, ("ties", "source"): 100, ("ties", "target"): 100, ("ties", "topic"): 300,
    ("responses", "wave"): 40, ("responses", "person"): 100,
    **OUTCOME_MAX_LENGTHS,  # objects, ratings, uses
    **ACTIVITY_MAX_LENGTHS,  # activities, attendance, rhythms, scores
    **GOVERNANCE_MAX_LENGTHS,  # fees, grants
}
DEFAULT_MAX_LENGTH = 200
# Free-text columns may hold line breaks and tabs; no cell holds any other control character
# (NUL and friends break PostgreSQL, spreadsheets and terminals).
FREE_TEXT = {("people", "expertise"), ("ties", "topic"), *OUTCOME_FREE_TEXT, *ACTIVITY_FREE_TEXT,
             *GOVERNANCE_FREE_TEXT}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_EXCEPT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
WAVE_LABEL = re.compile(r"[^\W_](?:[\w .-]*[^\W_])?")
NETWORK_ID = re.compile(r"[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?")


def wave_label_problem(label: str) -> str | None:
    """Why ``label`` cannot name a wave, or None. The one rule for every way a wave is made
    (package, `wave import`, `wave create`, web form, API): it appears in URLs, file names
    and sheet names, so 1-40 letters, digits, spaces, ``-``, ``_`` and ``.``, starting and
    ending with a letter or digit (``Najaar 2026``, ``2026-pilot``, ``2026.1``)."""
    if not label:
        return "a wave needs a label, e.g. 2026"
    if len(label) > 40 or not WAVE_LABEL.fullmatch(label):
        return (f"'{label[:60]}' is not a wave label: at most 40 letters, digits, spaces, - _ and ., "
                "starting and ending with a letter or digit (e.g. 2026, Najaar 2026, 2026-pilot)")
    return None


def network_id_problem(network_id: str) -> str | None:
    """Why ``network_id`` cannot be a network's id (its slug in every URL), or None."""
    if len(network_id) > 80 or not NETWORK_ID.fullmatch(network_id):
        return (f"'{network_id[:60]}' is not a network id: at most 80 lower-case letters, digits, "
                "- and _, starting and ending with a letter or digit (e.g. 01-onderzoek-dat-werkt)")
    return None
BOOL_TRUE = {"1", "true", "yes", "ja", "waar", "x"}
BOOL_FALSE = {"0", "false", "no", "nee", "onwaar", ""}


class PackageError(ValueError):
    """A package that cannot be used; ``problems`` lists everything found, not just the first."""

    def __init__(self, problems: Iterable[Problem], source: str | None = None):
        self.problems = list(problems)
        self.source = source
        head = f"{source}: " if source else ""
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{head}{len(self.problems)} problem(s) in the package:\n{lines}")


def frame(name: str, rows: list[dict[str, Any]] | None = None) -> pd.DataFrame:
    """A DataFrame with exactly the columns of file ``name``, filled from ``rows``.

    Missing cells become "" (text) or <NA> (frequency, usefulness).
    """
    columns = COLUMNS[name]
    df = pd.DataFrame(rows or [], columns=list(columns))
    return _normalise(name, df)


def _normalise(name: str, df: pd.DataFrame) -> pd.DataFrame:
    df = df.reindex(columns=list(COLUMNS[name]))
    for col in df.columns:
        if (name, col) in INT_COLUMNS:
            df[col] = _whole_numbers(df[col])
        elif name == "organisations" and col == "member":
            df[col] = df[col].map(lambda v: _as_bool(v) is True).astype(bool)
        else:
            df[col] = _text(df[col])
    return df.reset_index(drop=True)


def _whole_numbers(series: pd.Series) -> pd.Series:
    """Whole numbers as nullable integers; anything else (4.5, inf, text, 10**30) is <NA>,
    reported by the reader where it came from a file."""
    number = pd.to_numeric(series, errors="coerce").astype(float)
    ok = number.notna() & (number % 1 == 0) & (number.abs() < 2**31)
    return number.where(ok).astype("Int64")


# The control characters of the imports' free text (_CONTROL_EXCEPT_LINES), and lone surrogates
# (a decoded file cannot hold them, JSON answers can).
_BAD_TEXT = re.compile(_CONTROL_EXCEPT_LINES.pattern[:-1] + "\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None when it can.

    One rule for every text olievlek stores (imported cells and questionnaire answers alike), so
    SQLite and PostgreSQL behave the same: no NUL or other C0/C1 control characters (tab,
    newline and carriage return are fine) and no lone surrogates. PostgreSQL refuses NUL in
    text and JSON (SQLite would keep it silently), neither database can encode a lone
    surrogate, and XLSX cannot hold the other control characters, so an export would fail.

    >>> text_problem("Ada Appel") is None
    True
    >>> text_problem("a\\x00b")
    'contains a NUL character'
    """
    bad = _BAD_TEXT.search(value)
    if bad is None:
        return None
    code = ord(bad.group())
    if code == 0:
        return "contains a NUL character"
    if 0xD800 <= code <= 0xDFFF:
        return "contains an invalid character (a lone surrogate)"
    return f"contains the control character U+{code:04X}"


def _text(series: pd.Series) -> pd.Series:
    if pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
        # the usual case (CSV text, with gaps for missing cells): vectorised
        return series.astype(object).where(series.notna(), "").str.strip().astype(object)
    return series.map(_as_text).astype(object)


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _as_text(value).lower()
    if text in BOOL_TRUE:
        return True
    if text in BOOL_FALSE:
        return False
    return None


@dataclass
class Package:
    """A network package in memory: the network row and one DataFrame per file.

    Every column holds text ("" when empty), except ``ties.frequency`` and
    ``ties.usefulness`` (nullable integers) and ``organisations.member`` (bool).
    """

    network: dict[str, Any] | None
    people: pd.DataFrame
    organisations: pd.DataFrame = field(default_factory=lambda: frame("organisations"))
    units: pd.DataFrame = field(default_factory=lambda: frame("units"))
    memberships: pd.DataFrame = field(default_factory=lambda: frame("memberships"))
    ties: pd.DataFrame = field(default_factory=lambda: frame("ties"))
    responses: pd.DataFrame = field(default_factory=lambda: frame("responses"))
    objects: pd.DataFrame = field(default_factory=lambda: frame("objects"))
    ratings: pd.DataFrame = field(default_factory=lambda: frame("ratings"))
    uses: pd.DataFrame = field(default_factory=lambda: frame("uses"))
    activities: pd.DataFrame = field(default_factory=lambda: frame("activities"))
    attendance: pd.DataFrame = field(default_factory=lambda: frame("attendance"))
    rhythms: pd.DataFrame = field(default_factory=lambda: frame("rhythms"))
    scores: pd.DataFrame = field(default_factory=lambda: frame("scores"))
    fees: pd.DataFrame = field(default_factory=lambda: frame("fees"))
    grants: pd.DataFrame = field(default_factory=lambda: frame("grants"))
    # For a package read from files: each table's spreadsheet row numbers, so that problems
    # found later (validate) name the row the user sees. Empty for packages built in memory.
    source_rows: dict[str, list[int]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def empty(cls, network: dict[str, Any] | None = None) -> Package:
        net = None
        if network is not None:
            net = {col: _as_text(network.get(col)) for col in COLUMNS["network"]}
        return cls(network=net, people=frame("people"))

    def waves(self) -> list[str]:
        """The wave labels that occur in ties or responses, sorted."""
        labels = set(self.ties["wave"]) | set(self.responses["wave"])
        return sorted(label for label in labels if label)

    def primary_units(self) -> dict[str, str]:
        """Each person's primary unit (:func:`primary_of`): person id -> unit id."""
        ms = self.memberships
        rows = zip(ms["person"], ms["unit"], ms["start"])
        return {person: row[1] for person, row in primary_of(rows).items()}

    def wave_people(self, wave: str) -> WavePeople:
        """Who is in ``wave`` (:func:`wave_people`), in ``people.csv`` order.

        A package has no wave dates: its ``responses.csv`` rows of the wave (any status) are
        the wave's roster, as ``olievlek export`` writes them.
        """
        responses = self.responses.loc[self.responses["wave"] == wave]
        ties = self.ties.loc[self.ties["wave"] == wave]
        return wave_people(
            self.people["id"],
            responses=zip(responses["person"], responses["status"]),
            ties=zip(ties["source"], ties["target"]),
        )

    def table(self, name: str) -> pd.DataFrame:
        if name == "network":
            return pd.DataFrame([self.network] if self.network else [], columns=COLUMNS["network"])
        return getattr(self, name)


# ---------------------------------------------------------------------------------------------
# The study's rules on memberships and waves, defined once: the database side
# (``Membership.objects.active_on``, ``MembershipQuerySet.primary``, ``Wave.people``) calls
# these same functions or mirrors them, with a test that both agree.


def primary_of(rows: Iterable[tuple[Any, ...]]) -> dict[Any, tuple[Any, ...]]:
    """Each person's primary membership: ``rows`` are ``(person, unit, start, *more)``.

    The primary membership is the earliest (an empty start counts as earlier than any date),
    ties broken by unit id; whatever its dates, so the primary unit of a person does not change
    when a membership ends. Returns person -> the chosen row (as given).
    """
    best: dict[Any, tuple[tuple[str, str], tuple[Any, ...]]] = {}
    for row in rows:
        person, unit, start = row[0], row[1], row[2]
        start = _as_date(start)
        key = ("" if start is None else start.isoformat(), str(unit))
        if person not in best or key < best[person][0]:
            best[person] = (key, row)
    return {person: row for person, (_key, row) in best.items()}


@dataclass(frozen=True)
class WavePeople:
    """The people of one wave (:func:`wave_people`).

    ``ids`` in the order the caller gave everyone (sorted when not given); ``responded`` those whose own answers about
    ties are in the wave; ``roster`` how many were invited (roster or response rows, or the
    members on the wave's date when neither is known); ``source`` where the roster came from:
    ``roster``, ``responses``, ``members`` or ``ties`` (nothing known but the ties).
    """

    ids: tuple[Any, ...]
    responded: frozenset[Any]
    roster: int
    source: str

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def non_respondents(self) -> int:
        return len(self.ids) - len(self.responded)


def wave_people(
    everyone: Iterable[Any] | None = None,
    *,
    roster: Iterable[Any] | None = None,
    responses: Iterable[tuple[Any, ...]] = (),
    ties: Iterable[tuple[Any, ...]] = (),
    members: Iterable[Any] | None = None,
) -> WavePeople:
    """Who is in a wave: the one definition behind every wave's network, table and page.

    A wave's people are those invited to it (its ``roster``, and everyone with a response
    row, whatever the status) plus anyone in one of its ``ties`` (named or naming, any
    relation or frequency: a tie must have both ends in the network). When nobody is known to
    have been invited (an imported wave without responses), ``members`` stands in: the
    people who were members on the wave's date, when the caller knows it. People who left
    before the wave or joined after it are not in it, so they are not isolates of its network.

    Someone **responded** when their response is ``complete`` or they named anyone in the
    wave: their own (outgoing) ties are known. Non-respondents stay in the network; the ties
    others name to them count, and the outputs mark them.

    Examples
    --------
    >>> w = wave_people(["a", "b", "c", "d"], responses=[("a", "complete"), ("b", "invited")],
    ...                 ties=[("a", "c")])
    >>> w.ids, sorted(w.responded), w.roster, w.source
    (('a', 'b', 'c'), ['a'], 2, 'responses')
    """
    invited = set(roster or ())
    source = "roster" if invited else "responses"
    responded = set()
    for person, status in responses:
        invited.add(person)
        if status == "complete":
            responded.add(person)
    if not invited and members is not None:
        invited, source = set(members), "members"
    if not invited:
        source = "ties"
    inside = set(invited)
    for a, b in ties:
        responded.add(a)
        inside.update((a, b))
    ids = tuple(p for p in everyone if p in inside) if everyone is not None else tuple(sorted(inside))
    return WavePeople(ids, frozenset(responded & set(ids)), len(invited), source)


# ---------------------------------------------------------------------------------------------
# Reading


def read_package(path: str | Path, *, require_network: bool = True) -> Package:
    """Read and validate a package from a folder, a .zip or an .xlsx workbook.

    Raises :class:`PackageError` with every problem found; never returns a half-valid package.
    With ``require_network=False`` a package without ``network.csv`` is accepted (the caller
    names an existing network instead).
    """
    path = Path(path)
    problems: list[Problem] = []
    raw = read_tables(path, problems)
    if raw is None:
        raise PackageError(
            [Problem(path.name, None, None, "not a folder, .zip or .xlsx network package")]
        )
    if problems:
        raise PackageError(problems, source=str(path))
    cell_problems: list[Problem] = []
    pkg = _from_raw(raw, problems, cell_problems, require_network)
    if problems:  # missing files or columns: the rows cannot be checked meaningfully
        raise PackageError(problems, source=str(path))
    validate(pkg, require_network=require_network, source=str(path), _found=cell_problems)
    return pkg


def read_tables(path: Path, problems: list[Problem]) -> dict[str, pd.DataFrame] | None:
    """The raw tables of a folder, .zip or .xlsx (text cells indexed by spreadsheet row),
    noting unreadable files and exceeded limits in ``problems``; None when ``path`` is none
    of those. See :mod:`olievlek.package_files`."""
    return package_files.read_tables(path, problems, FILES)


def _from_raw(
    raw: dict[str, pd.DataFrame],
    problems: list[Problem],
    cell_problems: list[Problem],
    require_network: bool,
) -> Package:
    """Check files and columns are there (``problems``), note cells that do not parse
    (``cell_problems``), and keep row numbers for later messages."""
    pkg = Package.empty()
    if "people" not in raw:
        problems.append(Problem("people.csv", None, None, "required file is missing"))
    if "network" not in raw and require_network:
        problems.append(
            Problem("network.csv", None, None, "required file is missing (or name an existing network)")
        )
    for name, df in raw.items():
        filename = f"{name}.csv"
        dupes = {c for c in df.columns if list(df.columns).count(c) > 1 and c}
        for col in sorted(dupes):
            problems.append(Problem(filename, 1, col, "column appears twice in the header"))
        missing = [c for c in REQUIRED_COLUMNS[name] if c not in df.columns]
        for col in missing:
            problems.append(Problem(filename, 1, col, "required column is missing"))
        if missing or dupes:
            continue
        rows = list(df.index)
        typed = _normalise(name, df.reset_index(drop=True))
        pkg.source_rows[name] = rows
        if name == "network":
            if len(typed) != 1:
                problems.append(
                    Problem(filename, None, None, f"must have exactly one row, has {len(typed)}")
                )
            else:
                pkg.network = {c: typed.iloc[0][c] for c in COLUMNS["network"]}
        else:
            setattr(pkg, name, typed)
        # cells that must be whole numbers: report text that is not one
        for (fname, col) in INT_COLUMNS:
            if fname == name and col in df.columns:
                text = _text(df[col].reset_index(drop=True))
                bad = (text != "") & typed[col].isna()
                for pos in text.index[bad]:
                    cell_problems.append(
                        Problem(filename, rows[pos], col, f"'{text[pos]}' is not a whole number")
                    )
        if name == "organisations" and "member" in df.columns:
            for i, value in zip(rows, df["member"]):
                if _as_bool(value) is None:
                    cell_problems.append(
                        Problem(filename, i, "member", f"'{_as_text(value)}' is not yes/no (1/0)")
                    )
    return pkg


# ---------------------------------------------------------------------------------------------
# Validation


def validate(
    pkg: Package,
    *,
    require_network: bool = True,
    source: str | None = None,
    _found: list[Problem] | None = None,
) -> None:
    """Check every rule of the format; raise :class:`PackageError` listing all problems."""
    rows = pkg.source_rows
    problems: list[Problem] = list(_found or [])

    def rownum(name: str, positions: Iterable[Any]) -> list[int]:
        known = rows.get(name)
        return [known[p] if known else p + 2 for p in positions]

    def check_codes(name: str, col: str, allowed: tuple[str, ...], *, required: bool = False) -> None:
        df = pkg.table(name)
        if col not in df.columns:
            return
        values = df[col]
        bad = ~values.isin(allowed) & ((values != "") | required)
        for r, v in zip(rownum(name, values.index[bad]), values[bad]):
            reason = "required value is empty" if v == "" else f"unknown code '{v}'"
            problems.append(Problem(f"{name}.csv", r, col, f"{reason} (allowed: {'|'.join(allowed)})"))

    def check_required(name: str) -> None:
        df = pkg.table(name)
        for col in REQUIRED_COLUMNS[name]:
            if (name, col) in INT_COLUMNS:
                continue
            if df[col].dtype == object:
                empty = df[col] == ""
                for r in rownum(name, df.index[empty]):
                    problems.append(Problem(f"{name}.csv", r, col, "required value is empty"))

    def check_unique(name: str, cols: list[str], what: str) -> None:
        df = pkg.table(name)
        dup = df.duplicated(cols, keep="first") & (df[cols[0]] != "")
        for pos in df.index[dup]:
            key = ", ".join(str(df.at[pos, c]) for c in cols)
            problems.append(Problem(f"{name}.csv", rownum(name, [pos])[0], cols[-1], f"duplicate {what} ({key})"))

    def check_refs(name: str, col: str, known: set[str], target: str, *, allow_empty: bool) -> None:
        df = pkg.table(name)
        values = df[col]
        bad = ~values.isin(known) & ((values != "") | (not allow_empty))
        for r, v in zip(rownum(name, values.index[bad]), values[bad]):
            reason = "required value is empty" if v == "" else f"'{v}' is not an id in {target}"
            problems.append(Problem(f"{name}.csv", r, col, reason))

    def check_dates(name: str, col: str) -> None:
        df = pkg.table(name)
        for pos, v in zip(df.index, df[col]):
            if v and _parse_date(v) is None:
                problems.append(
                    Problem(f"{name}.csv", rownum(name, [pos])[0], col, f"'{v}' is not an ISO date (YYYY-MM-DD)")
                )

    # network
    if pkg.network is None:
        if require_network:
            problems.append(Problem("network.csv", None, None, "required file is missing"))
    else:
        net = pkg.network
        for col in REQUIRED_COLUMNS["network"]:
            if not net.get(col):
                problems.append(Problem("network.csv", 2, col, "required value is empty"))
        if net.get("sector") and net["sector"] not in SECTORS:
            problems.append(
                Problem("network.csv", 2, "sector", f"unknown code '{net['sector']}' (allowed: {'|'.join(SECTORS)})")
            )
        if net.get("started") and _parse_date(net["started"]) is None and not _is_year(net["started"]):
            problems.append(Problem("network.csv", 2, "started", f"'{net['started']}' is not a year or ISO date"))

    # people
    check_required("people")
    check_unique("people", ["id"], "person id")
    person_ids = set(pkg.people["id"])
    check_codes("people", "sector", PERSON_SECTORS)
    check_codes("people", "education_level", EDUCATION_LEVELS)
    check_codes("people", "years_in_education", YEARS_IN_EDUCATION)
    check_codes("people", "involvement", INVOLVEMENT)

    # organisations
    check_required("organisations")
    check_unique("organisations", ["id"], "organisation id")
    check_codes("organisations", "type", ORGANISATION_TYPES)
    check_codes("organisations", "sector", PERSON_SECTORS)
    if not pkg.organisations.empty:
        check_refs("people", "organisation", set(pkg.organisations["id"]), "organisations.csv", allow_empty=True)

    # units
    check_required("units")
    check_unique("units", ["id"], "unit id")
    unit_ids = set(pkg.units["id"])
    check_codes("units", "process", PROCESSES)
    check_codes("units", "level", LEVELS)
    check_refs("units", "parent", unit_ids, "units.csv", allow_empty=True)
    parents = dict(zip(pkg.units["id"], pkg.units["parent"]))
    reported: set[str] = set()
    for pos, unit in zip(pkg.units.index, pkg.units["id"]):
        seen = [unit]
        parent = parents.get(unit, "")
        while parent and parent in parents:
            if parent in seen:
                cycle = [*seen[seen.index(parent):], parent]
                if not reported & set(cycle):
                    problems.append(
                        Problem("units.csv", rownum("units", [pos])[0], "parent",
                                "cycle in unit parents: " + " -> ".join(cycle))
                    )
                    reported.update(cycle)
                break
            seen.append(parent)
            parent = parents.get(parent, "")

    # memberships
    check_refs("memberships", "person", person_ids, "people.csv", allow_empty=False)
    check_refs("memberships", "unit", unit_ids, "units.csv", allow_empty=False)
    check_dates("memberships", "start")
    check_dates("memberships", "end")
    ms = pkg.memberships
    for pos, start, end in zip(ms.index, ms["start"], ms["end"]):
        s, e = _parse_date(start), _parse_date(end)
        if s and e and e < s:
            problems.append(Problem("memberships.csv", rownum("memberships", [pos])[0], "end", "ends before it starts"))
    check_unique("memberships", ["person", "unit", "role", "start"], "membership")

    # ties
    ties = pkg.ties
    check_required("ties")
    check_refs("ties", "source", person_ids, "people.csv", allow_empty=False)
    check_refs("ties", "target", person_ids, "people.csv", allow_empty=False)
    check_codes("ties", "relation", RELATIONS, required=True)
    freq = ties["frequency"]
    for pos in ties.index[freq.isna() | ~freq.between(1, 5).fillna(False)]:
        value = freq[pos]
        reason = "required value is empty" if pd.isna(value) else f"{value} is out of range 1-5"
        problems.append(Problem("ties.csv", rownum("ties", [pos])[0], "frequency", reason))
    use = ties["usefulness"]
    for pos in ties.index[use.notna() & ~use.between(1, 5).fillna(True)]:
        problems.append(Problem("ties.csv", rownum("ties", [pos])[0], "usefulness", f"{use[pos]} is out of range 1-5"))
    for pos in ties.index[use.notna() & (ties["relation"] == "motivation")]:
        problems.append(Problem("ties.csv", rownum("ties", [pos])[0], "usefulness", "usefulness is for advice ties only"))
    self_ties = (ties["source"] == ties["target"]) & (ties["source"] != "")
    for pos in ties.index[self_ties]:
        problems.append(Problem("ties.csv", rownum("ties", [pos])[0], "target", f"self-tie: '{ties.at[pos, 'source']}' names themself"))
    check_unique("ties", ["wave", "source", "target", "relation"], "tie")

    # responses
    check_refs("responses", "person", person_ids, "people.csv", allow_empty=False)
    check_codes("responses", "status", RESPONSE_STATUSES, required=True)
    check_unique("responses", ["wave", "person"], "response")
    empty_wave = pkg.responses["wave"] == ""
    for pos in pkg.responses.index[empty_wave]:
        problems.append(Problem("responses.csv", rownum("responses", [pos])[0], "wave", "required value is empty"))

    # wave labels and the network id: they become URLs, file names and sheet names
    for name in ("ties", "responses"):
        df = pkg.table(name)
        for label in set(df["wave"]) - {""}:
            label_reason = wave_label_problem(label)
            if label_reason:
                for r in rownum(name, df.index[df["wave"] == label]):
                    problems.append(Problem(f"{name}.csv", r, "wave", label_reason))
    if pkg.network and pkg.network.get("id") and (id_reason := network_id_problem(pkg.network["id"])):
        problems.append(Problem("network.csv", 2, "id", id_reason))

    # lengths and characters, the same for every text column of every file
    for name in FILES:
        df = pkg.table(name)
        for col in df.columns:
            if df[col].dtype != object:
                continue
            cells = df[col].to_numpy(dtype=object).tolist()
            limit = MAX_LENGTHS.get((name, col), DEFAULT_MAX_LENGTH)
            pattern = _CONTROL_EXCEPT_LINES if (name, col) in FREE_TEXT else _CONTROL
            if not cells or (max(map(len, cells)) <= limit and not pattern.search("".join(cells))):
                continue  # the usual case, checked in one pass over the column
            values = pd.Series(cells, index=df.index, dtype=object)
            long = values.str.len() > limit
            control = values.str.contains(pattern)
            for pos in df.index[long | control]:
                text = values[pos]
                if long[pos]:
                    reason = f"{len(text):,} characters; at most {limit:,}"
                else:
                    found = pattern.search(text)
                    assert found is not None  # the cell is here because it matched
                    char = found.group()
                    allowed = " (only line breaks and tabs are allowed here)" if (name, col) in FREE_TEXT else ""
                    reason = f"holds control character U+{ord(char):04X}{allowed}"
                problems.append(Problem(f"{name}.csv", rownum(name, [pos])[0], col, reason))

    # objects, ratings, uses and organisations.municipality
    problems += [Problem(*found) for found in validate_outcomes(pkg, lambda n, p: rownum(n, [p])[0])]
    # activities, attendance, rhythms, scores
    problems += [Problem(*found) for found in validate_activities(pkg, lambda n, p: rownum(n, [p])[0])]
    # fees, grants
    problems += [Problem(*found) for found in validate_governance(pkg, lambda n, p: rownum(n, [p])[0])]

    # A non-numeric frequency is reported while reading and shows up here as empty: keep one.
    problems = _dedupe(problems)
    problems.sort(key=lambda p: (_file_order(p.file), p.row or 0))
    if problems:
        raise PackageError(problems, source=source)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (p.file, p.row, p.column)
        if key in seen and (p.reason == "required value is empty" or (p.row and p.column)):
            continue  # one problem per cell is enough (an overlong wave label is not a label)
        seen.add(key)
        out.append(p)
    return out


def _file_order(filename: str) -> int:
    stem = filename.removesuffix(".csv")
    return FILES.index(stem) if stem in FILES else len(FILES)


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _is_year(text: str) -> bool:
    return text.isdigit() and len(text) == 4


# ---------------------------------------------------------------------------------------------
# Writing


def write_package(pkg: Package, path: str | Path) -> Path:
    """Write ``pkg`` as a folder of CSV files, or a .zip / .xlsx when ``path`` ends so.

    Files with no rows are still written (header only), so a reader sees the whole format.
    """
    path = Path(path)
    tables = {name: _for_output(name, pkg.table(name)) for name in FILES if name != "network" or pkg.network}
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_xlsx(tables, path)
        return path
    if suffix == ".zip":
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, df in tables.items():
                zf.writestr(f"{path.stem}/{name}.csv", df.to_csv(index=False, lineterminator="\n"))
        return path
    path.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df.to_csv(path / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8")
    return path


def _write_xlsx(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """Values only: every text cell is stored as text, so ``=1+1`` or ``+31 6...`` come back
    exactly as written and no spreadsheet runs them (a package is data, not a report: no
    apostrophe is added, unlike the downloads in :mod:`olievlek.spreadsheet`)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, df in tables.items():
        ws = wb.create_sheet(name)
        ws.append([_xlsx_cell(ws, c) for c in df.columns])
        for row in df.itertuples(index=False):
            ws.append([_xlsx_cell(ws, v) for v in row])
    wb.save(path)


def _xlsx_cell(ws: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value is None or value == "" or (not isinstance(value, str) and pd.isna(value)):
        return None
    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would take a leading "=" as a formula
    return cell


def _for_output(name: str, df: pd.DataFrame) -> pd.DataFrame:
    out = df.reindex(columns=list(COLUMNS[name])).copy()
    if name == "organisations":
        out["member"] = out["member"].map(lambda b: "1" if b else "0")
    for col in out.columns:
        if (name, col) in INT_COLUMNS:
            out[col] = out[col].astype("Int64").astype(object).where(out[col].notna(), "")
    return out


def same_content(a: Package, b: Package) -> bool:
    """Whether two packages hold the same rows, whatever their order."""
    if (a.network or None) != (b.network or None):
        return False
    for name in FILES:
        if name == "network":
            continue
        left, right = _for_output(name, a.table(name)), _for_output(name, b.table(name))
        if len(left) != len(right):
            return False
        cols = list(COLUMNS[name])
        left = left.astype(str).sort_values(cols).reset_index(drop=True)
        right = right.astype(str).sort_values(cols).reset_index(drop=True)
        if not left.equals(right):
            return False
    return True
