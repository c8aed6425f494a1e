# Orderly — the two commands a new user needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export ORDERLY_VAR_DIR ?= $(CURDIR)/var

.PHONY: demo test install install-dev assets lint typecheck contracts pytest bench serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python assets  ## the platform's locked dependencies
	$(BIN)/pip install --quiet --require-hashes -r requirements/app.lock
	$(BIN)/pip install --quiet --no-deps -e .

install-dev: $(BIN)/python assets  ## the platform plus everything the tests need
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps -e .

assets: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

var/secret_key:
	mkdir -p var && umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# The demo runs on plain http://127.0.0.1, so the HTTPS-only protections are switched off for it.
DEMO_ENV := ORDERLY_SECRET_KEY_FILE=var/secret_key ORDERLY_HTTPS=false

demo: install var/secret_key  ## set up, load demo data and serve on http://127.0.0.1:8000
	$(DEMO_ENV) $(BIN)/orderly migrate --no-input
	$(DEMO_ENV) $(BIN)/orderly collectstatic --no-input -v 0
	$(DEMO_ENV) $(BIN)/orderly demo-data
	$(DEMO_ENV) $(BIN)/orderly serve

serve:  ## serve the demo again (after `make demo`), without reloading anything
	$(DEMO_ENV) $(BIN)/orderly serve

test: install-dev lint typecheck contracts pytest  ## everything CI checks

lint:
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck:
	ORDERLY_DEBUG=true $(BIN)/mypy config orderly

contracts:
	ORDERLY_DEBUG=true $(BIN)/lint-imports

# One pytest worker per core (pytest-xdist): each worker has its own test database, and the
# browser and killed-server tests start their own servers on free ports, so they run side by side.
pytest:
	ORDERLY_DEBUG=true $(BIN)/pytest -n auto

bench: install-dev  ## speed and memory figures, printed with the machine they ran on
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) node_modules var/static
