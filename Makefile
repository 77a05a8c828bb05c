# Two commands do all the set-up on a fresh machine with python3 (3.11+) and make:
#   make run    set up, migrate, load the real records, serve on http://127.0.0.1:8000/
#   make test   set up, then run the whole test suite
#   make bench  benchmarks at 100,000 synthetic records (docs/benchmarks.md); make loadtest,
#               make bench-import
# With DATABASE_URL unset both use the embedded PostgreSQL in .pgdata/.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: run test setup migrate load lint check messages clean-db bench bench-import loadtest

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_records
	@echo
	@echo "Serving the registry on http://127.0.0.1:8000/ (admin at /admin/)."
	@echo "To create a curator account:  $(PY) manage.py create_account NAME --role curator"
	@echo "(roles: curator, reviewer, administrator; the password is asked for)"
	@echo
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

lint: setup
	$(BIN)/ruff check .

check: setup
	$(BIN)/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

# Benchmarks against Datasette and the raw floor on 100,000 synthetic records in a scratch
# database (BENCH_DATABASE_URL, default the local PostgreSQL's registry_bench); results go to
# docs/benchmarks.md and bench/results/. Never touches the registry's own database.
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

# The 10,000-row import (about ten minutes by itself), into a scratch database it drops after.
bench-import: setup
	$(PY) bench/import_file.py --write

loadtest: setup
	$(PY) bench/loadtest.py $(LOADTEST_ARGS)

messages: setup
	$(PY) manage.py makemessages -l ru --ignore=.venv --ignore=.pgdata
	$(PY) manage.py compilemessages --ignore=.venv
