# The two commands a newcomer needs: `make run` and `make test`. Everything installs from pinned files.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: run test lint unit browser-ready sample check bench loadtest clean

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

## make test: lint (ruff, sqlfluff) and every test, browser tests included.
test: lint unit

lint: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m sqlfluff lint queries

unit: $(DEV_STAMP) browser-ready
	$(PY) -m pytest

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

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis artifacts
