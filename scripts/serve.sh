#!/usr/bin/env bash
# Serve the demo on http://127.0.0.1:8000 with a task worker beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}"
.venv/bin/python manage.py db_worker --queue-name '*' >var/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT
.venv/bin/python manage.py runserver 127.0.0.1:8000
