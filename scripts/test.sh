#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh machine, then runs the
# linters and pytest. Extra arguments go to pytest: ./scripts/test.sh -k engine
set -euo pipefail
cd "$(dirname "$0")/.."

# Browser tests drive Debian's Chromium (Playwright cannot download browsers
# here); the rooms tests run a real redis-server, the deployment tests HAProxy.
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v redis-server >/dev/null || missing="$missing redis-server"
command -v haproxy >/dev/null || missing="$missing haproxy"
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

npm ci --no-audit --no-fund --loglevel=error
npm run build
python -m pip install -q --disable-pip-version-check -e ".[test]"

python -m ruff check flask_webui tests example bench harness
python -m mypy
lint-imports --no-cache
python -m pytest "$@"
