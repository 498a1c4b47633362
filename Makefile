# Thi Đua — the two commands: `make run` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-sqlite test-postgres lint install demo messages bench clean worker fuzz

$(STAMP): pyproject.toml requirements/lock.txt
	@command -v $(PY) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PY) not found)"; exit 1; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Links in the demo's e-mails and SMS point at the address it serves (unless one is set).
run demo: export THIDUA_SITE_URL ?= http://$(HOST):$(PORT)

run: $(STAMP)
	$(BIN)/thidua migrate --noinput
	$(BIN)/thidua demo --host $(HOST) --port $(PORT)
	$(BIN)/thidua runserver $(HOST):$(PORT)

demo: $(STAMP)
	$(BIN)/thidua migrate --noinput
	$(BIN)/thidua demo --host $(HOST) --port $(PORT)

# Style, templates ([tool.djlint]), types of services and selectors ([tool.mypy]), migrations
# in step with the models, and known vulnerabilities in the lock file (says NOT AUDITED when
# offline; see README).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint thidua --lint
	$(BIN)/mypy
	$(BIN)/thidua makemigrations --check --dry-run --settings=config.settings.test
	$(BIN)/python .ci/pip_audit.py

# The whole suite, on SQLite and then on PostgreSQL, over every core (pytest-xdist): each
# worker takes whole test files (--dist loadfile), so a file's shared fixtures (its own Redis,
# PostgreSQL cluster, LDAP server or browser) stay in one process; each worker has its own
# test database. TEST_WORKERS=0 runs in one process (e.g. to read a failure's output in order).
TEST_WORKERS ?= auto

test: lint test-sqlite test-postgres

test-sqlite: $(STAMP)
	DATABASE_URL= $(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile

test-postgres: $(STAMP)
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile

messages: $(STAMP)
	$(BIN)/thidua makemessages -l vi --no-obsolete --ignore='.venv/*' --ignore='tests/*' --ignore='bench/*' --ignore='staticfiles/*'
	$(BIN)/thidua compilemessages -l vi --ignore='.venv/*'

# Long hostile-input sweeps (tests marked `fuzz`): every page x every hostile value; then
# schemathesis over the whole API with 300 fresh examples per operation.
fuzz: $(STAMP)
	DATABASE_URL= $(BIN)/pytest -q -m fuzz tests/core/test_hostile_input.py
	API_FUZZ_EXAMPLES=300 DATABASE_URL= $(BIN)/pytest -q tests/api/test_api_fuzz.py

bench: $(STAMP)
	$(BIN)/python -m bench.run

worker: $(STAMP)
	$(BIN)/celery -A config worker -l info

clean:
	rm -rf $(VENV) .pytest-db db.sqlite3*
