# Two commands set everything up on a fresh machine (see README.md):
#   make app    install (first time) and open the monitor on the snapshot
#   make test   install (first time, incl. headless Chromium) and run all tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: app test build export bench browser proxy scaled clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

app: $(STAMP)
	$(BIN)/python -m monitor validate
	$(BIN)/streamlit run app.py

test: $(STAMP) browser proxy
	$(BIN)/python -m pytest

build: $(STAMP)
	$(BIN)/python -m monitor build

export: $(STAMP)
	$(BIN)/python -m monitor export --out export

bench: $(STAMP) browser proxy
	$(BIN)/python bench/bench.py

# Debian's Chromium for the end-to-end browser test (Playwright drives /usr/bin/chromium).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium ontbreekt: installeer met 'sudo apt-get install chromium' (anders slaat de browsertest over)."; fi; \
	fi

# Debian's HAProxy for the scale-out example (deploy/) and its test.
proxy:
	@if ! command -v haproxy >/dev/null && [ ! -x /usr/sbin/haproxy ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; \
	  else echo "HAProxy ontbreekt: installeer met 'sudo apt-get install haproxy' (nodig voor tests/test_scale_out.py)."; fi; \
	fi

# Two app processes behind HAProxy with sticky sessions on http://localhost:8501 (see deploy/).
scaled: $(STAMP) proxy
	deploy/run_scaled.sh

clean:
	rm -rf build export bench/results tests/artifacts
