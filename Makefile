# Two commands do all the set-up on a fresh machine (python3 and libmagic present):
#   make demo   collect, scan and report on the bundled sample image
#   make test   the whole test suite (what .ci/run runs)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT := out

.PHONY: demo test lint bench clean tools

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,serve]'
	touch $@

demo: $(BIN)/.installed
	rm -rf $(OUT)/sample.db $(OUT)/sample.db-*
	$(BIN)/python samples/build.py hacked-debian $(OUT)/sample-root
	$(BIN)/triage collect $(OUT)/sample-root -c $(OUT)/sample.db
	$(BIN)/triage runs $(OUT)/sample.db

test: $(BIN)/.installed tools
	$(BIN)/ruff check triage collectors tests samples bench
	$(BIN)/python -m pytest -q

bench: $(BIN)/.installed
	$(BIN)/python bench/inventory.py

clean:
	rm -rf $(VENV) $(OUT)

# The custody test edits a case with the sqlite3 command line, as a tamperer would.
tools:
	@command -v sqlite3 >/dev/null || (apt-get update -qq && apt-get install -y -qq sqlite3) \
	  || echo "sqlite3 could not be installed: the custody test that needs it will skip"
