"""Network analysis for olievlek: pure Python (pandas, NumPy, igraph), no Django.

Start from a :class:`WaveNetwork` (one wave and relation of a network) built from a package
(:func:`network_from_package`) or from plain ids and ties (:func:`network_from_edges`), then:

- :func:`analyze`: the people table and network figures of ``olievlek analyze``;
- :func:`leadership`, :func:`unit_matrix`, :func:`linking_pins`, :func:`communities_vs_units`,
  :func:`core_periphery`, :func:`islands`, :func:`departures`, :func:`top_departures`,
  :func:`compare_waves`: the study's questions;
- :func:`coattendance`, :func:`activity_overlap`, :func:`attendance_brokers`: two-mode
  (people x activities) networks; :func:`turnover_events`, :func:`vacancies`,
  :func:`departure_cost`, :func:`units_cut_off`, :func:`rhythm`: turnover and vulnerable
  moments (docs/activities.md);
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
from .turnover import departure_cost, rhythm, turnover_events, units_cut_off, vacancies
from .twomode import activity_overlap, attendance_brokers, coattendance
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
    "activity_overlap",
    "analyze",
    "attendance_brokers",
    "coattendance",
    "brokerage",
    "communities_vs_units",
    "compare_package_waves",
    "compare_waves",
    "core_periphery",
    "coreness",
    "departure_cost",
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
    "rhythm",
    "to_dl_attributes",
    "to_pajek_partition",
    "top_departures",
    "turnover_events",
    "unit_matrix",
    "unit_ties",
    "units_cut_off",
    "vacancies",
    "wave_people",
]
