#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh machine, then runs the
# linters and pytest. Extra arguments go to pytest: ./scripts/test.sh -k engine
set -euo pipefail
cd "$(dirname "$0")/.."

# Browser tests drive Debian's Chromium (Playwright cannot download browsers
# here); the rooms tests run a real redis-server, the deployment tests HAProxy.
# The documentation links to Python's, Flask's, Werkzeug's, blinker's and
# gevent's docs through the inventories of Debian's doc packages.
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v redis-server >/dev/null || missing="$missing redis-server"
command -v haproxy >/dev/null || missing="$missing haproxy"
for doc in python3.11 python-flask-doc python-werkzeug-doc python-blinker-doc python-gevent-doc; do
  package=$doc; [ "$doc" = python3.11 ] && package=python3.11-doc
  [ -f "/usr/share/doc/$doc/html/objects.inv" ] || missing="$missing $package"
done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

npm ci --no-audit --no-fund --loglevel=error
npm run build
python -m pip install -q --disable-pip-version-check -e ".[test]"

python -m ruff check flask_webui tests example bench harness noxfile.py docs/conf.py
python -m mypy
lint-imports --no-cache
python -m sphinx -W --keep-going -n -q docs docs/_build/html
python -m pytest "$@"

# The full run (no arguments) also runs the suite without the browser tests
# on every supported Python, against the built wheel (noxfile.py). A missing
# interpreter fails the run and names itself.
if [ $# -eq 0 ]; then
  python -m nox -s tests
fi
