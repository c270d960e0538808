"""Hand-made networks for the table tests."""

from __future__ import annotations

from olievlek.package import Package, frame


def package(slug: str, sector: str, people: list[dict], *, wave: str = "2024",
            status: str = "complete", units: list[dict] | None = None,
            memberships: list[dict] | None = None) -> Package:
    """A network whose ``people`` (dicts with package columns, ``id`` optional) all have
    ``status`` in ``wave`` unless a person dict says ``status`` itself."""
    pkg = Package.empty(network={"id": slug, "name": slug.title(), "sector": sector})
    rows, responses = [], []
    for i, p in enumerate(people, start=1):
        p = dict(p)
        pid = p.pop("id", f"{slug}-p{i}")
        st = p.pop("status", status)
        rows.append({"id": pid, "name": f"Persoon {i}", **p})
        if st:
            responses.append({"wave": wave, "person": pid, "status": st})
    pkg.people = frame("people", rows)
    pkg.responses = frame("responses", responses)
    pkg.units = frame("units", units or [])
    pkg.memberships = frame("memberships", memberships or [])
    return pkg


def people_from_counts(item: str, counts: dict[str, int], missing: int = 0) -> list[dict]:
    out = [{item: code} for code, k in counts.items() for _ in range(k)]
    return out + [{item: ""} for _ in range(missing)]
