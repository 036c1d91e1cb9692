#!/usr/bin/env bash
# Makes sure the browser the dashboard's browser test drives is installed: Debian's chromium
# (OS package) and Playwright for Python in .venv. Playwright's own browser download
# (`playwright install`) is never used: the test launches /usr/bin/chromium.
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
  printf '\033[1m==> installing chromium (OS package)\033[0m\n'
  SUDO=
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "error: installing chromium needs root (or sudo)" >&2; exit 1; }
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

PY="${PYTHON:-.venv/bin/python}"
if ! "$PY" -c "import playwright" >/dev/null 2>&1; then
  printf '\033[1m==> installing playwright (Python package)\033[0m\n'
  .venv/bin/uv pip install --python "$PY" "playwright>=1.45,<2" >/dev/null
fi
