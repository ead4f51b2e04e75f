# Two commands set everything up on a fresh machine (see README.md):
#   make app    install (first time) and open the monitor on the data in data/ (no ../shared needed)
#   make test   install (first time, incl. headless Chromium) and run all tests (what CI runs)
#   make check  the fast tests: core and AppTests, without browser, scale-out, concurrency, fuzzing
#   make lint   ruff check with the settings in pyproject.toml
#   make import bring a newer CSV snapshot into data/ (SNAPSHOT=DIR, default ../shared/npvr-snapshot)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

SNAPSHOT ?= ../shared/npvr-snapshot

.PHONY: app test check lint build export import bench browser proxy scaled clean

$(STAMP): requirements.txt requirements-dev.txt
	@echo "Installeren: Python-pakketten in $(VENV) (de eerste keer een paar minuten)..."
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on -r requirements-dev.txt
	touch $(STAMP)
	@echo "Installeren klaar."

# The build (with its progress bar) is made before the server starts, and serve.py makes the map geometry at
# start-up (dashboard/warm_up.py), so the first visitor waits for neither.
app: $(STAMP)
	$(BIN)/python -m monitor validate
	$(BIN)/python -m monitor build
	$(BIN)/streamlit run serve.py

test: $(STAMP) browser proxy
	$(BIN)/python -m pytest

# The slow system tests carry the marker 'slow' (pyproject.toml); network tests are deselected anyway.
check: $(STAMP)
	$(BIN)/python -m pytest -m "not network and not slow"

lint: $(STAMP)
	$(BIN)/ruff check .

build: $(STAMP)
	$(BIN)/python -m monitor build

export: $(STAMP)
	$(BIN)/python -m monitor export --out export

import: $(STAMP)
	$(BIN)/python -m monitor snapshot import $(SNAPSHOT)

bench: $(STAMP) browser proxy
	$(BIN)/python bench/bench.py

# Debian's Chromium for the end-to-end browser test (Playwright drives /usr/bin/chromium). apt waits up to
# five minutes for the package manager lock (e.g. unattended upgrades) instead of failing at once.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Chromium installeren (wacht zo nodig op een andere apt/dpkg-installatie)..."; \
	    for try in 1 2 3 4 5 6 7 8 9 10; do apt-get -o DPkg::Lock::Timeout=300 update -qq && break; \
	      echo "apt-get update lukte niet (slot bezet?); over 30 s opnieuw ($$try/10)"; sleep 30; done; \
	    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium >/dev/null; \
	  else echo "Chromium ontbreekt: installeer met 'sudo apt-get install chromium' (anders slaat de browsertest over)."; fi; \
	fi

# Debian's HAProxy for the scale-out example (deploy/) and its test.
proxy:
	@if ! command -v haproxy >/dev/null && [ ! -x /usr/sbin/haproxy ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; \
	  else echo "HAProxy ontbreekt: installeer met 'sudo apt-get install haproxy' (nodig voor tests/app/test_scale_out.py)."; fi; \
	fi

# Two app processes behind HAProxy with sticky sessions on http://localhost:8501 (see deploy/).
scaled: $(STAMP) proxy
	deploy/run_scaled.sh

clean:
	rm -rf build export bench/results tests/artifacts
