# NEXT Tracker. `make run` serves the app; `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: install run test test-fast test-postgres bench lint clean i18n-extract i18n-update i18n-compile

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Message catalogues: messages.po is committed, messages.mo is built here (not committed).
CATALOGUE := tracker/translations
MO        := $(CATALOGUE)/ja/LC_MESSAGES/messages.mo

$(MO): $(CATALOGUE)/ja/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel --quiet compile -d $(CATALOGUE) -D messages

install: $(STAMP) $(MO)

i18n-compile: $(STAMP)
	$(BIN)/pybabel --quiet compile -d $(CATALOGUE) -D messages

# Collect the strings marked in the code and templates into messages.pot ...
i18n-extract: $(STAMP)
	$(BIN)/pybabel --quiet extract -F babel.cfg --ignore-dirs=".* instance tests bench migrations" -k _l -k N_ -k lazy_gettext --no-location --sort-output \
		-o $(CATALOGUE)/messages.pot .

# ... and merge them into the Japanese catalogue (then translate the new entries).
i18n-update: i18n-extract
	$(BIN)/pybabel --quiet update -i $(CATALOGUE)/messages.pot -d $(CATALOGUE) -D messages --no-fuzzy-matching

run: install
	$(FLASK) db upgrade
	$(FLASK) demo seed --first-start
	@echo "NEXT Tracker: http://$(HOST):$(PORT)/"
	$(FLASK) run --host $(HOST) --port $(PORT)

# Tests run on one pytest-xdist worker per CPU (TEST_WORKERS=1 for one process; on
# PostgreSQL each worker has a database of its own: tests/support/worker_database.py).
TEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

test: install
	$(PYTEST) $(PYTEST_ARGS)

# The inner loop: everything but the slow and the browser tests.
test-fast: install
	$(PYTEST) -m "not slow and not browser" $(PYTEST_ARGS)

# The same suite against PostgreSQL (a throwaway database on 127.0.0.1:5432).
test-postgres: install
	bash .ci/with-postgres $(PYTEST) $(PYTEST_ARGS)

bench: install
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) instance .pytest_cache
