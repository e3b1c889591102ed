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
	$(BIN)/triage investigate $(OUT)/sample-root -c $(OUT)/sample.db
	$(BIN)/triage report $(OUT)/sample.db --format html -o $(OUT)/report.html
	$(BIN)/triage report $(OUT)/sample.db --format json -o $(OUT)/report.json

# Debian tools some tests drive: mactime reads our bodyfile, chromium opens the
# HTML report, sqlite3 edits a case as a tamperer would, rpm/rpmbuild build and
# verify real RPM databases, db5.3_load writes a real Berkeley DB Packages file.
# Installed when missing and possible (root with apt-get), else those tests skip
# and say why.
TOOLS := mactime:sleuthkit chromium:chromium sqlite3:sqlite3 rpmbuild:rpm db5.3_load:db5.3-util
tools:
	@missing=""; for t in $(TOOLS); do command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t##*:}"; done; \
	if [ -n "$$missing" ]; then \
		{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get update -qq && \
		  apt-get install -y -qq --no-install-recommends $$missing >/dev/null; } || \
		echo "could not install$$missing: the tests that need them will skip"; \
	fi

test: $(BIN)/.installed tools
	$(BIN)/ruff check triage collectors tests samples bench
	$(BIN)/python -m pytest -q

bench: $(BIN)/.installed
	$(BIN)/python bench/inventory.py
	$(BIN)/python bench/report.py

clean:
	rm -rf $(VENV) $(OUT)
