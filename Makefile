# Two commands a new machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo demo-only serve test test-postgres lint format browser lock clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## Build the demo programme, assess it, write the report, then serve the control tower.
demo: $(STAMP)
	$(BIN)/caregate demo
	$(BIN)/caregate serve

## The demo without the server (for scripts).
demo-only: $(STAMP)
	$(BIN)/caregate demo

serve: $(STAMP)
	$(BIN)/caregate serve

## The whole test suite (SQLite; set DATABASE_URL for PostgreSQL).
test: $(STAMP) browser
	$(BIN)/ruff check caregate tests benchmarks
	$(BIN)/ruff format --check caregate tests benchmarks
	$(BIN)/python -m pytest

test-postgres: $(STAMP)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/caregate $(BIN)/python -m pytest

## Debian's Chromium for the browser tests; installed when missing and we may.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "chromium is missing: browser tests will be skipped"; }

format: $(STAMP)
	$(BIN)/ruff format caregate tests benchmarks
	$(BIN)/ruff check --fix caregate tests benchmarks

## Re-pin dependencies after editing pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra dev -p 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf var .pytest_cache
