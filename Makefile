# samverk — two commands: `make run` (demo on SQLite) and `make test` (every check).
# Needs only Python 3.11+, Node/npm and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
VENDOR := src/samverk/static/vendor/htmx.min.js
JSQR   := src/samverk/static/vendor/jsQR.js
export SAMVERK_HOME := $(CURDIR)

.PHONY: run test setup lint layers typecheck migrations-check pytest pytest-sqlite pytest-postgres bench bench-national bench-shortage messages clean

setup: $(STAMP) $(NODE_STAMP) $(VENDOR) $(JSQR)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(VENDOR): $(NODE_STAMP)
	mkdir -p $(dir $(VENDOR))
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)

# jsQR decodes the check-in QR code from the camera in the browser (events check-in page).
$(JSQR): $(NODE_STAMP)
	mkdir -p $(dir $(JSQR))
	cp node_modules/jsqr/dist/jsQR.js $(JSQR)

# The worker (queued mail, daily reminders) runs beside the web server and stops with it.
# `make run PORT=8080` serves on another port. SAMVERK_DEMO=1: DEBUG stays on for the demo
# (static files, mail printed to the console) but the error pages are the ones users see.
PORT ?= 8000
DEMO_ENV := DEBUG=1 SAMVERK_DEMO=1
run: setup
	$(DEMO_ENV) $(BIN)/samverk migrate --verbosity 0
	$(DEMO_ENV) $(BIN)/samverk demo --if-empty
	@echo ""
	@echo "samverk runs at http://127.0.0.1:$(PORT), its worker beside it  (Ctrl-C stops both)"
	@$(DEMO_ENV) $(BIN)/samverk worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/samverk serve --bind 127.0.0.1:$(PORT)

lint: setup
	$(BIN)/ruff check src tests conftest.py
	$(BIN)/ruff format --check src tests conftest.py

layers: setup
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

migrations-check: setup
	env -u DATABASE_URL DEBUG=1 $(BIN)/samverk makemigrations --check --dry-run

# The browser tests (tests/e2e) run once: on PostgreSQL when that run is requested (CI), else
# on SQLite. The UI does not depend on the database; running them twice cost CI ~8 minutes.
# The tests that load the whole demo (marker `demo`, ~30 s a load) run once too: on SQLite,
# the database `make run` loads the demo into.
pytest-sqlite: setup
	@case "$$DATABASE_URL" in \
	  postgres*) echo "pytest on SQLite (browser tests in the PostgreSQL run)"; \
	     env -u DATABASE_URL $(BIN)/pytest --ignore=tests/e2e ;; \
	  *) env -u DATABASE_URL $(BIN)/pytest ;; \
	esac

pytest-postgres: setup
	@case "$$DATABASE_URL" in \
	  postgres*) echo "pytest on PostgreSQL ($$DATABASE_URL; the whole-demo tests ran on SQLite)"; \
	     $(BIN)/pytest -m "not demo" ;; \
	  *) if [ "$$SAMVERK_CI" = "1" ]; then echo "SAMVERK_CI=1 needs DATABASE_URL=postgres://..."; exit 1; fi; \
	     echo "DATABASE_URL is not a PostgreSQL URL: PostgreSQL run not requested";; \
	esac

test: lint layers typecheck migrations-check pytest-sqlite pytest-postgres

# `make bench`: pages at 10, 500 and 5,000 organisations (SQLite, one client).
# `make bench SCALE=national` or `make bench-national`: 508 networks, 30,000 organisations and
# 50,000 meetings on PostgreSQL (BENCH_DATABASE_URL; that database is dropped and created),
# served by gunicorn to 10 concurrent clients; the table goes to var/bench-national.md.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--keep" or "--reuse --baseline ../main/src".
SCALE ?=
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/samverk_bench_national
BENCH_ARGS ?=

bench: setup
ifeq ($(SCALE),national)
	$(BIN)/python -m tests.bench_national --database-url $(BENCH_DATABASE_URL) $(BENCH_ARGS)
else
	$(BIN)/python -m tests.bench $(BENCH_ARGS)
endif

# The shortage panel: samverk's Ibis code against hand-written DuckDB SQL (ROWS job ads).
ROWS ?= 10000000
bench-shortage: setup
	DEBUG=1 $(BIN)/python -m tests.bench_shortage --rows $(ROWS)

bench-national: setup
	$(BIN)/python -m tests.bench_national --database-url $(BENCH_DATABASE_URL) $(BENCH_ARGS)

messages: setup
	cd src/samverk && DEBUG=1 ../../$(BIN)/samverk makemessages --all --no-obsolete --no-location --ignore "*/tests/*"
	$(BIN)/python -c "import polib; c = polib.pofile('src/samverk/locale/en/LC_MESSAGES/django.po'); \
	[(e.flags.remove('fuzzy') if 'fuzzy' in e.flags else None, setattr(e, 'previous_msgid', None), setattr(e, 'previous_msgid_plural', None), setattr(e, 'previous_msgctxt', None), \
	  setattr(e, 'msgstr', e.msgid) if not e.msgid_plural else e.msgstr_plural.update({0: e.msgid, 1: e.msgid_plural})) \
	 for e in c if not e.translated() or 'fuzzy' in e.flags]; c.save()"
	cd src/samverk && DEBUG=1 ../../$(BIN)/samverk compilemessages

clean:
	rm -rf $(VENV) node_modules var $(dir $(VENDOR))
