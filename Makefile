# Two commands do all the set-up on a fresh machine:
#   make run   — the dashboard on the embedded SQLite database with demo data
#   make test  — the whole test suite (PostgreSQL too when TEST_DATABASE_URL is set)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Test processes (pytest-xdist). Each takes whole test files (--dist loadfile), so a module's seeded database and
# server are made once, in one process; the processes share the seeded masters (tests/seeded.py).
TEST_WORKERS ?= 2

.PHONY: run test seed clean

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

run: $(VENV)/.installed
	$(PY) -m seed --if-empty
	$(PY) -m dashboard.serve --server.port $(PORT) --server.headless true

test: $(VENV)/.installed
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile

clean:
	rm -rf $(VENV) data
