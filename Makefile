# Two commands set everything up on a fresh machine (see README.md):
#   make app    install (first time) and open the monitor on the data in data/ (no ../shared needed)
#   make test   install (first time, incl. headless Chromium) and run all tests
#   make import bring a newer CSV snapshot into data/ (SNAPSHOT=DIR, default ../shared/npvr-snapshot)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

SNAPSHOT ?= ../shared/npvr-snapshot

.PHONY: app test build export import bench browser clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

app: $(STAMP)
	$(BIN)/python -m monitor validate
	$(BIN)/streamlit run serve.py

test: $(STAMP) browser
	$(BIN)/python -m pytest

build: $(STAMP)
	$(BIN)/python -m monitor build

export: $(STAMP)
	$(BIN)/python -m monitor export --out export

import: $(STAMP)
	$(BIN)/python -m monitor snapshot import $(SNAPSHOT)

bench: $(STAMP) browser
	$(BIN)/python bench/bench.py

# Debian's Chromium for the end-to-end browser test (Playwright drives /usr/bin/chromium).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium ontbreekt: installeer met 'sudo apt-get install chromium' (anders slaat de browsertest over)."; fi; \
	fi

clean:
	rm -rf build export bench/results tests/artifacts
