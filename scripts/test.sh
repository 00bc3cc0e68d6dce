#!/usr/bin/env bash
# The whole test suite. DATABASE_URL selects PostgreSQL; without it the tests use SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_BROWSERS_PATH=0 PYTHONDONTWRITEBYTECODE=1
exec .venv/bin/pytest -n 2 --dist loadfile "$@"
