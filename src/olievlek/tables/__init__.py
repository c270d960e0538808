"""Participants tables: who the participants are and whether they represent their sector.

Pure (no Django): build a :class:`Study` from network packages with :func:`combine`, then ask
for the tables of the report's section 5.3 (Tabel 5.1-5.3, Bijlage 3, roles, expertise) and
more. ``docs/participants.md`` explains the rules (respondents, rounding, missing answers).

Respondents of a wave (the base of the background tables) are the people with a ``complete``
response or a ``partial`` one with background answers; the response tables (Bijlage 3) count
``complete`` only. Both are defined once, in :mod:`olievlek.tables.data` (:func:`is_respondent`).

>>> from tests.factories import small_package  # doctest: +SKIP
>>> study = combine([small_package()], wave="2024")  # doctest: +SKIP
>>> background_table(study, "education_level")  # doctest: +SKIP
"""

from .background import GROUPINGS, ITEMS, GroupCounts, background_counts, background_table
from .checks import Finding, consistency_checks
from .data import BACKGROUND_ANSWERS, Study, combine, first_wave, is_respondent, percent
from .expertise import KINDS, classify, expertise_table, sort_expertise
from .export import Reference, all_tables, charts_for, write_tables
from .representativeness import VARIABLES, compare, observed_counts, practice_flag
from .response import (
    response_by_network,
    response_by_process,
    response_by_role,
    response_by_unit,
    roles_table,
)

__all__ = [
    "BACKGROUND_ANSWERS", "GROUPINGS", "ITEMS", "KINDS", "VARIABLES", "Finding", "GroupCounts", "Reference", "Study",
    "all_tables", "background_counts", "background_table", "charts_for", "classify", "combine",
    "compare", "consistency_checks", "expertise_table", "first_wave", "is_respondent", "observed_counts",
    "percent", "practice_flag", "response_by_network", "response_by_process",
    "response_by_role", "response_by_unit", "roles_table", "sort_expertise", "write_tables",
]
