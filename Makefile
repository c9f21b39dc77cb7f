# PM Portal: `make run` to serve the site with demo content, `make test` for the whole suite.
# Every target prepares what it needs (virtualenv, database) by itself.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The stamp records which lock file the virtualenv was built from: rebuilt only when it changes.
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock 2>/dev/null | cut -c1-12)

.PHONY: help run worker test lint format serve static db venv lock browser audio demo clean-db backup restore bench-dashboard

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMP): requirements.lock
	@python="$$(scripts/find_python.sh)" || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		rm -rf $(VENV); echo "[venv] creating $(VENV) with $$python"; "$$python" -m venv $(VENV); \
	fi
	@echo "[venv] installing requirements.lock"
	@$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@rm -f $(VENV)/.installed-*; touch $@

venv: $(STAMP) ## Create or update .venv/ from requirements.lock (only when the lock changed)

db: venv ## Make sure a PostgreSQL database exists and is recorded in .env
	@$(PY) scripts/prepare_db.py

demo: db audio ## Migrate and load the demo content (idempotent)
	@$(MANAGE) prepare_site

# The task worker (mail, slow jobs) and the scheduler (periodic tasks) run beside the web server
# and stop with it, Ctrl-C included (scripts/run_with_workers.sh).
WITH_WORKERS := PYTHON=$(PY) scripts/run_with_workers.sh

# Every absolute link (canonical, sitemap, mails) points where `make run`/`make serve` answer,
# unless SITE_URL is given (environment, command line or .env). It reaches `demo` too, whose
# migrate writes it to the Site row.
ifeq ($(origin SITE_URL)$(shell grep -s '^SITE_URL=' .env),undefined)
run serve: export SITE_URL = http://$(HOST):$(PORT)
endif

run: demo ## Set everything up and serve the site with demo content on http://127.0.0.1:8000, with the task worker (HOST, PORT override)
	@echo "[run] serving on http://$(HOST):$(PORT)/"
	@DJANGO_DEBUG=1 $(WITH_WORKERS) $(MANAGE) runserver $(HOST):$(PORT)

worker: demo ## Only the task worker and the scheduler (when the web server runs elsewhere)
	@DJANGO_DEBUG=1 $(WITH_WORKERS)

browser: ## Make sure Debian's Chromium is installed (browser tests drive it)
	@scripts/ensure_browser.sh

audio: ## Install espeak-ng and lame when missing (the demo podcast is spoken with them)
	@scripts/ensure_audio.sh

# Production settings on this machine: DEBUG off, plain HTTP, mail printed to the log unless
# EMAIL_URL says otherwise. Used by `make serve`, and to collect static files for tests that
# start the app with production settings.
LOCAL_PRODUCTION = DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-$(HOST),localhost} EMAIL_URL=$${EMAIL_URL:-console:}

test: db browser static ## Run the whole test suite (browser tests included) on a throwaway database
	@$(PY) -m pytest $(PYTEST_ARGS)

lint: db ## ruff check, ruff format --check, bandit (no unreviewed medium/high) and makemigrations --check
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(BANDIT)
	@$(MANAGE) makemigrations --check --dry-run --no-input

format: venv ## Apply ruff's fixes and formatting
	@$(VENV)/bin/ruff check --fix .
	@$(VENV)/bin/ruff format .

serve: demo static ## Serve production-style: gunicorn and the task worker, DEBUG off, collected static files
	@echo "[serve] gunicorn on http://$(HOST):$(PORT)/ (DEBUG off; plain HTTP, so no SSL redirect)"
	@$(LOCAL_PRODUCTION) $(WITH_WORKERS) $(VENV)/bin/gunicorn pmportal.wsgi \
		--config pmportal/gunicorn.conf.py --bind $(HOST):$(PORT)

static: db ## Collect hashed, compressed static files into staticfiles/ (as production does)
	@$(LOCAL_PRODUCTION) $(MANAGE) collectstatic --no-input -v 0

