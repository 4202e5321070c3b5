# The two commands of the README. Both set everything up on a machine with only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY      = $(VENV)/bin/python
DB     ?= $(or $(COORDPANEL_DB),data/coordpanel.duckdb)
PORT   ?= 8501

.PHONY: run test lint bench db clean mutation

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when a requirements file changes.
$(VENV)/.runtime: requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

# Create the database with the demo compound once; an existing file, or a PostgreSQL database already set up
# (COORDPANEL_DB=postgresql://…), is never touched here.
db: $(VENV)/.runtime
	@case "$(DB)" in \
	  postgresql://*|postgres://*) \
	    if $(PY) -m coordpanel --db "$(DB)" info >/dev/null 2>&1; then echo "Using the existing PostgreSQL database."; \
	    else $(PY) -m coordpanel --db "$(DB)" init --demo; fi ;; \
	  *) if [ -e "$(DB)" ]; then echo "Using the existing database $(DB)."; \
	     else $(PY) -m coordpanel --db "$(DB)" init --demo; fi ;; \
	esac

run: db
	@echo "coordpanel: open http://127.0.0.1:$(PORT) (Ctrl+C to stop)"
	@echo "Sign in as leader, planner or admin with the password printed when the database was created"
	@echo "(or \$$COORDPANEL_DEMO_PASSWORD if it was set then). Lost it? $(PY) -m coordpanel set-password admin"
	COORDPANEL_DB="$(DB)" $(VENV)/bin/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .

test: $(VENV)/.dev lint
	$(PY) -m pytest

$(VENV)/.mutation: requirements-mutation.txt $(VENV)/.dev
	$(PY) -m pip install --quiet -r requirements-mutation.txt
	@touch $@

# Mutation score of auth, the roster rules and the people import (slow; not part of make test).
mutation: $(VENV)/.mutation
	$(PY) tools/mutation.py --survivors

bench: $(VENV)/.dev
	$(PY) bench/pages.py
	$(PY) bench/scheduler.py
	@if [ -n "$$COORDPANEL_BENCH_PG$$COORDPANEL_TEST_PG" ]; then $(PY) bench/backends.py; \
	else echo "bench/backends.py skipped: it needs a PostgreSQL server in COORDPANEL_TEST_PG (tools/pgcluster.sh start prints one)"; fi

clean:
	rm -rf $(VENV) .pytest_cache
