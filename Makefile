# Two commands for a new user: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test install lint typecheck migrations check audit lock clean

# Debian's python3 has no ensurepip unless python3-venv is installed: fall back to a venv
# without pip and fetch pip from PyPI (tools/bootstrap_pip.py).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) 2>/dev/null || { rm -rf $(VENV); \
	  $(PYTHON) -m venv --without-pip $(VENV) && $(PYTHON) tools/bootstrap_pip.py $(VENV); }

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP) requirements.lock
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(TEST_STAMP)

install: $(TEST_STAMP)

demo: $(STAMP)
	$(BIN)/olievlek demo

# One pytest worker per core (pytest-xdist); `make test TEST_WORKERS=0` runs in one process.
# `--dist load` hands each worker tests in collection order, so pytest-django's order holds on
# every worker (database tests before transactional ones, whose flush empties the tables that
# migrations fill, e.g. the study codebook); `loadfile` would mix them.
TEST_WORKERS ?= auto
test: $(TEST_STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

# Quality gates, run by .ci/run before the tests.
lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests bench tools

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

migrations: $(TEST_STAMP)
	mkdir -p var && PYTHONPATH=. DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python -m django makemigrations --check --dry-run

check: lint typecheck migrations

# Known vulnerabilities in the locked versions (needs an advisory source; tools/audit.sh says
# when none answers).
audit: $(TEST_STAMP)
	sh tools/audit.sh $(BIN) requirements.lock

# The versions CI and Docker install: regenerate after changing dependencies in pyproject.toml.
lock: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra redis --python-version 3.11 --quiet -o requirements.lock

clean:
	rm -rf $(VENV) var build *.egg-info src/*.egg-info
