"""Loading networks from the database gives the same study as their exported packages."""

from __future__ import annotations

import pandas as pd

from olievlek.networks.actions import export_package
from olievlek.participants.actions import study_for
from olievlek.tables import all_tables, combine


def test_study_from_database_equals_study_from_exported_packages(network, other_network):
    networks = [network, other_network]
    for wave in ("2024", "2025"):
        direct = study_for(networks, wave)
        exported = combine([export_package(n) for n in networks], wave)
        for name in ("people", "units", "networks"):
            pd.testing.assert_frame_equal(
                getattr(direct, name).reset_index(drop=True), getattr(exported, name).reset_index(drop=True),
                check_dtype=False)
        key = ["network", "person", "unit", "role"]
        pd.testing.assert_frame_equal(
            direct.memberships.sort_values(key).reset_index(drop=True),
            exported.memberships.sort_values(key).reset_index(drop=True), check_dtype=False)
        a, b = all_tables(direct), all_tables(exported)
        assert a.keys() == b.keys()
        for stem in a:
            pd.testing.assert_frame_equal(a[stem], b[stem], check_dtype=False, obj=stem)
    assert study_for(networks).wave == "2024"
