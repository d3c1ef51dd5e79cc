# The course's commands. Run `make help` for the list.
# Everything runs inside a local virtual environment (.venv) built from requirements.txt.

# Python: any version in pyproject.toml's requires-python (3.11-3.13); the first that runs, unless given.
ifndef PYTHON
PYTHON := $(shell for p in python3.11 python3.12 python3.13 python3; do \
	$$p src/csto/supported.py >/dev/null 2>&1 && command -v $$p && break; done)
endif
PYVER  := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(PYVER)
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadfile

.PHONY: help setup lab test test-fast execute validate data-docs guide links hub-link browser offline book book-check benchmark clean evidence mutate

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml jupyter/overrides.json postBuild
	@test -n "$(PYTHON)" || { echo "No Python 3.11, 3.12 or 3.13 found: install one, or run make PYTHON=/path/to/python3.X"; exit 1; }
	@$(PYTHON) src/csto/supported.py
	@if test -x $(BIN)/python && test "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$(PYVER)"; then \
		echo "$(VENV) was made with another Python; making it again with $(PYTHON) ($(PYVER))"; rm -rf $(VENV); fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	PATH="$(abspath $(BIN)):$$PATH" PIP_QUIET=1 PIP_DISABLE_PIP_VERSION_CHECK=1 bash postBuild
	@touch $(STAMP)

setup: $(STAMP)  ## create .venv and install the pinned set and the course package (skipped when up to date)

lab: setup  ## open the course in JupyterLab at lesson 00
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb $(LAB_ARGS)

test: setup  ## run the whole suite: package, data, README, notebooks (nbval)
	$(PYTEST) --nbval --nbval-current-env src tests notebooks
	@echo "Not included: the browser check (needs Chromium; Debian: apt-get install chromium). Run it with: make browser"

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

links: setup  ## rewrite the README's Binder badge from [tool.csto] in pyproject.toml
	$(BIN)/python -m csto.links --write

hub-link: setup  ## print a link that opens the course on a JupyterHub: make hub-link HUB=https://hub.example.edu
	@test -n "$(HUB)" || { echo "usage: make hub-link HUB=https://your.hub.address [LESSON=notebooks/01-origins.ipynb]"; exit 2; }
	@$(BIN)/python -m csto.links hub $(HUB) $(LESSON)

$(VENV)/.browser-$(PYVER): $(STAMP) requirements-browser.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-browser.txt
	@touch $@

browser: $(VENV)/.browser-$(PYVER)  ## open every lesson in JupyterLab in headless Chromium: run it, move its widgets, save an edit
	$(BIN)/python tests/browser/check_lab.py

$(VENV)/.book-$(PYVER): $(STAMP) requirements-book.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-book.txt
	@touch $@

book: $(VENV)/.book-$(PYVER)  ## build the course website (build/book/html) from the executed lessons, offline
	$(BIN)/python -m csto.book build/book

book-check: $(VENV)/.browser-$(PYVER)  ## open every page of the built website in headless Chromium (after make book)
	$(BIN)/python tests/browser/check_book.py build/book/html

offline: setup  ## run every lesson under nbval, and build the website, with the network cut (a new network namespace)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/offline/check_offline.py

benchmark: setup  ## time each lesson, each widget's update and the data checks, also as ratios to a bare kernel start
	$(BIN)/python -u -m csto.benchmark

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache src/*.egg-info build

.PHONY: assign grade

assign: setup  ## build the student editions (exercises/student/) and the autograder archives (build/autograder/)
	$(BIN)/python -m csto.assignments assign

grade: setup  ## grade the submissions in SUBMISSIONS=folder: grades.csv and feedback/ written there
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=path/to/folder"; exit 2; }
	$(BIN)/python -m csto.assignments grade "$(SUBMISSIONS)"
