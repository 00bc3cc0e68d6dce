#!/usr/bin/env bash
# Debian packages the project needs: Chromium for the browser tests, gettext for translations,
# Node and npm for the front-end assets and the independent credential verifier,
# fonts for PDF output. Installs only what is missing.
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v msgfmt >/dev/null 2>&1 || needed+=(gettext)
command -v npm >/dev/null 2>&1 || needed+=(nodejs npm)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || needed+=(fonts-dejavu-core)
if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing Debian packages: ${needed[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
