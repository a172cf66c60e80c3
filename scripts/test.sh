#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh machine, then runs the
# linters and pytest. Extra arguments go to pytest: ./scripts/test.sh -k engine
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  # Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

npm ci --no-audit --no-fund --loglevel=error
npm run build
python -m pip install -q --disable-pip-version-check -e ".[test]"

python -m ruff check flask_webui tests example bench
python -m mypy
lint-imports --no-cache
python -m pytest "$@"