lock: ## Re-pin requirements.lock from pyproject.toml (needs network access to PyPI)
	@$(VENV)/bin/pip install --quiet uv
	@$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.12 --universal \
		--generate-hashes -o requirements.lock

clean-db: ## Stop and delete the project-local PostgreSQL cluster in .pgdata/ (if any)
	@if [ -d .pgdata/data ]; then \
		owner=$$(stat -c %U .pgdata/data); pgctl=$$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | tail -1); \
		if [ "$$(id -u)" = 0 ]; then runuser -u $$owner -- $$pgctl -D .pgdata/data stop -m fast || true; \
		else $$pgctl -D .pgdata/data stop -m fast || true; fi; \
		rm -rf .pgdata; sed -i '/^DATABASE_URL=.*pgdata/d' .env 2>/dev/null || true; \
	fi

backup: db ## Back up the database (pg_dump) and private files into backups/<timestamp>/
	@$(MANAGE) backup --to backups

restore: db ## Restore a backup: make restore FROM=backups/<timestamp> (replaces current data)
	@test -n "$(FROM)" || { echo "Usage: make restore FROM=backups/<timestamp>"; exit 1; }
	@$(MANAGE) restore "$(FROM)"

.PHONY: bench-directory
bench-directory: db ## Directory at 500,000 members vs naive icontains: p50/p95 table (seeds pmportal_bench once)
	@$(PY) scripts/bench_directory.py $(BENCH_ARGS)

.PHONY: bench-directory-count
bench-directory-count: db ## CPU instructions per directory request (valgrind), to compare two versions exactly
	@$(PY) scripts/count_directory.py

bench-dashboard: db ## Benchmark /dashboard/ at 500,000 members and 5 million events (own database)
	@$(PY) scripts/bench_dashboard.py

.PHONY: bench-network
bench-network: db ## My network, deep conversations, sending, accepting at 1M connections and 5M messages: p50/p95, queries, ratio to a bare view
	@$(PY) scripts/bench_network.py $(BENCH_ARGS)

.PHONY: bench-community
bench-community: db ## Community at 200,000 questions and 1,000,000 answers: list, 200-answer thread, combined search p50/p95 and queries
	@$(PY) scripts/bench_community.py

.PHONY: bench-digest
bench-digest: db ## Weekly digests for 500,000 members (20% subscribed) in two workers: members/s, queries per batch, worker RSS
	@$(PY) scripts/bench_digest.py $(BENCH_ARGS)

.PHONY: bench-downloads
bench-downloads: db ## A 50 MB members-only download vs the same file served statically: throughput ratio, worker memory
	@$(PY) scripts/bench_downloads.py $(BENCH_ARGS)

# Reviewed exceptions carry `# nosec <ID>` with the reason beside them (docs/security.md); its
# notes about the words of a reason are dropped.
BANDIT := $(VENV)/bin/bandit -c pyproject.toml -r pmportal faq members resources insights outbox notifications network mentoring events community digest -ll -q \
	2> >(grep -v "is not a test name or id" >&2)

.PHONY: security-report
security-report: static ## Observatory-style grade (target A+) of home, FAQ, sign-in, directory under production settings
	@DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-security-report-$$(date +%s)-not-a-real-secret-key-xxxxxxxx} \
		DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-portal.example.org} EMAIL_URL=$${EMAIL_URL:-locmem:} \
		$(PY) scripts/security_report.py --minimum A+

.PHONY: bench chaos
bench: db ## Load test: production gunicorn on the 500,000-member bench database, mixed load + per-route ratio to a bare view (docs/bench/); then bench-community
	@$(PY) scripts/bench_load.py $(BENCH_ARGS)
	@$(PY) scripts/bench_community.py

chaos: db ## Fault drill on a throwaway PostgreSQL cluster: restart under load, two gunicorn reloads, no acknowledged write lost
	@$(PY) scripts/chaos.py $(CHAOS_ARGS)
