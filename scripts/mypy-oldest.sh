#!/usr/bin/env bash
# mypy --strict of src/storj_uplink as the oldest supported Python sees it: run with
# that interpreter and its own site-packages (pytest, fsspec, tqdm of that version),
# since mypy parses imported packages with the target version's grammar. Usage:
#   mypy-oldest.sh PYTHON   (e.g. ~/.pyenv/versions/3.9.18/bin/python3.9)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${1:?usage: mypy-oldest.sh PYTHON}"
CACHE="${STORJ_UPLINK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/storj_uplink}"
version="$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
# mypy 1.18 is the last release that can target 3.9.
REQS="mypy==1.18.2 pytest pytest-mock fsspec tqdm cffi"
VENV="$CACHE/mypy-py$version"
if [ ! -x "$VENV/bin/mypy" ] || [ "$(cat "$VENV/.reqs" 2>/dev/null)" != "$REQS" ]; then
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
    # shellcheck disable=SC2086
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check $REQS
    echo "$REQS" > "$VENV/.reqs"
fi
cd "$ROOT"
"$VENV/bin/mypy" --python-version "$version" --cache-dir "$VENV/.mypy_cache"
