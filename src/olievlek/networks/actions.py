"""Workflows on networks, shared by the web, the API and the command line.

``import_package`` and ``export_package`` move a network between the database and the
exchange format (``olievlek.package``); ``erase_person`` removes a person and every trace of
them (``erase_network`` does so for each person of a network it deletes). Each runs in one transaction and writes the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils.text import slugify

from olievlek import derived
from olievlek.accounts import audit
from olievlek.package import (
    Package,
    PackageError,
    Problem,
    frame,
    network_id_problem,
    primary_of,
    validate,
)
from olievlek.progress import Progress, silent

from .models import RESERVED_SLUGS, Membership, Network, Organisation, Person, Unit

BATCH = 2000


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@transaction.atomic
def import_package(
    pkg: Package,
    *,
    network_slug: str | None = None,
    actor: str = "cli",
    progress: Progress = silent,
    validated: bool = False,
) -> Network:
    """Load a validated package into the database, all or nothing.

    The package is validated first (:func:`olievlek.package.validate`), unless ``validated``
    says the caller has just done so itself with the same ``require_network`` (``olievlek
    import``: :func:`~olievlek.package.read_package` validates what it reads).

    The network is the one named by ``network_slug`` (which must exist when the package has
    no network.csv) or the package's own ``network.id``. Organisations, people and units are
    matched by their package id and updated or created; the memberships of the people in the
    package are replaced; ties are replaced for each wave in the package. Responses of those
    waves take the package's status; a response the package does not list is removed only
    when it holds nothing else (no saved answers, consent or start): questionnaire drafts,
    consents and submitted versions are never touched. Nothing else is deleted. Waves named
    in the package are created when they do not exist yet.

    What was created, changed, replaced and kept is counted in ``network.import_summary``
    (a dict, see :func:`describe_import`) and in the audit log.
    """
    from olievlek.surveys.models import Wave

    if not validated:
        validate(pkg, require_network=network_slug is None)
    summary: Counter = Counter()
    network = _network(pkg, network_slug)
    _check_against_database(pkg, network)
    slug = network.slug
    total = len(pkg.people) + len(pkg.ties) + len(pkg.memberships) + len(pkg.responses)
    done = 0
    progress(0, total, "import")

    orgs = _upsert(summary, "organisations", Organisation, network, pkg.organisations,
                   _organisation_fields)
    units = _upsert(summary, "units", Unit, network, pkg.units, _unit_fields)
    parents = dict(zip(pkg.units["id"], pkg.units["parent"]))
    changed = [u for key, u in units.items() if (u.parent.key if u.parent_id else "") != parents[key]]
    for unit in changed:
        unit.parent = units[parents[unit.key]] if parents[unit.key] else None
    Unit.objects.bulk_update(changed, ["parent"], batch_size=BATCH)

    use_org_ids = not pkg.organisations.empty or network.organisations.exists()
    all_orgs = orgs if not use_org_ids else {o.key: o for o in network.organisations.all()}

    person_fields = _person_fields(all_orgs, use_org_ids)
    # New people get their pseudonym before they are written (an update of every new row
    # afterwards cost a second pass): the memberships below are the package's, so their
    # primary role is the package's (the same rule, package.primary_of).
    roles = {person: row[3] for person, row in primary_of(
        zip(pkg.memberships["person"], pkg.memberships["unit"], pkg.memberships["start"],
            pkg.memberships["role"])).items()}

    def pseudonyms(new: list[Person]) -> None:
        new = sorted(new, key=lambda person: person.key)
        _number_pseudonyms(network, new, [roles.get(person.key, "") for person in new])

    people = _upsert(summary, "people", Person, network, pkg.people, person_fields,  # key -> id
                     related=["organisation"], prepare=pseudonyms, ids_only=True)
    done += len(pkg.people)
    progress(done, total, "import")
    # The package's people and units are all of the network's, unless it had others before.
    all_people = (people if network.people.count() == len(people)
                  else dict(network.people.values_list("key", "pk")))
    all_units = units if network.units.count() == len(units) else {u.key: u for u in network.units.all()}

    if not pkg.memberships.empty or not pkg.people.empty:
        summary["memberships removed"] = Membership.objects.filter(person_id__in=list(people.values())).delete()[0]
        summary["memberships written"] = len(pkg.memberships)
        ms = pkg.memberships
        adapt = connection.ops.adapt_datefield_value
        _insert_rows(Membership, _columns(Membership, ("person", "unit", "role", "start", "end")), zip(
            [all_people[key] for key in ms["person"]],
            [all_units[key].pk for key in ms["unit"]],
            ms["role"].tolist(),
            [adapt(_date(text)) for text in ms["start"]],
            [adapt(_date(text)) for text in ms["end"]],
        ))
    done += len(pkg.memberships)
    progress(done, total, "import")
    _assign_pseudonyms(network)  # anyone still without one (none, unless made elsewhere)

    for label in pkg.waves():
        wave, created = Wave.objects.get_or_create(network=network, label=label)
        summary["waves created"] += created
        summary["ties removed"] += wave.ties.all().delete()[0]
        ties = pkg.ties[pkg.ties["wave"] == label]
        summary["ties written"] += len(ties)
        pk = all_people
        for start in range(0, len(ties), BATCH * 5):
            chunk = ties.iloc[start : start + BATCH * 5]
            _write_ties(wave.pk, chunk, pk)
            done += len(chunk)
            progress(done, total, "import")
        responses = pkg.responses[pkg.responses["wave"] == label]
        _replace_statuses(wave, {pk[r.person]: r.status for r in responses.itertuples(index=False)}, summary)
        done += len(responses)
    progress(total, total, "import")
    from olievlek.portfolio.actions import import_outcomes

    outcomes = import_outcomes(pkg, network, all_orgs if use_org_ids else orgs, all_people, all_units)
    from olievlek.activities.actions import import_activities

    activities = import_activities(pkg, network, all_people, all_units)
    from olievlek.governance.actions import import_governance

    governance = import_governance(pkg, network, all_orgs if use_org_ids else orgs, all_units)

    audit.log(
        actor,
        "import",
        network_slug=slug,
        object_type="network",
        object_key=slug,
        detail=f"{describe_import(summary)}; waves {', '.join(pkg.waves()) or '-'}"
        + ("; portfolio " + ", ".join(f"{n} {name}" for name, n in outcomes.items())
           if any(outcomes.values()) else "")
        + ("; activities " + ", ".join(f"{n} {name}" for name, n in activities.items())
           if any(activities.values()) else "")
        + ("; governance " + ", ".join(f"{n} {name}" for name, n in governance.items())
           if any(governance.values()) else ""),
    )
    network.import_summary = dict(summary)
    derived.changed(network.pk)  # written in bulk: no signals
    return network


def _insert_rows(model, columns: list[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert ``rows`` (values in ``columns`` order, as the database takes them) into
    ``model``'s table in the current transaction: ``COPY`` on PostgreSQL, one prepared
    ``INSERT`` for all rows elsewhere. ``bulk_create`` compiles every value of every object
    into SQL text, 2,000 rows a statement: for the ties of a large package that was three
    quarters of the import. The database's constraints still apply: a violation raises and
    rolls the whole import back. No signals, no primary keys set (query them back)."""
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # (psycopg's own cursor: its errors become Django's, as through execute)
            with connection.wrap_database_errors, \
                    cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", list(rows))


