# The README's two commands: `make demo` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SQL_PATHS := models macros tests/dbt

export GX_ANALYTICS_ENABLED := false
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: demo test lint unit bench install clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Generate the bundled sample world, land it, build the warehouse, run the data-quality gate.
demo: $(STAMP)
	$(BIN)/revops demo

## Lint Python and SQL, then the whole pytest suite (which runs dbt build on fixture worlds).
test: lint unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint $(SQL_PATHS)

# pytest exits 5 when it collected nothing: that is a broken suite, not a pass. DuckDB's Python module prints
# harmless "nanobind: leaked ..." lines at interpreter exit, after pytest's summary: the summary is repeated
# as the last line so it stays the closing line of the run.
PYTEST_LOG := .pytest_cache/last-run.log
unit: $(STAMP)
	@mkdir -p .pytest_cache; set -o pipefail; $(BIN)/pytest 2>&1 | tee $(PYTEST_LOG); rc=$$?; \
	echo; grep -E '[0-9]+ (passed|failed|errors?|deselected).* in [0-9.]+s' $(PYTEST_LOG) | tail -n 1; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: the suite is broken" >&2; exit 1; fi; \
	exit $$rc

## Benchmarks (not part of make test); results land in benchmarks/results/.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf target logs data warehouse reports benchmarks/work
