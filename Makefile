# The course's commands. Run `make help` for the list.
# Everything runs inside a local virtual environment (.venv) built from requirements.txt.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadfile

.PHONY: help setup lab test test-fast execute validate evidence mutate data-docs guide browser benchmark clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml jupyter/overrides.json
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v == (3, 11) else "The course needs Python 3.11; found %d.%d. Install 3.11 or run: make PYTHON=/path/to/python3.11" % v)'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@mkdir -p $(VENV)/share/jupyter/lab/settings && cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/
	@touch $(STAMP)

setup: $(STAMP)  ## create .venv and install the pinned set and the course package (skipped when up to date)

lab: setup  ## open the course in JupyterLab at lesson 00
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb $(LAB_ARGS)

test: setup  ## run the whole suite: package, data, README, notebooks (nbval)
	$(PYTEST) --nbval --nbval-current-env src tests notebooks

test-fast: setup  ## everything except re-running the notebooks
	$(PYTEST) src tests

execute: setup  ## re-run every lesson notebook top to bottom and store its outputs
	$(BIN)/python -m csto.execute notebooks/[0-9]*.ipynb

validate: setup  ## check the data package; one line per problem
	$(BIN)/csto-validate

evidence: setup  ## how many rows of each dataset are quoted, and the rows no quote parser reads
	$(BIN)/python tools/evidence.py

mutate: setup  ## plant known mistakes one at a time in a scratch copy and count those `make test` catches
	$(BIN)/python tools/mutate.py $(MUTATE_ARGS)

data-docs: setup  ## regenerate the data dictionary in data/README.md from the schema
	$(BIN)/python -m csto.dictionary --write

guide: setup  ## regenerate exercises/instructor-guide.md from the lessons and the ledger
	$(BIN)/python -m csto.guide --write

browser: setup  ## open every lesson in JupyterLab in headless Chromium, run it, move its widgets
	$(BIN)/python -m pip install --quiet --disable-pip-version-check playwright==1.65.2
	$(BIN)/python tests/browser/check_lab.py

benchmark: setup  ## time set-up-free runs of each notebook and the data checks
	$(BIN)/python tests/benchmark.py

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache src/*.egg-info build
