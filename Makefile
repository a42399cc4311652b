# Maillage. `make run` then `make test` is the whole set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/maillage
CHROMIUM ?= /usr/bin/chromium
# Tests run in parallel (pytest-xdist), one worker per core unless told otherwise.
TEST_WORKERS ?= auto
export PLAYWRIGHT_BROWSERS_PATH := 0

.PHONY: install run demo-codes test test-sqlite test-postgres browser postgres redis nginx deploy-check help-screenshots lint format check bench download-data clean

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

# The demo accounts and their codes are printed last, once the server listens (rundemo), so that they stay in view.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py bootstrap --accounts-file var/demo-accounts.txt
	$(BIN)/python manage.py rundemo 127.0.0.1:$(PORT) --accounts-file var/demo-accounts.txt

# New backup codes for the demo accounts: the ones printed before no longer work.
demo-codes: install
	$(BIN)/python manage.py demo --codes-only --accounts-file var/demo-accounts.txt

# Chromium for the browser tests comes from Debian's packages (Playwright's own download does not work here).
browser:
	@test -x $(CHROMIUM) || { echo "Installation de Chromium (paquet Debian)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium poppler-utils >/dev/null; }

# PostgreSQL: start the local cluster when it does not answer.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done

# Redis (cache and sessions in production): start a local server when none answers.
redis:
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
	@for i in 1 2 3 4 5; do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done

# nginx for the deployment check comes from Debian's packages, like Chromium.
nginx:
	@test -x /usr/sbin/nginx || { echo "Installation de nginx (paquet Debian)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx >/dev/null; }

# The production stack (deploy/: systemd units, gunicorn, nginx with TLS) started on this machine, loopback only,
# checked over HTTPS, then stopped (deploy/check.py).
deploy-check: install postgres redis nginx
	$(BIN)/python deploy/check.py

# The help pages' screenshots (static/aide/), taken in Chromium by the browser tests on fictitious data.
help-screenshots: install browser
	HELP_SCREENSHOTS_DIR=$(CURDIR)/static/aide MAILLAGE_ENV=test $(BIN)/pytest -q -p no:cacheprovider tests/browser/test_help_screenshots.py

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	MAILLAGE_ENV=test $(BIN)/python manage.py makemigrations --check --dry-run

test: install browser check
	MAILLAGE_ENV=test $(BIN)/pytest -n $(TEST_WORKERS)

test-postgres: install browser postgres
	MAILLAGE_ENV=test DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(TEST_WORKERS)

lint: install
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install postgres
	$(BIN)/python bench/run.py

# For an installation outside this environment: fetch the reference files from their publishers.
download-data:
	scripts/download-reference-data.sh $${REFERENCE_DATA_DIR:-../shared/data}

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
