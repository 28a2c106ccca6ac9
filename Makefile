# Colophon's commands. `make run` and `make test` work on a fresh clone: they install
# everything they need into .venv (and system libraries with apt-get when run as root).
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV := .tools/bin/uv
PY := .venv/bin/python
export UV_PROJECT_ENVIRONMENT := .venv
# Debian packages the project needs: gettext compiles the translations; WeasyPrint (reader
# PDFs) needs Pango and HarfBuzz's subsetter (without libharfbuzz-subset0 fonts are subset
# by a slower fallback and every render takes about 45% longer); the browser tests drive
# Debian's chromium through Playwright (Playwright's own browser download is not used).
APT_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium
HOST ?= 127.0.0.1
PORT ?= 8000

# npm packages for the browser checks, pinned, installed into .tools/node (never shipped):
# axe-core runs in `make test`; the HTML checker and Lighthouse only in `make audit`.
AXE_CORE := axe-core@4.14.1
AUDIT_NPM := vnu-jar@26.9.27 lighthouse@12.2.3

.PHONY: help install system-deps run test test-fast lint format demo messages clean bench bench-pdf bench-search bench-accounts bench-wordpress browser-tools audit

help:
	@echo "make run    install, migrate, load the demo content and accounts, serve http://$(HOST):$(PORT)/"
	@echo "make serve  production server (gunicorn) on $(HOST):$(PORT), after collectstatic and migrate"
	@echo "make test   install and run every test"
	@echo "make test-fast  the tests that need no browser, no other process and no PostgreSQL"
	@echo "make lint   ruff, import contracts (.importlinter), mypy"
	@echo "make audit  HTML validator on every page type, Lighthouse on home and article pages"
	@echo "make audit-deps  known vulnerabilities in the locked dependencies (pip-audit + PyPI)"
	@echo "make backup / make restore BACKUP=<folder>  database and media (docs/operations.md)"
	@echo "make worker  a background task worker (TASKS_BACKEND=database; docs/deploy.md)"
	@echo "make bench  load benchmark: production server with wrk at 10,000 pieces on PostgreSQL"
	@echo "make bench-pdf  PDF render, download and memory ratios (SQLite)"
	@echo "make bench-search  search p50/p95 at 10,000 pieces on PostgreSQL"
	@echo "make bench-accounts  sign-up and reset time for known, pending and unknown addresses"
	@echo "make bench-wordpress  WordPress import of 1,000 to 50,000 posts: time and peak memory (SQLite)"

$(UV):
	python3 -m pip install --quiet --disable-pip-version-check --target .tools uv