def _columns(model, names: Sequence[str]) -> list[str]:
    """The database columns of ``model``'s fields ``names``."""
    column = {f.name: f.column for f in model._meta.concrete_fields}
    return [str(column[name]) for name in names]


_PLAIN_TEXT = frozenset({"CharField", "TextField", "EmailField", "SlugField"})


def _insert_objects(objs: list) -> None:
    """Insert new model objects (all of one model) as :func:`_insert_rows` does, with the
    values ``bulk_create`` would write (each field's ``pre_save`` and database preparation;
    text as it is)."""
    from django.db import connection

    if not objs:
        return
    fields = [f for f in type(objs[0])._meta.concrete_fields if not f.primary_key]

    def value(f) -> Any:
        if f.get_internal_type() in _PLAIN_TEXT:
            return lambda obj: getattr(obj, f.attname)
        return lambda obj: f.get_db_prep_save(f.pre_save(obj, True), connection)

    getters = [value(f) for f in fields]
    _insert_rows(type(objs[0]), [f.column for f in fields], ([g(o) for g in getters] for o in objs))


def _write_ties(wave_pk: int, ties: pd.DataFrame, pk: dict[str, int]) -> None:
    """Insert validated ties of one wave (:func:`_insert_rows`)."""
    from olievlek.surveys.models import Tie

    columns = _columns(Tie, ("wave", "source", "target", "relation", "frequency", "usefulness", "topic"))
    # Column-wise into plain Python values (validated: every frequency is there).
    useful = ties["usefulness"]
    rows = zip(
        [wave_pk] * len(ties),
        list(map(pk.__getitem__, ties["source"].tolist())),
        list(map(pk.__getitem__, ties["target"].tolist())),
        ties["relation"].tolist(),
        ties["frequency"].astype("int64").tolist(),
        [None if missing else int(u) for u, missing in
         zip(useful.fillna(0).astype("int64").tolist(), useful.isna().tolist())],
        ties["topic"].tolist(),
    )
    _insert_rows(Tie, columns, rows)


