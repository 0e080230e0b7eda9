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
# Python keeps what it compiled (__pycache__/, git-ignored), even where the environment
# asks it not to: every process of a build, the preview and the suite then starts
# without compiling hooks/ and tests/ again (pytest's collection takes half the time).
unexport PYTHONDONTWRITEBYTECODE

FORMAT ?= text

.PHONY: serve build check check-site test lint format browser-deps bench lock new linkcheck-external editor-settings generate clean clean-cache import-release-notes copied-wording

# requirements-properdocs.lock adds ProperDocs, the second engine the tests build with.
$(STAMP): requirements.lock requirements-properdocs.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock -r requirements-properdocs.lock
	touch $@

# The preview at http://127.0.0.1:8000/ (mkdocs.preview.yml: mkdocs.yml with a local
# site_url). Problems show in every page instead of stopping the preview.
serve: $(STAMP)
	$(BIN)/mkdocs serve -f mkdocs.preview.yml --livereload --dirty --dev-addr 127.0.0.1:8000

# All or nothing: built in site.staging/, moved into site/ only when the build passed.
build: $(STAMP)
	PYTHON=$(BIN)/python scripts/build-site

check: $(STAMP)
	$(BIN)/python -m calico_kb check --format $(FORMAT)

# In CI (CI=true) `make test` first installs what the browser tests need, and they
# must pass; elsewhere they are skipped, with a hint, until `make browser-deps` ran.
test: $(STAMP) $(if $(filter true,$(CI)),browser-deps) lint
	$(BIN)/python -m pytest -n auto --dist worksteal

# Ruff (pinned in requirements.lock): lint, with the complexity limit, and format.
LINTED := hooks tests benchmarks
lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

# Rewrites the code in place: the formatter's layout and the linter's safe fixes.
format: $(STAMP)
	$(BIN)/ruff format $(LINTED)
	$(BIN)/ruff check --fix $(LINTED)

# Debian's Chromium (apt-get, as root, only when missing) and axe-core (npm ci) for
# tests/test_browser.py; does nothing when both are there.
browser-deps:
	scripts/install-browser-deps

# Options, e.g. make bench BENCH_ARGS="--sizes 100,1000 --runs 3" (see benchmarks/run.py --help).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

new: $(STAMP)
	$(BIN)/python -m calico_kb new $(KIND) $(SLUG)

# .vscode/settings.json maps each collection's data files to its schema: rewrite it
# from schemas/ after adding a collection (a test says when it is out of date).
editor-settings: $(STAMP)
	$(BIN)/python -m calico_kb editor-settings

# The site's sources as plain files for engines that cannot run hooks:
# build-docs/docs/ and build-docs/mkdocs.yml (mkdocs build -f build-docs/mkdocs.yml).
generate: $(STAMP)
	$(BIN)/python -m calico_kb generate --out build-docs

# The build checks the built site itself (links, anchors, reachability, one page per
# source, scripts), from the pages it parsed as it wrote them: check-site is the build.
# To check another built directory: $(BIN)/python -m calico_kb check-site DIR
check-site: build

# Runs of 8+ words of a source in the visible text of every built page and feed
# (templates can join fields into one). The source is not in the repository:
# make copied-wording SOURCE=path/to/source.txt
copied-wording: build
	$(BIN)/python -m calico_kb copied-wording $(SOURCE) site

# Opt-in, never on the pull-request path: needs the network. Builds first so that the
# links checked are the current ones; good results are cached for a week in the build
# cache's folder (make clean-cache).
linkcheck-external: build
	$(BIN)/python -m calico_kb linkcheck-external site $(LINKCHECK_FLAGS)

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check '.[test]'
	echo '# Exact versions installed by the Makefile. Regenerate with: make lock' > requirements.lock
	.lock-venv/bin/pip freeze --exclude-editable | grep -v '^calico-community-kb' >> requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site site.staging site.previous .pytest_cache

# The build cache lives outside the checkout (~/.cache/calico-kb/<hash of this folder>,
# or $KB_CACHE_DIR; hooks/calico_kb/cache.py): deleting it costs only time. .cache/ is
# what older versions kept here, and the preview's generated pages, written again by
# the next `make serve`.
clean-cache: $(STAMP)
	folder="$$($(BIN)/python -m calico_kb cache-dir)" && rm -rf -- "$$folder" .cache

# Upstream release notes (Markdown, one file per release) into data/releases/, e.g.
# make import-release-notes SRC=../calico/release-notes (options: IMPORT_ARGS="--product ...").
import-release-notes: $(STAMP)
	$(BIN)/python -m calico_kb import-release-notes $(IMPORT_ARGS) $(SRC)
