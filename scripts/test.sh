#!/usr/bin/env bash
# The whole test suite. DATABASE_URL selects PostgreSQL; without it the tests use SQLite.
#
# Two xdist workers that steal work from each other test by test (--dist worksteal): a few
# files hold hundreds of tests each (tests/isolation/test_isolation.py, the browser page
# checks), and keeping a file on one worker left the other idle for most of the run. No test
# depends on another having run before it; a module fixture is built once per worker that
# needs it. Each worker drives its own headless Chromium against its own live server (on
# 127.0.0.1). Screenshots of every page land in test-artifacts/screenshots/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_BROWSERS_PATH=0 PYTHONDONTWRITEBYTECODE=1
export DJANGO_LIVE_TEST_SERVER_ADDRESS=127.0.0.1
exec .venv/bin/pytest -n 2 --dist worksteal --durations=10 "$@"
