#!/usr/bin/env bash
# The whole test suite. DATABASE_URL selects PostgreSQL; without it the tests use SQLite.
#
# Two xdist workers that steal work from each other test by test (--dist worksteal): a few
# files hold hundreds of tests each (tests/isolation/test_isolation.py, the browser page
# checks), and keeping a file on one worker left the other idle for most of the run. No test
# depends on another having run before it; a module fixture is built once per worker that
# needs it (the isolation walk's world, the demo, the page checks' committed world with every
# page's samples, emptied again when the worker leaves that module). Each worker drives its own
# headless Chromium against its own live server (on 127.0.0.1). `make screenshots` (SCREENSHOTS=1) also saves a laptop and a phone screenshot of
# every page in test-artifacts/screenshots/ (git-ignored), for people to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_BROWSERS_PATH=0 PYTHONDONTWRITEBYTECODE=1
export DJANGO_LIVE_TEST_SERVER_ADDRESS=127.0.0.1
exec .venv/bin/pytest -n 2 --dist worksteal --durations=10 "$@"
