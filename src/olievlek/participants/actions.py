"""Participants workflows shared by the pages and the command line: load networks as a
:class:`olievlek.tables.Study`, store expertise corrections, parse reference populations."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pandas as pd
from django.db import transaction
from django.utils.translation import gettext as _

from olievlek import derived
from olievlek.accounts import audit
from olievlek.networks.actions import export_packages
from olievlek.networks.models import Network, Person
from olievlek.tables import KINDS, Finding, Reference, Study, all_tables, combine
from olievlek.tables.cells import Mask
from olievlek.tables.export import chart_stems

from .models import ExpertiseSorting, ReferencePopulation


def study_networks() -> list[Network]:
    """The networks of the study's tables across networks (the all-networks page, its
    downloads, ``olievlek tables --all``): those with at least one questionnaire wave.
    A network without waves, such as the demo's Twente network, would only add empty rows."""
    return list(Network.objects.filter(waves__isnull=False).distinct().order_by("slug"))


def study_for(networks: list[Network], wave: str | None = None) -> Study:
    """The networks as one study of ``wave`` (default: the first wave label in sort order)."""
    if wave is None:
        wave = default_wave(networks)
    # The wave's ties too: someone named in them is one of the wave's people.
    return combine(export_packages(networks, wave=wave), wave)


def rights_of(networks: list[Network], wave: str | None, v) -> tuple:
    """What the viewer ``v`` may see of these networks' study: researcher, or coordinator of
    which network in which privacy mode. Part of every cached participants result's key, so
    viewers who may see different things never share an entry, even where the result itself
    would be the same today."""
    from olievlek.surveys.models import Wave

    if v.is_researcher:
        return ("researcher",)
    waves = {w.network_id: w for w in Wave.objects.filter(network__in=networks, label=wave)}
    return ("coordinator" if v.is_coordinator else v.role, v.network_id,
            tuple(v.mode(n, waves.get(n.pk)) for n in networks))


def cached_study(networks: list[Network], wave: str | None, v) -> Study:
    """``study_for`` computed once per data version of the networks (``olievlek.derived``)
    and viewer's rights, from the cache."""
    return derived.cached("study", [n.pk for n in networks], lambda: study_for(networks, wave),
                          extra=(wave, rights_of(networks, wave, v)))


@dataclass
class ViewerTables:
    """The participants tables of some networks as one viewer may see them."""

    study: Study
    tables: dict[str, pd.DataFrame]
    masked: set[str] = field(default_factory=set)  # stems in which a small group is masked
    charts: list[str] = field(default_factory=list)  # pictures that draw no masked group
    practice_masked: bool = False


def tables_for(v, networks: list[Network], wave: str | None, *, people: bool = False,
               findings: list[Finding] | None = None, charts_only: bool = False) -> ViewerTables:
    """Every participants table of ``networks`` in ``wave`` for viewer ``v``, small groups
    masked as ``v.mask`` decides (``olievlek.tables.cells.Mask``): the page, its CSV/XLSX
    downloads and its charts all come from here. ``people`` adds the tables that list
    individuals (the expertise sorting, ids in the checks): the caller asks for them for
    researchers only. A chart is offered only when its table shows no masked group;
    ``charts_only`` skips building the tables when nothing can be masked (a chart request)."""
    from olievlek.surveys.models import Wave

    study = cached_study(networks, wave, v)
    if len(networks) == 1:
        mask = v.mask(networks[0], Wave.objects.filter(network=networks[0], label=wave).first())
    elif v.is_researcher:  # only researchers see several networks at once
        mask = Mask()
    else:
        raise PermissionError("the tables of several networks are for researchers only")
    if charts_only and not mask.active:
        return ViewerTables(study, {}, set(), chart_stems(study))
    tables = all_tables(study, overrides=overrides_for(networks), references=references_for(networks),
                        people=people, findings=findings)
    tables, masked = mask.tables(tables, study)
    source = {f"roles_{net}": "roles" for net in study.networks["network"]}
    charts = [stem for stem in chart_stems(study) if source.get(stem, stem) not in masked]
    return ViewerTables(study, tables, masked, charts, "practice_representation" in masked)


