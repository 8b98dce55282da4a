# shiftapp: `make run` serves the app, `make test` proves it. Both install what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV        := .venv
PY          := $(VENV)/bin/python
TOOLS       := .tools
BUN_VERSION := 1.4.4
BUN         := $(abspath $(TOOLS))/bun/node_modules/@oven/bun-linux-x64/bin/bun
PORT        ?= 3000
export SHIFTAPP_ALLOWED_ORIGINS ?= http://localhost:$(PORT),http://127.0.0.1:$(PORT)

# Keep Reflex and bun inside the project; no downloads from anywhere but the package registries.
export REFLEX_BUN_PATH := $(BUN)
export BUN_INSTALL_CACHE_DIR := $(abspath $(TOOLS))/bun-cache
export BUN_RUNTIME_TRANSPILER_CACHE_PATH := $(abspath $(TOOLS))/bun-transpiler-cache
export REFLEX_DIR := $(abspath $(TOOLS))/reflex
export NPM_CONFIG_REGISTRY ?= https://registry.npmjs.org/
export REFLEX_TELEMETRY_ENABLED := false
export PYTHONUNBUFFERED := 1

.PHONY: run worker test lint setup lock db chromium unit integration e2e test-deployment bench clean

# Every package at the version and hash requirements.lock names (from the package registry), then the
# project itself, editable and without dependencies, so nothing outside the lock is resolved.
$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

# Rewrite requirements.lock after a change to pyproject.toml's dependencies: pins already in the lock
# are kept where they still fit; `make lock UPGRADE=--upgrade` moves everything to the newest release.
UV := $(TOOLS)/uv/bin/uv
$(UV):
	python3 -m venv $(TOOLS)/uv
	$(TOOLS)/uv/bin/pip install --quiet uv

lock: $(UV)
	$(UV) pip compile pyproject.toml --extra test --python-version 3.11 --universal --generate-hashes \
	  --custom-compile-command "make lock" $(UPGRADE) -o requirements.lock

$(BUN):
	npm install --no-save --no-audit --no-fund --prefix $(TOOLS)/bun @oven/bun-linux-x64@$(BUN_VERSION)
	@test -x $(BUN)

setup: $(VENV)/.installed $(BUN)

db: setup
	$(PY) -m alembic upgrade head
	$(PY) -m shiftapp.seed

run: db
	@echo ""
	@echo "  shiftapp is starting at http://localhost:$(PORT)  (API docs: http://localhost:$(PORT)/docs)"
	@echo "  Demo sign-ins on the default SQLite database (password shiftapp-demo): admin@example.com, leader@example.com, staff@example.com"
	@echo ""
	@# One job worker beside the web process (the solvers run there, not in the web process); it stops with it.
	@$(PY) -m shiftapp.worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/reflex run --env prod --single-port --frontend-port $(PORT)

# A job worker on its own (more of them run more jobs at once; see the README's deployment section).
worker: setup
	$(PY) -m shiftapp.worker

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's Chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

unit: setup
	$(PY) -m pytest -q tests/unit

integration: setup
	$(PY) -m pytest -q tests/integration

e2e: setup chromium
	$(PY) -m pytest -q tests/e2e

# Everything Python that ruff lints and formats.
PYTHON_SOURCES := shiftapp tests alembic rxconfig.py

# Lint, format check and type check (strict on the pure packages; see [tool.mypy]).
lint: setup
	$(VENV)/bin/ruff check $(PYTHON_SOURCES)
	$(VENV)/bin/ruff format --check $(PYTHON_SOURCES)
	$(VENV)/bin/mypy

# Lint first, then unit + integration in one run, then the browser tests in their own run
# (Playwright's sync API and asyncio tests do not share a process well).
test: setup lint chromium
	$(PY) -m pytest -q tests/unit tests/integration
	$(PY) -m pytest -q tests/e2e

# The browser tests against the app as production runs it: PostgreSQL (127.0.0.1:5432, a new database),
# Reflex page state and the job queue in Redis (127.0.0.1:6379), two web workers.
test-deployment: setup chromium
	E2E_DEPLOYMENT=postgres-redis $(PY) -m pytest -q tests/e2e

bench: setup
	$(PY) -m tests.bench.rules
	$(PY) -m tests.bench.binpacking
	$(PY) -m tests.bench.curtois --instances 1-7

clean:
	rm -rf .web .states $(TOOLS) $(VENV) shiftapp.db*
