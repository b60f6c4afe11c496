# bkcase: the two commands are `make run` and `make test`.
PORT ?= 8000
ARGS ?=
# pytest processes for make test (pytest-xdist): one per core; WORKERS=0 runs the suite in one process
WORKERS ?= auto
PY := .venv/bin/python

.PHONY: run test fuzz bench messages lint

run:
	scripts/setup.sh run
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo
	PORT=$(PORT) scripts/serve.sh

test:
	scripts/setup.sh test
	.venv/bin/ruff check --quiet .
	.venv/bin/bandit --quiet --severity-level medium -r bkcase referrals conferences counseling rosters intake evaluations reports
	DJANGO_SETTINGS_MODULE=bkcase.settings.test scripts/with-postgres.sh $(PY) -m pytest -n $(WORKERS) --dist worksteal $(ARGS)

# The fuzzing of every state-changing endpoint with 10,000 generated inputs or more (make test sends 15 per
# endpoint); its last line: FUZZ inputs=N errors=M
fuzz:
	scripts/setup.sh test
	scripts/fuzz.sh $(ARGS)

# Benchmarks on a generated district (not part of make test): prints figures and a RATIOS line.
bench:
	scripts/setup.sh bench
	scripts/with-postgres.sh $(PY) bench/run.py

# Refresh the message catalogues after changing UI text, then translate the new entries.
messages:
	$(PY) manage.py makemessages -l id -l en --ignore=.venv --ignore=tests --ignore=bench --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv -v0

lint:
	.venv/bin/ruff check .
	.venv/bin/bandit --quiet --severity-level medium -r bkcase referrals conferences counseling rosters intake evaluations reports
