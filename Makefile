# The two commands a newcomer needs: `make run` and `make test`. Everything installs from pinned files.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
REPLICAS ?= 2
ANALYSTS ?= 0
ADDRESS ?= 127.0.0.1
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: run test lint unit screenshots browser-ready proxy-ready serve-cluster cluster-test sample check bench loadtest failover clean

$(RUN_STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(DEV_STAMP): $(RUN_STAMP) requirements-dev.txt
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

## make run: serve the dashboard on 127.0.0.1:$(PORT) (headless; open the printed URL).
run: $(RUN_STAMP)
	$(PY) -m cinecoop.serve --server.headless true --server.address 127.0.0.1 --server.port $(PORT)

## make serve-cluster REPLICAS=3 [ANALYSTS=1] [PORT=8501] [ADDRESS=127.0.0.1]: build the store once, start the replicas
## on loopback reading it read-only, and HAProxy in front on ADDRESS:PORT; Ctrl+C stops them all (docs/deploy.md).
serve-cluster: $(RUN_STAMP) proxy-ready
	$(PY) -m cinecoop.cluster serve --replicas $(REPLICAS) --analysts $(ANALYSTS) --port $(PORT) --address $(ADDRESS)

## make test: lint (ruff, sqlfluff) and every test, browser and cluster tests included.
test: lint unit

lint: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m sqlfluff lint queries

unit: $(DEV_STAMP) browser-ready proxy-ready
	$(PY) -m pytest

## make screenshots: the browser tests, saving every page they open whole under artifacts/screenshots/ (phone, tablet and
## laptop widths; English, Persian and Russian), to be looked at. `make test` runs the same tests without the pictures.
screenshots: $(DEV_STAMP) browser-ready
	CINECOOP_SCREENSHOTS=1 $(PY) -m pytest -m browser tests/test_browser_layout.py tests/test_browser_i18n.py tests/test_browser_leadership.py tests/test_browser_agreements_quality.py

## make cluster-test: only the replica-loss and sign-in browser tests.
cluster-test: $(DEV_STAMP) browser-ready proxy-ready
	$(PY) -m pytest tests/test_cluster.py tests/test_browser_sign_in.py

## HAProxy for serve-cluster and the cluster test: Debian's haproxy package, installed as root when missing.
proxy-ready:
	@if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then echo "haproxy: $$(command -v haproxy || echo /usr/sbin/haproxy)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  (apt-get install -y -q haproxy >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q haproxy >/dev/null)) && echo "haproxy installed from Debian"; \
	else echo "HAProxy is missing: install Debian's haproxy package (apt-get install haproxy) and run again" >&2; exit 1; fi

## A Chromium for the browser tests (Debian's package as root on Debian, else Playwright's own download),
## and poppler-utils for reading the PDF briefs in tests.
browser-ready: $(DEV_STAMP)
	@if command -v chromium >/dev/null 2>&1; then echo "chromium: $$(command -v chromium)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) && echo "chromium installed from Debian"; \
	else $(PY) -m playwright install chromium; fi
	@(command -v pdftotext >/dev/null 2>&1 || apt-get install -y -q poppler-utils fonts-liberation >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q poppler-utils fonts-liberation >/dev/null)) && echo "poppler-utils: $$(command -v pdftotext)"

## make sample: rewrite the committed sample exports from the seeded generator.
sample: $(RUN_STAMP)
	$(PY) -m cinecoop.samplegen --out data

## make check: run every query of the catalogue on the data folder.
check: $(RUN_STAMP)
	$(PY) -m cinecoop check

bench: $(DEV_STAMP)
	$(PY) -m benchmarks.run

loadtest: $(DEV_STAMP) browser-ready
	$(PY) -m benchmarks.loadtest

## make failover: the replica-loss drill and the sessions-per-replica runs; writes docs/reliability.md.
failover: $(DEV_STAMP) browser-ready proxy-ready
	$(PY) -m benchmarks.failover --replicas 2 --sessions 4 --capacity 10,20 --seconds 60

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis artifacts