def describe_import(summary: dict[str, int]) -> str:
    """The counts of an import in one line: what is new, changed, replaced and kept."""
    n = summary.get
    parts = []
    for what in ("people", "organisations", "units"):
        if n(f"{what} created") or n(f"{what} updated"):
            parts.append(f"{what} {n(f'{what} created', 0)} new, {n(f'{what} updated', 0)} changed")
    for what in ("memberships", "ties"):
        if n(f"{what} removed") or n(f"{what} written"):
            parts.append(f"{what} {n(f'{what} removed', 0)} replaced by {n(f'{what} written', 0)}")
    if n("waves created"):
        parts.append(f"waves {n('waves created')} new")
    if any(n(f"responses {k}") for k in ("created", "updated", "removed", "kept")):
        parts.append(
            f"responses {n('responses created', 0)} new, {n('responses updated', 0)} with a new status, "
            f"{n('responses removed', 0)} empty ones removed, {n('responses kept', 0)} not in the "
            "package kept (they hold answers or consent)"
        )
    return "; ".join(parts) or "nothing changed"


def _replace_statuses(wave, statuses: dict[int, str], summary: Counter) -> None:
    """Give the wave's responses the package's statuses, keeping every answer set.

    A response the package does not list is removed only when nothing was saved in it."""
    from olievlek.surveys.models import Response

    existing = {r.person_id: r for r in wave.responses.all()}
    changed = [r for pid, r in existing.items() if pid in statuses and r.status != statuses[pid]]
    for r in changed:
        r.status = statuses[r.person_id]
    Response.objects.bulk_update(changed, ["status"], batch_size=BATCH)
    fresh = [Response(wave=wave, person_id=pid, status=st) for pid, st in statuses.items() if pid not in existing]
    Response.objects.bulk_create(fresh, batch_size=BATCH)
    absent = [r for pid, r in existing.items() if pid not in statuses]
    holds = [r for r in absent if r.answers or r.consent_at or r.started_at or r.saved_at
             or r.submitted_at or r.saves]
    empty = [r.pk for r in absent if r not in holds]
    Response.objects.filter(pk__in=empty).delete()
    summary["responses created"] += len(fresh)
    summary["responses updated"] += len(changed)
    summary["responses removed"] += len(empty)
    summary["responses kept"] += len(holds)


def _find_network(pkg: Package, network_slug: str | None) -> tuple[str, Network | None, dict]:
    """The slug the package goes to, that network if it exists, and the fields network.csv sets."""
    if network_slug:
        network = Network.objects.filter(slug=network_slug).first()
        if network is None and pkg.network is None:
            raise PackageError(
                [Problem("network.csv", None, None, f"no network '{network_slug}' in the database and no network.csv")]
            )
        if network is None and (slug_problem := network_id_problem(network_slug)):
            raise PackageError([Problem("--network", None, None, slug_problem)])
    else:
        assert pkg.network is not None  # without --network the package has its network.csv
        network_slug = pkg.network["id"]  # a slug already (package.network_id_problem)
        if network_slug in RESERVED_SLUGS:
            raise PackageError([Problem("network.csv", 2, "id", f"'{network_slug}' is reserved; choose another id")])
        network = Network.objects.filter(slug=network_slug).first()
    fields = {}
    if pkg.network:
        fields = {k: pkg.network[k] for k in ("name", "sector", "region", "theme", "started")}
    return network_slug, network, fields


def _network(pkg: Package, network_slug: str | None) -> Network:
    network_slug, network, fields = _find_network(pkg, network_slug)
    if network is None:
        network = Network.objects.create(slug=network_slug, **fields)
    elif fields:
        for key, value in fields.items():
            setattr(network, key, value)
        network.save()
    return network


