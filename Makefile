# Partnerregister — the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Run privileged set-up steps (apt-get) directly as root, through sudo otherwise.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The database: DATABASE_URL (TEST_DATABASE_URL for the tests) if set, otherwise the embedded PostgreSQL server whose
# data lives in .pgdata/ (started on demand, stopped with the last process using it). See crm/settings/database.py.

.PHONY: demo demo-check test install install-dev assets chromium messages lint format reset-db clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

# Front-end packages (Bootstrap, icons) from the npm registry, served by whitenoise; nothing from a CDN.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.runtime node_modules/.installed
install-dev: $(VENV)/.dev node_modules/.installed
assets: node_modules/.installed

# Danish translations: compiled .mo files are committed; recompile when gettext is present.
messages: $(VENV)/.runtime
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0; fi

## make demo: virtualenv, install, migrate the embedded PostgreSQL (or DATABASE_URL), demo data, then the server
demo: install messages demo-data
	@echo ""
	@echo "  Partnerregister kører på http://$(HOST):$(PORT)/  (stop med Ctrl+C)"
	@echo "  Log ind som: sekretariat / sekretariat-demo   ledelse / ledelse-demo   admin / admin-demo"
	@echo ""
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

demo-data: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput -v 0
	DJANGO_DEBUG=1 $(PY) manage.py load_demo

## make demo-check: the demo database exactly as `make demo` prepares it, then every page as every role (no 5xx)
demo-check: install-dev messages demo-data
	DJANGO_DEBUG=1 $(VENV)/bin/pytest tests/demo --ds=crm.settings.base -o addopts="-ra --strict-markers"

## make reset-db: stop the embedded server and delete its data (the next `make demo` starts afresh)
reset-db: install
	$(PY) -m crm.embedded_db reset

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

## make test: dev dependencies, Chromium if missing, then the whole suite (TEST_DATABASE_URL, else the embedded server)
test: install-dev messages chromium
	$(VENV)/bin/pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	@if [ -x $(PY) ]; then $(PY) -m crm.embedded_db stop; fi
	rm -rf $(VENV) node_modules staticfiles .pgdata .pytest_cache test-artifacts
