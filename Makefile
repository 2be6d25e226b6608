# Two commands do everything (see README.md):
#   make serve   set up, then serve the site with live reload (each save rebuilds only what it
#                changed: see the playbook-preview plugin); findings are printed, and only errors
#                stop it: warnings (a review or a KPI gone stale) fail `make build`, as in CI
#   make test    set up, then run linters and the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST   ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint check setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

build: $(STAMP)
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload --dirty --dev-addr $(HOST)

check: $(STAMP)
	$(BIN)/playbook check

lint: $(STAMP)
	$(BIN)/ruff check plugins tests scripts
	$(BIN)/ruff format --check plugins tests scripts
	$(BIN)/mypy

test: lint
	bash scripts/ensure-browser.sh
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV) .pytest_cache .mypy_cache .ruff_cache
