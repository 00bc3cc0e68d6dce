#!/usr/bin/env bash
# The whole test suite. DATABASE_URL selects PostgreSQL; without it the tests use SQLite.
#
# Two xdist workers; --dist loadfile keeps a test file on one worker. The page checks are
# split over tests/browser/test_pages_even.py and test_pages_odd.py, so both workers drive their
# own headless Chromium against their own live server (on 127.0.0.1) at the same time.
# Screenshots of every page land in test-artifacts/screenshots/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_BROWSERS_PATH=0 PYTHONDONTWRITEBYTECODE=1
export DJANGO_LIVE_TEST_SERVER_ADDRESS=127.0.0.1
exec .venv/bin/pytest -n 2 --dist loadfile --durations=10 "$@"
