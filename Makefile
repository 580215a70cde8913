# Sociaal Werk in Cijfers — `make book` builds the site, `make test` runs every test.
# Works on a fresh machine with Python 3.11: the virtualenv is created and filled on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
LAB_VENV := .venv-lab
LAB_STAMP := $(LAB_VENV)/.installed

.PHONY: book test test-fast serve preview clean bench lint validate install browser-deps browser help lab format changes

help:
	@echo "make book      - install (first time) and build the site into _build/html"
	@echo "make test      - build, then run every test (unit, data, nbval, browser)"
	@echo "make serve     - serve _build/html on http://127.0.0.1:8000/"
	@echo "make preview   - serve the site, rebuild what changed on save, reload the page in the browser"
	@echo "make bench     - build-time benchmark (cold, no-op, prose and code edits, naive baseline)"
	@echo "make lint      - pre-commit checks on all files"
	@echo "make format    - format the chapters' code cells (and src, tests) with ruff"
	@echo "make lab       - JupyterLab with the project's kernel, to open and edit a chapter"
	@echo "make validate  - every check on data, registry and sources, in seconds"
	@echo "make changes BASE=main - what a change does for readers (pages, figures, numbers)"
	@echo "make clean     - remove build output (keeps .venv)"

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

install: $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

browser-deps: $(NODE_STAMP)

# the browser tests need Chromium or Chrome: found, or installed (and said so), or one line on what to install
browser: $(STAMP)
	@PY=$(PY) tools/ensure-browser

# JupyterLab lives in its own virtualenv: its dependencies (jupyter-server and friends) would otherwise
# add a second to every kernel start and every `python -m swic`. The chapters run on the project's
# kernel, registered in the lab's environment under the name the chapters ask for (python3).
$(LAB_STAMP): requirements-lab.lock $(STAMP)
	test -x $(LAB_VENV)/bin/python || $(PYTHON) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/python -m pip install --quiet --upgrade "pip>=24"
	$(LAB_VENV)/bin/python -m pip install --quiet -r requirements-lab.lock
	$(PY) -m ipykernel install --prefix $(LAB_VENV) --name python3 --display-name "Python 3 (Sociaal Werk in Cijfers)" >/dev/null
	touch $@

book: $(STAMP) $(NODE_STAMP)
	@$(PY) -m swic build

validate: $(STAMP)
	@$(PY) -m swic validate

test: book $(NODE_STAMP) browser
	$(PY) -m pytest -n 2 --dist loadfile --nbval tests _build/executed

test-fast: $(STAMP)
	$(PY) -m pytest -m "not browser and not slow" tests

serve: book
	$(PY) -m http.server --bind 127.0.0.1 --directory _build/html 8000

# builds, serves and watches chapters/, data/, pages/ and src/: a saved edit is rebuilt and the page reloads
preview: $(STAMP) $(NODE_STAMP)
	@$(PY) -m swic preview

bench: $(STAMP) $(NODE_STAMP)
	$(PY) benchmarks/bench_build.py $(BENCH_ARGS)

lint: $(STAMP)
	$(VENV)/bin/pre-commit run --all-files

format: $(STAMP)
	$(PY) -m swic format-notebooks
	$(VENV)/bin/ruff format src tests benchmarks tools

lab: $(STAMP) $(LAB_STAMP)
	$(LAB_VENV)/bin/jupyter lab --notebook-dir=chapters $$([ "$$(id -u)" = 0 ] && echo --allow-root)

BASE ?= origin/main
changes: $(STAMP) $(NODE_STAMP)
	@$(PY) -m swic changes $(BASE)

clean:
	rm -rf _build
