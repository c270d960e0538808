"""Small networks for tests, built through the same package import a user would use."""

from __future__ import annotations

import copy
import functools

from olievlek.package import Package, frame


def small_package(slug: str = "testnet", name: str = "Testnetwerk") -> Package:
    """A fresh copy of :func:`build_small_package` (built once per test process: building the
    frames costs far more than copying them, and nearly every test imports this network)."""
    return copy.deepcopy(_small_package(slug, name))


@functools.cache
def _small_package(slug: str, name: str) -> Package:
    return build_small_package(slug, name)


def demo_packages() -> list[Package]:
    """A fresh copy of the twelve demo packages (``olievlek.demo.generate()`` with its default
    seed), generated once per test process."""
    return copy.deepcopy(_demo_packages())


@functools.cache
def _demo_packages() -> list[Package]:
    from olievlek.demo import generate

    return generate()


def build_small_package(slug: str = "testnet", name: str = "Testnetwerk") -> Package:
    """Six people in three units (a steering group over two practice teams), two waves.

    p1 coordinates (stuurgroep); p2 sits in the stuurgroep and team A (a linking pin);
    p3, p4 in team A; p5 in team B; p6 in no unit and names nobody (an isolate).
    p4 leaves after 2024; p5 joins the network in 2025.
    """
    pkg = Package.empty(network={"id": slug, "name": name, "sector": "po", "region": "Twente",
                                 "theme": "lezen", "started": "2016"})
    pkg.organisations = frame("organisations", [
        {"id": "o1", "name": "Hogeschool Noord", "type": "hogeschool", "sector": "ho", "member": "1"},
        {"id": "o2", "name": "Basisschool De Linde", "type": "school", "sector": "po", "member": "1"},
    ])
    pkg.people = frame("people", [
        {"id": "p1", "name": "Anna Aardeweg", "organisation": "o1", "function": "lector",
         "sector": "ho", "education_level": "phd", "years_in_education": "15+", "involvement": "5y+",
         "expertise": "onderzoek begeleiden", "email": "anna@example.org"},
        {"id": "p2", "name": "Bram Beukenhout", "organisation": "o2", "function": "schoolleider",
         "sector": "po", "education_level": "universiteit", "years_in_education": "15+", "involvement": "1-2y"},
        {"id": "p3", "name": "Cato Cederveld", "organisation": "o2", "function": "leerkracht",
         "sector": "po", "education_level": "hbo", "years_in_education": "1-15", "involvement": "6-12m"},
        {"id": "p4", "name": "Daan Dennenlaan", "organisation": "o2", "function": "leerkracht",
         "sector": "po", "education_level": "hbo", "years_in_education": "<1", "involvement": "0-3m"},
        {"id": "p5", "name": "Eva Essenrijk", "organisation": "o2", "function": "leerkracht", "sector": "po"},
        {"id": "p6", "name": "Fenna Fazantstraat", "organisation": "o1", "function": "onderzoeker"},
    ])
    pkg.units = frame("units", [
        {"id": "u-stuur", "name": "Stuurgroep", "kind": "stuurgroep", "process": "coordinatie", "level": "macro"},
        {"id": "u-a", "name": "PLG A", "kind": "PLG", "process": "praktijk", "level": "micro", "parent": "u-stuur"},
        {"id": "u-b", "name": "PLG B", "kind": "PLG", "process": "praktijk", "level": "micro", "parent": "u-stuur"},
    ])
    pkg.memberships = frame("memberships", [
        {"person": "p1", "unit": "u-stuur", "role": "projectleider", "start": "2023-09-01"},
        {"person": "p2", "unit": "u-stuur", "role": "bestuurder", "start": "2023-09-01"},
        {"person": "p2", "unit": "u-a", "role": "bruggenbouwer", "start": "2023-10-01"},
        {"person": "p3", "unit": "u-a", "role": "leraar", "start": "2023-10-01"},
        {"person": "p4", "unit": "u-a", "role": "leraar", "start": "2023-10-01", "end": "2024-08-31"},
        {"person": "p5", "unit": "u-b", "role": "leraar", "start": "2024-09-01"},
    ])
    ties = [
        ("2024", "p2", "p1", "advice", 4, 4, "planning"),
        ("2024", "p3", "p2", "advice", 5, 5, "didactiek"),
        ("2024", "p4", "p2", "advice", 3, 4, ""),
        ("2024", "p3", "p4", "motivation", 4, None, ""),
        ("2025", "p2", "p1", "advice", 5, 5, "planning"),
        ("2025", "p3", "p2", "advice", 4, 4, ""),
        ("2025", "p5", "p1", "advice", 2, 3, "onderzoek"),
    ]
    pkg.ties = frame("ties", [dict(zip(("wave", "source", "target", "relation", "frequency",
                                        "usefulness", "topic"), t)) for t in ties])
    pkg.responses = frame("responses", [
        {"wave": "2024", "person": p, "status": s}
        for p, s in [("p1", "complete"), ("p2", "complete"), ("p3", "complete"), ("p4", "partial"),
                     ("p6", "invited")]
    ] + [
        {"wave": "2025", "person": p, "status": s}
        for p, s in [("p1", "complete"), ("p2", "complete"), ("p3", "complete"), ("p5", "complete"),
                     ("p6", "invited")]
    ])
    return pkg
