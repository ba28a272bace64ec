# Song Phương: `make run` serves the archive with the sample corpus; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The test run needs a key because DEBUG is off under test, as in production.
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-insecure-key-for-tests-only}

.PHONY: run test install migrate load clean eval bench-extract bench bench-import bench-load messages

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

load: migrate
	DEBUG=1 $(PY) manage.py load_reference
	DEBUG=1 $(PY) manage.py import_articles corpus --status published

run: load
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

# The extractor scored on each annotated set (sample corpus, tests/unseen, tests/realistic); VERBOSE=1 lists misses.
eval: install
	$(PY) bench/evaluate.py $(if $(VERBOSE),--verbose)
	$(PY) bench/matching.py $(if $(VERBOSE),--verbose)

bench-extract: install
	$(PY) bench/extraction_speed.py

# Page latency on a 100,000-article PostgreSQL archive served by gunicorn (seeds it first; several minutes).
bench: install
	$(PY) bench/pages.py $(BENCH_ARGS)

# import_articles end to end on 10,000 files.
bench-import: install
	$(PY) bench/import_speed.py

# 50 concurrent readers for 60 s against the database `make bench` seeded.
bench-load: install
	$(PY) bench/load.py

# After changing interface text: refresh the Vietnamese catalogue, translate it, then compile.
messages: install
	DEBUG=1 $(PY) manage.py makemessages -l vi --ignore=.venv --ignore=tests --ignore=bench
	DEBUG=1 $(PY) manage.py compilemessages -l vi --ignore=.venv
