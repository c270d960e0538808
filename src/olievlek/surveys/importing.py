"""`olievlek wave import`: responses collected with another survey tool, in the network
package's ``people``, ``ties`` and ``responses`` columns, checked by the same rules as a package
import (``olievlek.package.validate``) and written all or nothing.

A file holds one table (a CSV named or shaped like ``ties.csv``, ``responses.csv`` or
``people.csv``) or several (an XLSX with sheets, a folder or a .zip). The ``wave`` column may
be left out; when given it must be the wave being imported. Ties may name anyone already in
the network or in the file's people. For every respondent in the file (a tie's source or a
response's person) the wave's ties from that person are replaced; people rows update the
background fields they fill (empty cells keep what is there) or add new people.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from django.db import transaction

from olievlek import package as P
from olievlek.accounts import audit
from olievlek.networks.models import Network, Person

from .models import Response, Tie, Wave

TABLES = ("people", "ties", "responses")
PERSON_FIELDS = ("name", "function", "sector", "education_level", "years_in_education", "involvement",
                 "expertise", "email")


def _read(path: Path, problems: list[P.Problem]) -> dict[str, pd.DataFrame]:
    raw = P.read_tables(path, problems)
    if raw is None and path.suffix.lower() == ".csv":
        df = P.parse_csv(path.name, path.read_bytes(), problems)
        if df is None:
            return {}
        stem = path.stem.lower()
        if stem in TABLES:
            name = stem
        elif "source" in df.columns:
            name = "ties"
        elif "status" in df.columns:
            name = "responses"
        else:
            name = "people"
        raw = {name: df}
    elif raw is None:
        problems.append(P.Problem(path.name, None, None, "not a .csv, .xlsx, .zip or folder"))
        return {}
    raw = {k: v for k, v in raw.items() if k in TABLES}
    if not raw and not problems:
        problems.append(P.Problem(path.name, None, None, "no people, ties or responses table found"))
    return raw


def read_responses(network: Network, label: str, path) -> P.Package:
    """Read and validate; raises PackageError naming file, row and column of every problem."""
    path = Path(path)
    problems: list[P.Problem] = []
    if P.wave_label_problem(label) and not network.waves.filter(label=label).exists():
        raise P.PackageError([P.Problem("WAVE", None, None, P.wave_label_problem(label))])
    raw = _read(path, problems)
    if problems:
        raise P.PackageError(problems, source=str(path))
    for name in ("ties", "responses"):
        if name in raw and "wave" not in raw[name].columns:
            raw[name] = raw[name].assign(wave=label)
    cells: list[P.Problem] = []
    pkg = P._from_raw(raw, problems, cells, require_network=False)
    problems = [p for p in problems if not (p.file == "people.csv" and p.row is None)]
    if problems:
        raise P.PackageError(problems, source=str(path))
    # Ties may name people already in the network: add them (after the file's rows, so the
    # file's row numbers stay right) for the reference checks.
    rows = pkg.source_rows
    in_file = set(pkg.people["id"])
    known = [{"id": k, "name": n} for k, n in network.people.values_list("key", "name") if k not in in_file]
    file_rows = rows.get("people", list(range(2, len(pkg.people) + 2)))
    pkg.people = pd.concat([pkg.people, P.frame("people", known)], ignore_index=True)
    rows["people"] = list(file_rows) + [0] * len(known)
    for name in ("ties", "responses"):
        df = pkg.table(name)
        for pos, wave in zip(df.index, df["wave"]):
            if wave and wave != label:
                row = rows[name][pos] if name in rows else pos + 2
                cells.append(P.Problem(f"{name}.csv", row, "wave", f"'{wave}' is not the wave being imported ({label})"))
    P.validate(pkg, require_network=False, source=str(path), _found=cells)
    pkg.people = pkg.people.iloc[: len(file_rows)]
    return pkg


@transaction.atomic
def import_responses(network: Network, label: str, path, *, actor: str = "cli") -> dict[str, int]:
    """Bring responses from another survey tool into ``label`` of ``network``, all or nothing."""
    from olievlek.networks.actions import _assign_pseudonyms

    pkg = read_responses(network, label, path)
    wave, _created = Wave.objects.get_or_create(network=network, label=label)
    existing = {p.key: p for p in network.people.all()}
    orgs = {o.key: o for o in network.organisations.all()}
    updated = 0
    for row in pkg.people.to_dict("records"):
        person = existing.get(row["id"])
        if person is None:
            person = Person(network=network, key=row["id"])
            existing[row["id"]] = person
        changed = False
        for name in PERSON_FIELDS:
            if row[name] and getattr(person, name) != row[name]:
                setattr(person, name, row[name])
                changed = True
        org = row["organisation"]
        if org and orgs:
            if org in orgs and person.organisation_id != orgs[org].pk:
                person.organisation, changed = orgs[org], True
        elif org and person.organisation_name != org:
            person.organisation_name, changed = org, True
        if changed or person.pk is None:
            person.save()
            updated += 1
    if updated:
        _assign_pseudonyms(network)
    pk = {key: p.pk for key, p in existing.items()}
    respondents = set(pkg.ties["source"]) | set(pkg.responses["person"])
    Tie.objects.filter(wave=wave, source_id__in=[pk[k] for k in respondents]).delete()
    Tie.objects.bulk_create(
        [
            Tie(wave=wave, source_id=pk[r.source], target_id=pk[r.target], relation=r.relation,
                frequency=int(r.frequency), usefulness=None if pd.isna(r.usefulness) else int(r.usefulness),
                topic=r.topic)
            for r in pkg.ties.itertuples(index=False)
        ]
    )
    statuses = {r.person: r.status for r in pkg.responses.itertuples(index=False)}
    for key in set(pkg.ties["source"]) - set(statuses):
        statuses[key] = "complete"  # someone who named colleagues answered
    for key, status in statuses.items():
        Response.objects.update_or_create(wave=wave, person_id=pk[key], defaults={"status": status})
    counts = {"people": updated, "ties": len(pkg.ties), "responses": len(statuses)}
    audit.log(actor, "import-responses", network_slug=network.slug, object_type="wave", object_key=label,
              detail=f"{Path(path).name}: {counts['people']} people, {counts['ties']} ties, "
                     f"{counts['responses']} responses")
    return counts
