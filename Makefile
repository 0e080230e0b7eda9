# Every target creates .venv and installs the locked dependencies when they are
# missing or requirements.lock changed, so a fresh clone needs only Python 3.11 and make.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONPATH := $(CURDIR)/hooks
# Reproducible builds: MkDocs stamps pages with the build time unless this is set.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

export NO_MKDOCS_2_WARNING := 1

FORMAT ?= text

.PHONY: serve build check test bench lock new linkcheck-external clean

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/python -m calico_kb check --format $(FORMAT)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

new: $(STAMP)
	$(BIN)/python -m calico_kb new $(KIND) $(SLUG)

linkcheck-external: $(STAMP)
	$(BIN)/python -m calico_kb linkcheck-external site

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check '.[test]'
	echo '# Exact versions installed by the Makefile. Regenerate with: make lock' > requirements.lock
	.lock-venv/bin/pip freeze --exclude-editable | grep -v '^calico-community-kb' >> requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site .pytest_cache