def waves_of(networks: list[Network]) -> list[str]:
    from olievlek.surveys.models import Wave

    return sorted(set(Wave.objects.filter(network__in=networks).values_list("label", flat=True)))


def default_wave(networks: list[Network]) -> str | None:
    labels = waves_of(networks)
    return labels[0] if labels else None


def overrides_for(networks: list[Network]) -> dict[tuple[str, str], tuple[str, ...]]:
    """Researchers' expertise corrections keyed as the tables want: (network slug, person id)."""
    rows = ExpertiseSorting.objects.filter(person__network__in=networks).select_related("person__network")
    return {(s.person.network.slug, s.person.key): s.kind_list() for s in rows}


def references_for(networks: list[Network]) -> list[Reference]:
    """Reference populations of these networks, and the general ones (no network) once each
    network of the selection."""
    out = []
    slugs = {n.pk: n.slug for n in networks}
    for ref in ReferencePopulation.objects.filter(network__in=networks).order_by("network__slug", "name"):
        assert ref.network_id is not None  # filtered on these networks
        out.append(Reference(ref.name, ref.variable, ref.counts, slugs[ref.network_id]))
    for ref in ReferencePopulation.objects.filter(network__isnull=True).order_by("name"):
        for n in networks:
            out.append(Reference(f"{ref.name} ({n.slug})", ref.variable, ref.counts, n.slug))
    return out


@transaction.atomic
def set_expertise_sorting(person: Person, kinds: list[str] | None, *, actor: str) -> None:
    """Store a researcher's sorting of ``person``'s expertise (None: back to the keywords)."""
    if kinds is None:
        ExpertiseSorting.objects.filter(person=person).delete()
        detail = "reset to keywords"
    else:
        clean = " ".join(k for k in KINDS if k in kinds)
        ExpertiseSorting.objects.update_or_create(person=person, defaults={"kinds": clean, "changed_by": actor})
        detail = clean or "(none)"
    audit.log(actor, "sort-expertise", network_slug=person.network.slug, object_type="person",
              object_key=person.key, detail=detail)


@transaction.atomic
def add_reference(*, name: str, variable: str, counts: dict[str, float], source: str = "",
                  network: Network | None = None, actor: str) -> ReferencePopulation:
    """Store a reference population (counts per category of one background variable), for
    one network or, without ``network``, for every network; audited."""
    population = ReferencePopulation.objects.create(
        network=network, name=name.strip()[:200], variable=variable, source=source.strip()[:300],
        counts=counts, created_by=actor)
    audit.log(actor, "add-reference", network_slug=network.slug if network else "",
              object_type="reference population", object_key=str(population.pk),
              detail=f"{population.name} ({variable}, {len(counts)} categories)")
    return population


@transaction.atomic
def delete_reference(population: ReferencePopulation, *, actor: str) -> None:
    """Delete a reference population; audited."""
    audit.log(actor, "delete-reference", network_slug=population.network.slug if population.network else "",
              object_type="reference population", object_key=str(population.pk),
              detail=f"{population.name} ({population.variable})")
    population.delete()


def parse_counts(text: str) -> dict[str, float]:
    """``category,count`` lines (a header line is allowed, ``;`` or tab also separate) as a
    dict. Raises ValueError naming the first bad line."""
    counts: dict[str, float] = {}
    sample = text[:1000]
    delimiter = ";" if sample.count(";") > sample.count(",") else ("\t" if "\t" in sample else ",")
    for i, row in enumerate(csv.reader(io.StringIO(text.strip()), delimiter=delimiter), start=1):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < 2:
            raise ValueError(_("line %(line)s: expected 'category,count'") % {"line": i})
        cat, value = row[0].strip(), row[1].strip().replace(",", ".")
        try:
            number = float(value)
        except ValueError:
            if i == 1:
                continue  # a header line
            raise ValueError(_("line %(line)s: '%(value)s' is not a number") % {"line": i, "value": value}) from None
        if number < 0:
            raise ValueError(_("line %(line)s: a count cannot be negative") % {"line": i})
        if cat in counts:
            raise ValueError(_("line %(line)s: category '%(category)s' appears twice") % {"line": i, "category": cat})
        counts[cat] = number
    if len(counts) < 2:
        raise ValueError(_("give at least two categories"))
    return counts
