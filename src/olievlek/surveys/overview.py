"""Response overview: invited, started, complete and response rate, per wave, unit and role
(as Bijlage 3 of the report gives them per network), and its CSV/XLSX export.

Counts: *invited* is everyone with a response row (the wave's invitees, or the people an
imported wave lists); *started* is those who began but did not submit ("partial");
*complete* those who submitted; the *response rate* is complete / invited. A person is
counted under their primary unit and the role they hold there (earliest membership).

For viewers with a small-cell threshold (``Viewer.mask(...).groups``), :func:`masked` turns a
group of fewer invitees into a row of ``"<3"`` without a rate.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from olievlek.networks.models import Membership, Network
from olievlek.spreadsheet import csv_bytes, xlsx_bytes
from olievlek.tables import cells

from .models import Invitation, Response, Wave


@dataclass
class Row:
    kind: str  # "wave", "unit", "role", "total"
    name: str
    invited: int = 0
    started: int = 0
    complete: int = 0
    suppressed: bool = False  # the counts are the small-cell label ("<3"), not numbers

    @property
    def rate(self) -> int | None:
        """Response rate in whole percent (None when nobody was invited or suppressed)."""
        if self.suppressed or not self.invited:
            return None
        return round(100 * self.complete / self.invited)

    def add(self, status: str) -> None:
        self.invited += 1
        if status == "partial":
            self.started += 1
        elif status == "complete":
            self.complete += 1


def _primary(person_ids) -> dict[int, tuple[str, str]]:
    """person id -> (unit name, role) of their primary membership."""
    primary = Membership.objects.filter(person_id__in=list(person_ids)).primary()
    return {pk: (name, role) for pk, (_u, _k, name, role) in primary.items()}


def wave_overview(wave: Wave) -> dict:
    """Totals and rows per unit and per role for one wave."""
    statuses = dict(Response.objects.filter(wave=wave).values_list("person_id", "status"))
    primary = _primary(statuses)
    total = Row("total", _("Total"))
    units: dict[str, Row] = {}
    roles: dict[str, Row] = {}
    none = _("(none)")
    for pid, status in statuses.items():
        unit, role = primary.get(pid, (none, none))
        total.add(status)
        units.setdefault(unit, Row("unit", unit)).add(status)
        roles.setdefault(role or none, Row("role", role or none)).add(status)
    return {
        "wave": wave,
        "total": total,
        "units": sorted(units.values(), key=lambda r: r.name.lower()),
        "roles": sorted(roles.values(), key=lambda r: r.name.lower()),
    }


def masked(row: Row, threshold: int | None) -> Row:
    """The row as a viewer with this small-cell threshold may see it."""
    if threshold is None or not cells.small(row.invited, threshold):
        return row
    label = cells.label(threshold)
    return Row(row.kind, row.name, label, label, label, suppressed=True)  # type: ignore[arg-type]


def masked_overview(ov: dict, threshold: int | None) -> dict:
    return {**ov, "total": masked(ov["total"], threshold),
            "units": [masked(r, threshold) for r in ov["units"]],
            "roles": [masked(r, threshold) for r in ov["roles"]]}


def overview_for(wave: Wave, viewer) -> dict:
    """``wave_overview`` as this viewer may see it (small groups masked)."""
    return masked_overview(wave_overview(wave), viewer.mask(wave.network, wave).groups)


def network_overview(network: Network) -> list[Row]:
    """One row per wave of the network (Bijlage 3: members and response rate)."""
    rows = {w.pk: Row("wave", w.label) for w in network.waves.order_by("label")}
    for wave_id, status in Response.objects.filter(wave__network=network).values_list("wave_id", "status"):
        rows[wave_id].add(status)
    return list(rows.values())


def people_status(wave: Wave) -> list[dict]:
    """Per invitee: person, status, primary unit and role, link sent/reminded (names: only for
    viewers allowed to see them; callers check)."""
    responses = list(Response.objects.filter(wave=wave).select_related("person").order_by("person__name"))
    primary = _primary([r.person_id for r in responses])
    invitations = {
        inv.person_id: inv
        for inv in Invitation.objects.filter(wave=wave, revoked_at__isnull=True)
    }
    out = []
    for r in responses:
        unit, role = primary.get(r.person_id, ("", ""))
        out.append({"person": r.person, "status": r.status, "unit": unit, "role": role,
                    "invitation": invitations.get(r.person_id), "response": r})
    return out


HEADER = ("breakdown", "group", "invited", "started", "complete", "response_rate")


def table_rows(rows: list[Row]) -> list[tuple]:
    return [(r.kind, r.name, r.invited, r.started, r.complete, "" if r.rate is None else r.rate)
            for r in rows]


def export_rows(wave: Wave | None = None, network: Network | None = None, viewer=None) -> list[tuple]:
    """The rows of the CSV/XLSX export, masked as ``viewer`` (if given) may see them."""
    if wave is not None:
        ov = wave_overview(wave) if viewer is None else overview_for(wave, viewer)
        return table_rows([ov["total"]] + ov["units"] + ov["roles"])
    assert network is not None, "export_rows needs a wave or a network"
    rows = network_overview(network)
    if viewer is not None:
        waves = {w.label: w for w in network.waves.all()}
        rows = [masked(r, viewer.mask(network, waves[r.name]).groups) for r in rows]
    return table_rows(rows)


def to_csv(rows: list[tuple]) -> bytes:
    return csv_bytes(HEADER, rows)


def to_xlsx(rows: list[tuple], title: str) -> bytes:
    return xlsx_bytes([(title or "responses", HEADER, rows)])
