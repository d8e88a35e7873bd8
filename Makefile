# Two entry points: `make run` and `make test`. Both set everything up first and are fast
# when nothing changed (the venv is rebuilt only when requirements.txt changes).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DB ?= data/kube.duckdb
PORT ?= 8501
WORKERS ?= 2

.PHONY: run test setup demo geo assets serve stop

# One process: the dashboard reads the published version; its writer is a background thread
# started when a job is queued (an import on the page, or a command while nothing else writes).
run: setup
	$(PY) -m analytics.ui.server --server.port $(PORT)

# WORKERS read-only dashboard processes behind HAProxy (sticky sessions) plus the writer process
# (and the identity provider when KUBE_IDP_COMMAND names one); `make stop` stops them all.
serve: setup
	@command -v haproxy >/dev/null 2>&1 || test -x /usr/sbin/haproxy || \
	  { echo "HAProxy is missing: apt-get install -y haproxy (Debian)"; exit 2; }
	$(PY) -m analytics serve --workers $(WORKERS) --port $(PORT) --db $(DB)

stop:
	$(PY) -m analytics stop

test: setup
	$(PY) -m pytest

setup: $(STAMP) $(DB) geo assets

# Boundaries from the npm registry (GADM, non-commercial: built here, never committed).
# Without npm the dashboard still runs and says "boundaries not built" on maps.
geo: $(STAMP)
	@$(PY) -m analytics geo build || echo "warning: boundaries not built; maps will say so (see the message above)"

# The map library (MapLibre, BSD-3-Clause) from npm into static/vendor/ (never committed).
# Without it the map page draws with plotly's map instead (slower drill-down).
assets: $(STAMP)
	@$(PY) -m analytics assets build || echo "warning: map library not fetched; the map page uses plotly's map"

$(STAMP): requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# A demo database only when none exists: imported data are never overwritten.
# The impact estimate is computed once here so the Dampak page opens at once.
$(DB): | $(STAMP)
	$(PY) -m analytics demo --scale demo --seed 42 --db $(DB)
	$(PY) -m analytics impact --db $(DB) > /dev/null

demo: $(STAMP)
	$(PY) -m analytics demo --scale demo --seed 42 --db $(DB)