system-deps:
	@missing=""; \
	for pkg in $(APT_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Please install these system packages:$$missing (see README)"; exit 1; \
		fi; \
	fi

install: system-deps $(UV)
	$(UV) sync --frozen --quiet
	DEBUG=1 $(PY) manage.py compilemessages --ignore='.venv/*' --ignore='.tools/*' -v0

run: install
	DEBUG=1 $(PY) manage.py migrate --no-input -v0
	DEBUG=1 $(PY) manage.py import_articles demo/demo.json
	DEBUG=1 $(PY) manage.py demo_accounts --base-url http://$(HOST):$(PORT)
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The production server: static files collected (hashed, compressed), migrations applied,
# then gunicorn (gunicorn.conf.py: WEB_CONCURRENCY, timeouts, access log to stdout).
# Settings come from the environment (README, "Production"); in a container set HOST=0.0.0.0.
# With several app servers, migrate once per release instead (MIGRATE=0 here): two
# processes applying one migration at the same time is not safe.
.PHONY: serve
MIGRATE ?= 1
serve: install
	$(PY) manage.py collectstatic --no-input -v0
	@if [ "$(MIGRATE)" = 1 ]; then $(PY) manage.py migrate --no-input -v0; fi
	HOST=$(HOST) PORT=$(PORT) .venv/bin/gunicorn --config gunicorn.conf.py colophon.wsgi

# A task worker for TASKS_BACKEND=database (PDF renders ahead of readers). Run one or more
# on any machines that reach the database: each claims a task with SELECT … FOR UPDATE
# SKIP LOCKED, so no task runs twice at once (docs/deploy.md). Configured like the app.
.PHONY: worker
WORKER_QUEUES ?= default
WORKER_INTERVAL ?= 1
worker:
	$(PY) manage.py db_worker --queue-name $(WORKER_QUEUES) --interval $(WORKER_INTERVAL) --no-reload

browser-tools:
	@test -f .tools/node/node_modules/axe-core/axe.min.js || npm install --silent --no-audit --no-fund --prefix .tools/node $(AXE_CORE)

test: install browser-tools
	SECRET_KEY=insecure-test-key .venv/bin/pytest -n 2 -p no:cacheprovider $(PYTEST_ARGS)

# A quick check while working: the tests that need no browser, no other process (a PDF
# render is one: it forks) and no PostgreSQL, as tests/kinds.py marks them; on SQLite
# whatever DATABASE_URL says. `make test` runs them all, and is what CI runs.
FAST_TESTS := not browser and not subprocess and not postgres
test-fast: install
	env -u DATABASE_URL SECRET_KEY=insecure-test-key .venv/bin/pytest -n 2 -p no:cacheprovider -m "$(FAST_TESTS)" $(PYTEST_ARGS)

# Benchmarks print ratios measured in one run (docs/performance.md); they are scripts, not
# tests, so `make test` never runs them.
# The load benchmark (tests/bench/bench_load.py): builds the PostgreSQL database
# colophon_bench once (10,000 pieces; kept between runs), then drives gunicorn with wrk on
# 127.0.0.1:8401-8402. wrk is a benchmark-only tool, installed here rather than in
# APT_PACKAGES.
bench: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || { echo "Please install wrk"; exit 1; }
	SECRET_KEY=bench-key .venv/bin/python tests/bench/bench_load.py

bench-pdf: install
	SECRET_KEY=bench-key .venv/bin/python tests/bench/bench_pdf.py

# Search at 10,000 pieces on PostgreSQL (DATABASE_URL, by default the local server CI uses).
bench-search: install
	SECRET_KEY=bench-key .venv/bin/python tests/bench/bench_search.py

bench-accounts: install
	SECRET_KEY=bench-key .venv/bin/python tests/bench/bench_accounts.py

# The WordPress import of generated exports (kept in .bench/wordpress/) on a fresh SQLite
# database each; BENCH_SIZES=1000,10000 for fewer sizes, BENCH_DATABASE_URL=postgres://…
# for PostgreSQL. The 50,000-post run takes most of an hour.
bench-wordpress: install
	SECRET_KEY=bench-key .venv/bin/python tests/bench/wordpress_import.py

# The reading site checked by outside tools: the Nu HTML Checker on every page type
# in both languages, and Lighthouse on the home and article pages; the scores go into
# docs/performance.md.
audit: install browser-tools
	@test -f .tools/node/node_modules/vnu-jar/build/dist/vnu.jar -a -x .tools/node/node_modules/.bin/lighthouse || npm install --silent --no-audit --no-fund --prefix .tools/node $(AXE_CORE) $(AUDIT_NPM)
	SECRET_KEY=audit-key CHROME_PATH=/usr/bin/chromium .venv/bin/python tests/audit/audit.py

# Known vulnerabilities in the locked dependencies: pip-audit, with PyPI's project JSON
# where pip-audit gets no answer (scripts/audit_dependencies.py explains). Fails on any.
.PHONY: audit-deps backup restore
audit-deps: install
	$(PY) scripts/audit_dependencies.py

# Database (pg_dump, or SQLite's backup API) and MEDIA_ROOT into BACKUP_DIR (default
# ./backups); restore into an empty database and media folder (docs/operations.md).
backup:
	$(PY) scripts/backup.py

restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/colophon-<time>"; exit 1; }
	$(PY) scripts/restore.py "$(BACKUP)"

# mypy loads the settings (mypy's Django plugin), which need a SECRET_KEY.
lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-cache
	SECRET_KEY=lint-key .venv/bin/mypy

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

messages: install
	DEBUG=1 $(PY) manage.py makemessages -l es --no-obsolete --ignore='.venv/*' --ignore='.tools/*' --ignore='tests/*' --ignore='*/locale'
	DEBUG=1 $(PY) manage.py makemessages -d djangojs -l es --no-obsolete --ignore='.venv/*' --ignore='.tools/*' --ignore='tests/*' --ignore='*/locale' --ignore='staticfiles/*'

clean:
	rm -rf .venv .tools staticfiles .pytest_cache .ruff_cache .mypy_cache
