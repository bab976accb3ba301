# Partnerregister — the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/partnerregister
# Run privileged set-up steps (apt-get, pg_ctlcluster) directly as root, through sudo otherwise.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install install-dev assets chromium postgres messages lint format check-deploy run bench clean

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

## make demo: virtualenv, install, SQLite migrate, demo data, then the server on http://127.0.0.1:8000/
demo: install messages
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput -v 0
	DJANGO_DEBUG=1 $(PY) manage.py load_demo
	@echo ""
	@echo "  Partnerregister kører på http://$(HOST):$(PORT)/  (stop med Ctrl+C)"
	@echo "  Log ind som: sekretariat / sekretariat-demo   ledelse / ledelse-demo   admin / admin-demo"
	@echo ""
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; pg_isready -h 127.0.0.1 -p 5432

## make test: dev dependencies, Chromium and PostgreSQL if missing, then the whole suite on PostgreSQL
test: install-dev messages chromium postgres
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 .pytest_cache test-artifacts
