#!/usr/bin/env bash
# Print the current six-digit code for a TOTP secret (for the demo accounts' printed secrets).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -c 'import sys, pyotp; print(pyotp.TOTP(sys.argv[1]).now())' "$1"
