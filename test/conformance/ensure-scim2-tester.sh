#!/usr/bin/env bash
# Makes sure the scim2-tester conformance checker is installed, at the versions pinned in
# test/conformance/requirements.txt, in a project-local virtualenv (.tools/venv, git-ignored).
# Idempotent: does nothing when the venv already holds exactly those pins.
#
#   bash test/conformance/ensure-scim2-tester.sh
#
# Environment: SCIM2_TESTER_VENV (default: <repo>/.tools/venv),
#              PYTHON (default: the first of python3, python3.13, python3.12, python3.11 that is >= 3.11).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
requirements="$here/requirements.txt"
venv="${SCIM2_TESTER_VENV:-$root/.tools/venv}"
stamp="$venv/.seatsync-scim2-tester.sha256"

say() { echo "ensure-scim2-tester: $*"; }

python_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1; }

pick_python() {
  if [ -n "${PYTHON:-}" ]; then
    python_ok "$PYTHON" || { say "PYTHON=$PYTHON is not a Python >= 3.11" >&2; exit 1; }
    echo "$PYTHON"
    return
  fi
  for candidate in python3 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
      echo "$candidate"
      return
    fi
  done
  say "no Python >= 3.11 found (scim2-tester needs it); install one (e.g. apt-get install python3 python3-venv) or set PYTHON" >&2
  exit 1
}

want="$(sha256sum "$requirements" | cut -d' ' -f1)"
vpython="$venv/bin/python"

if [ -x "$vpython" ] && python_ok "$vpython" && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
  && "$vpython" -c 'import scim2_tester, scim2_client.engines.httpx2' >/dev/null 2>&1; then
  say "up to date in $venv ($("$vpython" -c 'from importlib.metadata import version as v; print("scim2-tester", v("scim2-tester"), "/ scim2-client", v("scim2-client"), "/ scim2-models", v("scim2-models"))'))"
  exit 0
fi

if [ -e "$venv" ] && ! { [ -x "$vpython" ] && python_ok "$vpython"; }; then
  say "removing the unusable virtualenv at $venv"
  rm -rf "$venv"
fi

if [ ! -x "$vpython" ]; then
  python="$(pick_python)"
  say "creating a virtualenv at $venv with $python ($("$python" --version 2>&1))"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
fi

say "installing the pinned packages from ${requirements#"$root"/}"
"$vpython" -m pip install --disable-pip-version-check --no-input --quiet --require-virtualenv -r "$requirements"

"$vpython" -c 'import scim2_tester, scim2_client.engines.httpx2'
echo "$want" >"$stamp"
say "installed: $("$vpython" -c 'from importlib.metadata import version as v; print("scim2-tester", v("scim2-tester"), "/ scim2-client", v("scim2-client"), "/ scim2-models", v("scim2-models"), "/ httpx2", v("httpx2"))')"
