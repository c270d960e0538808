"""Network analysis for olievlek: pure Python (pandas, NumPy, igraph), no Django.

Start from a :class:`WaveNetwork` (one wave and relation of a network) built from a package
(:func:`network_from_package`) or from plain ids and ties (:func:`network_from_edges`), then:

- :func:`analyze`: the people table and network figures of ``olievlek analyze``;
- :func:`leadership`, :func:`unit_matrix`, :func:`linking_pins`, :func:`communities_vs_units`,
  :func:`core_periphery`, :func:`islands`, :func:`departures`, :func:`top_departures`,
  :func:`compare_waves`: the study's questions;
- :func:`export`: GraphML, GEXF, Pajek and UCINET DL.

Definitions and algorithms: ``docs/analysis.md``.

Examples
--------
>>> from olievlek.analysis import analyze, network_from_edges
>>> net = network_from_edges(["a", "b", "c"], [("a", "b"), ("c", "b")])
>>> analyze(net).network["in_degree_centralization"]
1.0
"""

from .brokerage import ROLES, brokerage
from .change import Change, compare_package_waves, compare_waves
from .coreperiphery import CorePeriphery, core_periphery, coreness
from .export import FORMATS, export, to_dl_attributes, to_pajek_partition
from .graph import (
    COORDINATION_PROCESS,
    WaveNetwork,
    network_from_edges,
    network_from_package,
    wave_people,
)
from .islands import Islands, islands
from .leadership import FORMAL_LEADER_ROLES, Leadership, formal_leaders, leadership
from .subsystems import (
    GroupMatrix,
    communities_vs_units,
    linking_pins,
    normalized_mutual_information,
    unit_matrix,
    unit_ties,
)
from .summary import NETWORK_KEYS, PEOPLE_COLUMNS, Analysis, analyze, network_figures, people_table
from .vulnerability import departures, top_departures

__all__ = [
    "COORDINATION_PROCESS",
    "FORMAL_LEADER_ROLES",
    "FORMATS",
    "NETWORK_KEYS",
    "PEOPLE_COLUMNS",
    "ROLES",
    "Analysis",
    "Change",
    "CorePeriphery",
    "GroupMatrix",
    "Islands",
    "Leadership",
    "WaveNetwork",
    "analyze",
    "brokerage",
    "communities_vs_units",
    "compare_package_waves",
    "compare_waves",
    "core_periphery",
    "coreness",
    "departures",
    "export",
    "formal_leaders",
    "islands",
    "leadership",
    "linking_pins",
    "network_figures",
    "network_from_edges",
    "network_from_package",
    "normalized_mutual_information",
    "people_table",
    "to_dl_attributes",
    "to_pajek_partition",
    "top_departures",
    "unit_matrix",
    "unit_ties",
    "wave_people",
]
