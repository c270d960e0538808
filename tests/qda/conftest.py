"""The study's codebook is loaded by a migration; a transactional test elsewhere in the suite
empties every table when it ends, so the tests here load it again where it is missing."""

import pytest


@pytest.fixture(autouse=True)
def study_codebook_loaded(request):
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("db")
    from olievlek.coding.codebook import study_codebook
    from olievlek.qda.actions import load_codebook

    load_codebook(study_codebook())