def _check_against_database(pkg: Package, network: Network) -> None:
    """References the package makes to rows that already exist (e.g. a unit parent)."""
    problems = []
    known_units = set(network.units.values_list("key", flat=True)) | set(pkg.units["id"])
    known_people = set(network.people.values_list("key", flat=True)) | set(pkg.people["id"])
    rows = pkg.source_rows.get("memberships") or range(2, len(pkg.memberships) + 2)
    for i, r in zip(rows, pkg.memberships.itertuples(index=False)):
        if r.unit not in known_units:
            problems.append(Problem("memberships.csv", i, "unit", f"'{r.unit}' is not a unit of {network.slug}"))
        if r.person not in known_people:
            problems.append(Problem("memberships.csv", i, "person", f"'{r.person}' is not a person of {network.slug}"))
    if problems:
        raise PackageError(problems)


def _match(model, network: Network | None, df: pd.DataFrame, fields_of, related=()) -> tuple[list, list]:
    """Compare package rows with ``network``'s ``model`` rows by package id, writing nothing.

    Returns (new objects, changed existing objects with the package's values set): the one
    matching rule for the import and its preview (``plan_import``).
    """
    existing = {}
    if network is not None and network.pk:
        existing = {obj.key: obj for obj in model.objects.filter(network=network).select_related(*related)}
    to_create, to_update = [], []
    for row in df.to_dict("records"):
        fields = fields_of(row)
        obj = existing.get(row["id"])
        if obj is None:
            to_create.append(model(network=network, key=row["id"], **fields))
        elif any(getattr(obj, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(obj, k, v)
            to_update.append(obj)
    return to_create, to_update


def _upsert(summary: Counter, what: str, model, network: Network, df: pd.DataFrame, fields_of,
            related=(), prepare=None, ids_only: bool = False) -> dict:
    """Update or create ``model`` rows of ``network`` keyed by the package id; returns key -> obj
    (``ids_only``: key -> database id, without making an object per row: the people of a large
    package). Counts "<what> created" and "<what> updated" in ``summary``. ``prepare`` is called
    with the new objects before they are written."""
    to_create, to_update = _match(model, network, df, fields_of, related)
    if prepare is not None and to_create:
        prepare(to_create)
    _insert_objects(to_create)
    summary[f"{what} created"] += len(to_create)
    summary[f"{what} updated"] += len(to_update)
    if to_update:
        names = list(fields_of(df.iloc[0].to_dict()))
        model.objects.bulk_update(to_update, names, batch_size=BATCH)
    keys = set(df["id"])
    if ids_only:
        return {key: pk for key, pk in model.objects.filter(network=network).values_list("key", "pk")
                if key in keys}
    return {obj.key: obj for obj in model.objects.filter(network=network, key__in=keys)} if keys else {}


def _organisation_fields(r) -> dict:
    return {"name": r["name"], "type": r["type"], "sector": r["sector"], "region": r["region"],
            "member": bool(r["member"]), "municipality": r["municipality"]}


def _unit_fields(r) -> dict:
    return {"name": r["name"], "kind": r["kind"], "process": r["process"], "level": r["level"]}


def _person_fields(orgs: dict, use_org_ids: bool):
    """The person columns as model fields; ``orgs`` maps organisation ids to objects."""

    def fields(r) -> dict:
        org_key = r["organisation"]
        return {
            "name": r["name"],
            "email": r["email"],
            "organisation": orgs.get(org_key) if use_org_ids else None,
            "organisation_name": "" if use_org_ids else org_key,
            "function": r["function"],
            "sector": r["sector"],
            "education_level": r["education_level"],
            "years_in_education": r["years_in_education"],
            "involvement": r["involvement"],
            "expertise": r["expertise"],
        }

    return fields


@dataclass
class WavePlan:
    label: str
    exists: bool
    ties_before: int
    ties_after: int
    responses_before: int
    responses_in_package: int  # statuses applied; answers already given are kept


@dataclass
class ImportPlan:
    """What ``import_package`` would change, computed without writing (the upload preview)."""

    network_slug: str
    network_exists: bool
    network_changes: list[str] = field(default_factory=list)
    people_added: list[str] = field(default_factory=list)
    people_updated: list[str] = field(default_factory=list)
    organisations_added: list[str] = field(default_factory=list)
    organisations_updated: list[str] = field(default_factory=list)
    units_added: list[str] = field(default_factory=list)
    units_updated: list[str] = field(default_factory=list)
    # People whose memberships the import replaces by different ones (package ids).
    memberships_replaced: list[str] = field(default_factory=list)
    memberships_before: int = 0
    memberships_after: int = 0
    waves: list[WavePlan] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The plan as plain text (``olievlek import --dry-run``)."""

        def ids(keys: list[str]) -> str:
            return f" ({', '.join(keys[:20])}{', ...' if len(keys) > 20 else ''})" if keys else ""

        out = [f"network {self.network_slug}: " + (
            "new" if not self.network_exists
            else ("changes " + ", ".join(self.network_changes) if self.network_changes else "unchanged"))]
        out.append(f"people added: {len(self.people_added)}{ids(self.people_added)}")
        out.append(f"people updated: {len(self.people_updated)}{ids(self.people_updated)}")
        out.append(f"organisations added / updated: {len(self.organisations_added)} / "
                   f"{len(self.organisations_updated)}")
        out.append(f"units added / updated: {len(self.units_added)} / {len(self.units_updated)}")
        out.append(f"people whose memberships are replaced: {len(self.memberships_replaced)}"
                   f"{ids(self.memberships_replaced)}")
        for w in self.waves:
            out.append(f"wave {w.label}{'' if w.exists else ' (new)'}: ties {w.ties_before} -> "
                       f"{w.ties_after}, responses {w.responses_before} now, {w.responses_in_package} in the package")
        return out


def plan_import(pkg: Package, *, network_slug: str | None = None) -> ImportPlan:
    """The preview of ``import_package(pkg, network_slug=...)``: same checks (raising the same
    PackageError), same matching by package id, nothing written."""
    validate(pkg, require_network=network_slug is None)
    slug, network, fields = _find_network(pkg, network_slug)
    plan = ImportPlan(network_slug=slug, network_exists=network is not None)
    if network is not None:
        _check_against_database(pkg, network)
        plan.network_changes = [k for k, v in fields.items() if getattr(network, k) != v]

    new, changed = _match(Organisation, network, pkg.organisations, _organisation_fields)
    plan.organisations_added = [o.key for o in new]
    plan.organisations_updated = [o.key for o in changed]
    existing_orgs = {o.key: o for o in network.organisations.all()} if network else {}
    use_org_ids = not pkg.organisations.empty or bool(existing_orgs)
    orgs = {**existing_orgs, **{o.key: o for o in new}}
    for o in changed:
        orgs[o.key] = o

    new, changed = _match(Unit, network, pkg.units, _unit_fields, related=["parent"])
    plan.units_added = [u.key for u in new]
    parents = dict(zip(pkg.units["id"], pkg.units["parent"]))
    moved = [u.key for u in (network.units.select_related("parent") if network else [])
             if u.key in parents and (u.parent.key if u.parent is not None else "") != parents[u.key]]
    plan.units_updated = sorted({u.key for u in changed} | set(moved))

    new, changed = _match(Person, network, pkg.people, _person_fields(orgs, use_org_ids),
                          related=["organisation"])
    plan.people_added = [p.key for p in new]
    plan.people_updated = [p.key for p in changed]

    if not pkg.memberships.empty or not pkg.people.empty:
        before: dict[str, Counter] = {}
        if network is not None:
            for row in Membership.objects.filter(
                person__network=network, person__key__in=list(pkg.people["id"])
            ).values_list("person__key", "unit__key", "role", "start", "end"):
                before.setdefault(row[0], Counter())[row[1:]] += 1
        after: dict[str, Counter] = {}
        for r in pkg.memberships.itertuples(index=False):
            after.setdefault(r.person, Counter())[(r.unit, r.role, _date(r.start), _date(r.end))] += 1
        plan.memberships_before = sum(sum(c.values()) for c in before.values())
        plan.memberships_after = len(pkg.memberships)
        plan.memberships_replaced = sorted(
            k for k in set(before) | set(after) if before.get(k, Counter()) != after.get(k, Counter())
        )

    waves = {w.label: w for w in network.waves.all()} if network else {}
    for label in pkg.waves():
        wave = waves.get(label)
        plan.waves.append(WavePlan(
            label=label,
            exists=wave is not None,
            ties_before=wave.ties.count() if wave else 0,
            ties_after=int((pkg.ties["wave"] == label).sum()),
            responses_before=wave.responses.count() if wave else 0,
            responses_in_package=int((pkg.responses["wave"] == label).sum()),
        ))
    return plan


def _assign_pseudonyms(network: Network) -> None:
    """Give every person without one a stable pseudonym: their primary role and a number.

    Numbers continue from the highest given per role, so codes never change or repeat.
    """
    people = list(network.people.filter(pseudonym="").order_by("key"))
    if not people:
        return
    primary = primary_roles(network)
    _number_pseudonyms(network, people, [primary.get(person.pk, "") for person in people])
    Person.objects.bulk_update(people, ["pseudonym"], batch_size=BATCH)


def _number_pseudonyms(network: Network, people: list[Person], roles: list[str]) -> None:
    """Set ``pseudonym`` on ``people`` (in key order, each with its primary role): the role as a
    slug ("deelnemer" without one) and the next number for it in ``network``."""
    used: Counter[str] = Counter()
    if network.pk:
        for code in network.people.exclude(pseudonym="").values_list("pseudonym", flat=True):
            stem, _, num = code.rpartition("-")
            if num.isdigit():
                used[stem] = max(used[stem], int(num))
    for person, role in zip(people, roles):
        stem = slugify(role or "deelnemer")[:40] or "deelnemer"
        used[stem] += 1
        person.pseudonym = f"{stem}-{used[stem]}"


def primary_memberships(network: Network) -> dict[int, tuple[str, str]]:
    """Each person's primary membership as (unit key, role) (``MembershipQuerySet.primary``)."""
    primary = Membership.objects.filter(person__network=network).primary()
    return {pk: (key, role) for pk, (_u, key, _n, role) in primary.items()}


def primary_roles(network: Network) -> dict[int, str]:
    """Each person's role in their primary unit."""
    return {pk: role for pk, (_unit, role) in primary_memberships(network).items()}


def export_package(network: Network) -> Package:
    """The network as a package; ``import_package(export_package(n))`` changes nothing."""
    return export_packages([network], portfolio=True)[0]


def export_packages(
    networks: Iterable[Network], *, wave: str | None = None, ties: bool = True,
    portfolio: bool = False,
) -> list[Package]:
    """Each network as a package, in one query per file whatever the number of networks.

    ``wave`` keeps only that wave's ties and responses; ``ties=False`` leaves ties out (the
    participants tables do not need them); ``portfolio=True`` adds objects, ratings and uses
    (six queries more), the activity files (five more) and fees and grants (two more).
    """
    from olievlek.surveys.models import Response, Tie

    networks = list(networks)
    ids = [n.pk for n in networks]

    def rows(queryset, network_field: str, columns: tuple[str, ...], fields: tuple[str, ...]):
        out: dict[int, list[dict]] = {pk: [] for pk in ids}
        for network_id, *values in queryset.values_list(network_field, *fields):
            out[network_id].append(dict(zip(columns, values)))
        return out

    waves = {} if wave is None else {"wave__label": wave}
    orgs = rows(Organisation.objects.filter(network__in=ids).order_by("key"), "network_id",
                ("id", "name", "type", "sector", "region", "member", "municipality"),
                ("key", "name", "type", "sector", "region", "member", "municipality"))
    people = rows(Person.objects.filter(network__in=ids).order_by("key"), "network_id",
                  ("id", "name", "org_key", "org_name", "function", "sector", "education_level",
                   "years_in_education", "involvement", "expertise", "email"),
                  ("key", "name", "organisation__key", "organisation_name", "function", "sector",
                   "education_level", "years_in_education", "involvement", "expertise", "email"))
    units = rows(Unit.objects.filter(network__in=ids).order_by("key"), "network_id",
                 ("id", "name", "kind", "process", "level", "parent"),
                 ("key", "name", "kind", "process", "level", "parent__key"))
    memberships = rows(
        Membership.objects.filter(person__network__in=ids).order_by(
            "person__key", F("start").asc(nulls_first=True), "unit__key", "role"),
        "person__network_id", ("person", "unit", "role", "start", "end"),
        ("person__key", "unit__key", "role", "start", "end"))
    tie_rows: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
    if ties:
        tie_rows = rows(
            Tie.objects.filter(wave__network__in=ids, **waves).order_by(
                "wave__label", "source__key", "target__key", "relation"),
            "wave__network_id", ("wave", "source", "target", "relation", "frequency", "usefulness", "topic"),
            ("wave__label", "source__key", "target__key", "relation", "frequency", "usefulness", "topic"))
    responses = rows(
        Response.objects.filter(wave__network__in=ids, **waves).order_by("wave__label", "person__key"),
        "wave__network_id", ("wave", "person", "status"), ("wave__label", "person__key", "status"))

    outcomes: dict[int, dict[str, list[dict[str, Any]]]] = {}
    activities: dict[int, dict[str, list[dict[str, Any]]]] = {}
    if portfolio:
        from olievlek.activities.actions import export_activities
        from olievlek.portfolio.actions import export_outcomes

        outcomes = export_outcomes(networks)
        activities = export_activities(networks)
        from olievlek.governance.actions import export_governance

        governance = export_governance(networks)
        activities = {pk: {**files, **governance[pk]} for pk, files in activities.items()}
    packages = []
    for network in networks:
        pkg = Package.empty(network={
            "id": network.slug, "name": network.name, "sector": network.sector,
            "region": network.region, "theme": network.theme, "started": network.started,
        })
        pkg.organisations = frame("organisations", orgs[network.pk])
        pkg.people = frame("people", [
            dict(p, organisation=p["org_key"] or p["org_name"]) for p in people[network.pk]
        ])
        pkg.units = frame("units", units[network.pk])
        pkg.memberships = frame("memberships", memberships[network.pk])
        pkg.ties = frame("ties", tie_rows[network.pk])
        pkg.responses = frame("responses", responses[network.pk])
        for name, rows_ in outcomes.get(network.pk, {}).items():  # objects, ratings, uses
            setattr(pkg, name, frame(name, rows_))
        for name, rows_ in activities.get(network.pk, {}).items():  # activities, attendance...
            setattr(pkg, name, frame(name, rows_))
        packages.append(pkg)
    return packages


@transaction.atomic
def erase_person(person: Person, *, actor: str) -> dict[str, int]:
    """Remove a person and every trace of them: their memberships, responses, links and answer
    versions, every tie that names them, their id in colleagues' saved and submitted answers,
    their login account, their name in Django's admin log, the cached rosters that list
    them, the cached sociogram layouts that place them, and their ownership of monitor
    actions (the action stays, without an owner). Every deletion of a person
    (command, admin, a network's deletion) comes here.

    Returns the counts removed. The audit entry keeps the package id and the counts, not the
    name.
    """
    from olievlek.insight.reports import forget_layouts
    from olievlek.portal.actions import forget_person
    from olievlek.portfolio.actions import forget_person as forget_person_in_portfolio
    from olievlek.reports.actions import forget_person as forget_person_in_reports
    from olievlek.surveys.actions import forget_rosters
    from olievlek.surveys.models import Tie

    forget_layouts(person.network)
    ties = Tie.objects.filter(Q(source=person) | Q(target=person))
    counts = {
        "ties": ties.count(),
        "memberships": person.memberships.count(),
        "responses": person.responses.count(),
        # Sources keep their text; the person is only no longer listed as taking part.
        "sources taken part in": person.sources.count(),
        "attendance": person.attendance.count(),
    }
    person.attendance.all().delete()
    # Monitor actions they own keep their text but no longer name an owner; their name typed
    # as an outside owner (before they were a person of the network) goes too.
    counts["monitor actions owned"] = person.monitor_actions.update(person=None)
    counts["monitor actions naming them"] = _forget_as_outside_owner(person)
    ties.delete()
    counts["answer sets"] = _forget_in_answers(person)
    # Before the account goes: a rating's rater may be the login name.
    counts.update(forget_person_in_portfolio(person))  # uses and ratings naming them
    counts["accounts"] = _forget_account(person)
    counts["admin log entries"] = _forget_in_admin_log(person)
    counts["report records"] = forget_person_in_reports(person)
    counts.update(forget_person(person))  # public profile, contact messages, profile links
    network, key = person.network, person.key
    person.delete()
    audit.log(
        actor,
        "erase",
        network_slug=network.slug,
        object_type="person",
        object_key=key,
        detail=", ".join(f"{v} {k}" for k, v in counts.items()),
    )
    forget_rosters(network)
    return counts


@transaction.atomic
def erase_network(network: Network, *, actor: str) -> int:
    """Delete a network, erasing each of its people first (see :func:`erase_person`); returns
    how many people were erased."""
    people = list(network.people.all())
    for person in people:
        erase_person(person, actor=actor)
    slug = network.slug
    network.delete()
    audit.log(actor, "network-delete", network_slug=slug, object_type="network", object_key=slug,
              detail=f"{len(people)} people erased")
    return len(people)


def _forget_as_outside_owner(person: Person) -> int:
    """Clear the person's name where it was typed as the owner of a monitor action of their
    network (free text, for owners outside the network). Returns how many actions changed."""
    from olievlek.activities.models import Action

    name = person.name.strip()
    if not name:
        return 0
    return (Action.objects.filter(score__round__network=person.network_id, owner__iexact=name)
            .update(owner=""))


def _forget_account(person: Person) -> int:
    """Delete the login accounts linked to ``person``; a superuser's account is only unlinked
    (erasing a person must not lock the researchers out). Returns how many were deleted."""
    from olievlek.accounts.models import Profile

    deleted = 0
    for profile in Profile.objects.filter(person=person).select_related("user"):
        if profile.user.is_superuser:
            profile.person = None
            profile.save(update_fields=["person"])
        else:
            profile.user.delete()
            deleted += 1
    return deleted


def _forget_in_admin_log(person: Person) -> int:
    """Anonymise Django's admin log: entries about the person name them by package id only,
    and the name is replaced by the id wherever else it appears (e.g. a membership's entry).
    Returns how many entries changed."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    person_type = ContentType.objects.get_for_model(Person)
    own = Q(content_type=person_type, object_id=str(person.pk))
    name, label = person.name.strip(), f"person {person.key}"
    where = own | (Q(object_repr__contains=name) | Q(change_message__contains=name) if name else Q(pk__in=[]))
    changed = 0
    for entry in LogEntry.objects.filter(where).only("pk", "content_type_id", "object_id", "object_repr",
                                                     "change_message"):
        repr_, message = entry.object_repr, entry.change_message
        if name:
            repr_, message = repr_.replace(name, label), message.replace(name, label)
        if entry.content_type_id == person_type.pk and entry.object_id == str(person.pk):
            repr_ = label
        LogEntry.objects.filter(pk=entry.pk).update(object_repr=repr_[:200], change_message=message)
        changed += 1
    return changed


def _forget_in_answers(person: Person) -> int:
    """Remove ``person`` from other respondents' saved and submitted answer sets, which name
    colleagues by person id under "advice" and "motivation". Returns how many sets changed."""
    from olievlek.surveys.models import AnswerVersion, Response

    key, changed = str(person.pk), 0
    for model in (Response, AnswerVersion):
        rows = model.objects.filter(wave__network_id=person.network_id).exclude(person=person)
        for row in rows.only("pk", "answers"):
            answers = row.answers or {}
            hit = [s for s in ("advice", "motivation") if key in (answers.get(s) or {})]
            if hit:
                for section in hit:
                    del answers[section][key]
                model.objects.filter(pk=row.pk).update(answers=answers)
                changed += 1
    return changed


def units_tree(network: Network) -> list[tuple[Unit, int]]:
    """The network's units depth first, each with its depth (0 for top-level units)."""
    units = list(network.units.all())
    children: dict[int | None, list[Unit]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u)
    out: list[tuple[Unit, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in sorted(children.get(parent_id, []), key=lambda u: u.key):
            out.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return out


# ---------------------------------------------------------------------------------------------
# Editing in the browser: one audited save for every record of a network.


def _network_of(obj) -> Network:
    return obj.person.network if isinstance(obj, Membership) else (
        obj if isinstance(obj, Network) else obj.network)


def _object_key(obj) -> str:
    if isinstance(obj, Membership):
        return f"{obj.person.key}@{obj.unit.key}#{obj.pk}"
    return obj.slug if isinstance(obj, Network) else obj.key


@transaction.atomic
def save_record(obj, *, actor: str, changed: Iterable[str] = ()) -> None:
    """Create or update a network, organisation, person, unit or membership, with an audit entry
    naming the fields changed (not their values: the log must not copy personal data).

    A new person gets their pseudonym here, as at import; it never changes afterwards.
    """
    created = obj.pk is None
    obj.full_clean()
    obj.save()
    if isinstance(obj, (Person, Membership)):
        _assign_pseudonyms(_network_of(obj))
    audit.log(
        actor,
        "create" if created else "update",
        network_slug=_network_of(obj).slug,
        object_type=obj._meta.model_name,
        object_key=_object_key(obj),
        detail="" if created else "changed: " + ", ".join(changed),
    )


@transaction.atomic
def delete_membership(membership: Membership, *, actor: str) -> None:
    """End a membership's record altogether (a mistake); to record leaving, set its end."""
    key, slug = _object_key(membership), membership.person.network.slug
    membership.delete()
    audit.log(actor, "delete", network_slug=slug, object_type="membership", object_key=key)
