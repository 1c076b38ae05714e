# The two commands a newcomer needs (see README.md):
#   make run    the portal on http://127.0.0.1:5000 with demo data (SQLite)
#   make test   every check: ruff, the test suite (browser tests included)

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test app-deps dev-deps build translations chromium pdf-libs wrk vnu extract-messages bench load-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app-deps: requirements/app.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/app.txt
	touch $@

$(VENV)/.dev-deps: requirements/dev.txt requirements/app.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@ $(VENV)/.app-deps

app-deps: $(VENV)/.app-deps
dev-deps: $(VENV)/.dev-deps

translations: app-deps
	$(BIN)/pybabel --quiet compile -d portal/translations

# Pango and fonts for the decision letters (WeasyPrint draws them as PDF): DejaVu has
# æøå, Cyrillic and Arabic; Abyssinica SIL has the Ge'ez script Tigrinya is written in.
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-sil-abyssinica
pdf-libs:
	@ldconfig -p | grep -q libpangoft2-1.0 && test -d /usr/share/fonts/truetype/dejavu \
	  && test -d /usr/share/fonts/truetype/abyssinica || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(PDF_LIBS); \
	  else echo "Install the libraries for PDF letters first: sudo apt-get install $(PDF_LIBS)" >&2; exit 1; fi; }

# What a deploy builds from the sources: compiled catalogs, and .br/.gz copies of the
# stylesheets and scripts that the static view sends to browsers that accept them.
build: translations
	$(FLASK) compress-static

# Debian's Chromium for the browser tests; never a browser that Playwright downloads.
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "Install Debian's chromium first: sudo apt-get install chromium" >&2; exit 1; fi; }

# The Nu Html Checker (vnu-jar from npm, pinned), run with Java by
# tests/views/test_html_validity.py. Installed into .tools/, never committed.
VNU_VERSION := 26.9.27
VNU_STAMP := .tools/.vnu-$(VNU_VERSION)

$(VNU_STAMP):
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq default-jre-headless; \
	  else echo "Install Java first: sudo apt-get install default-jre-headless" >&2; exit 1; fi; }
	@command -v npm >/dev/null || { echo "Install npm first: sudo apt-get install npm" >&2; exit 1; }
	npm install --prefix .tools --no-audit --no-fund --silent vnu-jar@$(VNU_VERSION)
	touch $@

vnu: $(VNU_STAMP)

run: app-deps build pdf-libs
	$(FLASK) init-db
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: dev-deps build chromium pdf-libs vnu
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PORTAL_HTML_CHECK=required $(BIN)/pytest

# For developers: collect new strings from the code and templates into every catalog.
extract-messages: dev-deps
	$(BIN)/pybabel extract --no-location --sort-output --project=Boligportalen -F babel.cfg -k _l -k lazy_gettext \
	  -o portal/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i portal/translations/messages.pot -d portal/translations

# wrk, the load generator of bench/report.py; installed from Debian's packages like chromium.
wrk:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; \
	  else echo "Install wrk first: sudo apt-get install wrk" >&2; exit 1; fi; }

# Benchmarks print figures. bench/report.py measures the pages against a bare Flask page
# under gunicorn and writes its table into docs/PERFORMANCE.md (Redis must run). Set
# PORTAL_BENCH_DATABASE_URL to a PostgreSQL database whose schema may be replaced to
# measure PostgreSQL instead of SQLite.
bench: dev-deps build wrk
	$(BIN)/python bench/report.py --write docs/PERFORMANCE.md $${PORTAL_BENCH_DATABASE_URL:+--postgres $$PORTAL_BENCH_DATABASE_URL}
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/information.py $${PORTAL_BENCH_DATABASE_URL:+--postgres $$PORTAL_BENCH_DATABASE_URL}
	$(BIN)/python bench/password_check.py
	$(BIN)/python bench/staff_pages.py
	$(BIN)/python bench/booking.py $${PORTAL_BENCH_DATABASE_URL:+--postgres $$PORTAL_BENCH_DATABASE_URL}
	$(BIN)/python bench/applications.py $${PORTAL_BENCH_DATABASE_URL:+--postgres $$PORTAL_BENCH_DATABASE_URL}
	$(BIN)/python bench/casework.py $${PORTAL_BENCH_DATABASE_URL:+--postgres $$PORTAL_BENCH_DATABASE_URL}
	$(BIN)/python bench/year_statistics.py $${PORTAL_BENCH_DATABASE_URL:+--postgres $$PORTAL_BENCH_DATABASE_URL}
	$(BIN)/python bench/allocation.py $${PORTAL_BENCH_DATABASE_URL:+--postgres $$PORTAL_BENCH_DATABASE_URL}

# 200 simulated residents for 60 seconds against gunicorn (loopback only).
load-test: dev-deps build
	$(BIN)/python bench/load_test.py $${PORTAL_BENCH_DATABASE_URL:+--postgres $$PORTAL_BENCH_DATABASE_URL}
