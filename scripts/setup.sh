#!/usr/bin/env bash
# Builds Pregame's two runtimes, each only when missing or when its requirements changed:
#   .venv       Python 3.11: our package (actions, playbooks, retrieval, CLI) + dev tools
#   .venv-rasa  Python 3.10: the Rasa 3.6 server, pinned by bot/requirements.lock
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

find_python() {  # find_python 3.11 -> path of a working interpreter, or nothing
  local v=$1 candidate
  for candidate in "python$v" "$(command -v pyenv >/dev/null && pyenv root)/versions/$v"*/bin/"python$v" \
                   /usr/bin/"python$v" /usr/local/bin/"python$v"; do
    if [ -n "$candidate" ] && "$candidate" -c 'import venv' >/dev/null 2>&1; then
      command -v "$candidate" || echo "$candidate"; return
    fi
  done
}

PY311=$(find_python 3.11) || true
PY310=$(find_python 3.10) || true
[ -n "$PY311" ] || die "Python 3.11 is required for Pregame. Install it with: pyenv install 3.11  (or: apt-get install python3.11 python3.11-venv)"
[ -n "$PY310" ] || die "Python 3.10 is required for the Rasa 3.6 server. Install it with: pyenv install 3.10  (or: apt-get install python3.10 python3.10-venv)"

stamp() { sha256sum "$@" | sha256sum | cut -c1-16; }

if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $PY311"
  "$PY311" -m venv .venv
fi
if [ ! -x .venv/bin/uv ]; then
  .venv/bin/python -m pip install --quiet uv==0.13.9
fi
UV=.venv/bin/uv

want=$(stamp pyproject.toml)
if [ "$(cat .venv/.pregame-stamp 2>/dev/null)" != "$want" ]; then
  if ! .venv/bin/python -m pip show --quiet torch >/dev/null 2>&1; then
    # pip, not uv: pip reads this machine's pip config, where a CPU-only torch wheel may lie
    # on disk (find-links). The version is pinned in pyproject.toml.
    torch_pin=$(grep -o '"torch==[^"]*"' pyproject.toml | tr -d '"')
    say "installing $torch_pin (CPU build)"
    .venv/bin/python -m pip install --quiet --no-deps "$torch_pin" 2>&1 | grep -v "is ignored" >&2 || true
    .venv/bin/python -m pip show --quiet torch >/dev/null 2>&1 || die "could not install $torch_pin"
  fi
  say "installing pregame into .venv"
  $UV pip install --quiet --python .venv/bin/python -e '.[dev]'
  echo "$want" > .venv/.pregame-stamp
fi

want=$(stamp bot/requirements.lock)
if [ "$(cat .venv-rasa/.pregame-stamp 2>/dev/null)" != "$want" ]; then
  if [ ! -x .venv-rasa/bin/python ]; then
    say "creating .venv-rasa with $PY310"
    $UV venv --quiet --python "$PY310" .venv-rasa
  fi
  say "installing the Rasa server into .venv-rasa"
  $UV pip install --quiet --python .venv-rasa/bin/python -r bot/requirements.lock
  echo "$want" > .venv-rasa/.pregame-stamp
fi
say "both runtimes are ready ($(.venv/bin/python -V), Rasa on $(.venv-rasa/bin/python -V))"
