# anju: everyday verbs. `make demo` and `make test` set up everything they need first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTEST_ARGS ?=
# The suite runs again on PostgreSQL when this server answers (trust auth on these machines).
ANJU_TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/anju
# Interface translations, compiled at setup from the .po files kept in git.
PO_FILES := $(wildcard src/anju/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: messages screenshots setup demo serve test test-sqlite test-postgres lint format typecheck check bench fuzz clean

setup: $(VENV)/.installed var/.system-packages node_modules/.installed $(MO_FILES)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstalled only when the declared dependencies or the lock change.
$(VENV)/.installed: pyproject.toml requirements.lock | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

%.mo: %.po var/.system-packages
	msgfmt --check -o $@ $<

# Front-end packages (ECharts), served by anju itself from node_modules/.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

var/.system-packages: scripts/install-system-packages
	bash scripts/install-system-packages
	mkdir -p var && touch $@

demo: setup
	$(BIN)/anju demo --with-worker

# A development server on the checkout's own data: a key of its own in var/ (ANJU_DEV),
# migrated and collected first. Production runs `anju deploy` then `anju serve` itself.
serve: setup
	ANJU_DEV=1 $(BIN)/anju deploy
	ANJU_DEV=1 $(BIN)/anju serve

test: setup test-sqlite test-postgres

test-sqlite:
	@echo "== tests on SQLite"
	env -u ANJU_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

# pytest exits 5 when it collects nothing: an empty selection fails here as it should.
test-postgres:
	@if $(PY) scripts/database-reachable "$(ANJU_TEST_DATABASE_URL)"; then \
	  echo "== tests on PostgreSQL"; \
	  ANJU_DATABASE_URL="$(ANJU_TEST_DATABASE_URL)" $(BIN)/pytest $(PYTEST_ARGS); \
	elif [ -n "$$ANJU_REQUIRE_POSTGRES" ]; then \
	  echo "PostgreSQL is required but not reachable at $(ANJU_TEST_DATABASE_URL)"; exit 1; \
	else \
	  echo "== PostgreSQL not reachable at $(ANJU_TEST_DATABASE_URL): skipped"; \
	fi

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: setup
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

typecheck: setup
	$(BIN)/mypy

check: lint typecheck test

# Regenerates the .po files from the source strings (existing translations are kept).
messages: setup
	cd src/anju && ../../$(BIN)/django-admin makemessages -l en --ignore 'migrations/*' --settings anju.settings

# The browser walk, saving its screenshots into docs/ for the README.
screenshots: setup
	ANJU_SCREENSHOTS=docs $(BIN)/pytest tests/e2e

# Generated hostile and careless inputs for every channel: thousands here, a sample in `make test`.
# The tally (inputs, refusals, server errors, partial writes) is printed and kept in var/.
FUZZ_EXAMPLES ?= 1500
fuzz: setup
	ANJU_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) ANJU_FUZZ_REPORT=var/fuzz-report.json \
	  env -u ANJU_DATABASE_URL $(BIN)/pytest -q -p no:randomly tests/fuzz

# Benchmarks are not tests: they print figures and ratios measured in the same run.
# B1, B2b and B4 use the PostgreSQL server of ANJU_TEST_DATABASE_URL (throw-away databases).
# B1–B4, B6 and B7, each printing its report; their figures in var/bench/results.json.
bench: setup
	ANJU_TEST_DATABASE_URL="$(ANJU_TEST_DATABASE_URL)" $(PY) -m bench.results
	$(PY) -m bench.batch

clean:
	rm -rf $(VENV) node_modules var/static .pytest_cache .mypy_cache .ruff_cache
