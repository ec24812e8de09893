#!/usr/bin/env bash
# Tests against the installed x86_64 wheel: a fresh venv of the given Python gets the
# wheel from dist/ and the test tools, PATH is rebuilt with no go, gcc, cc or zig, and
# pytest runs there, importing the installed package (not src/), against a local
# network started from .venv (its server from the server wheel that scripts/test.sh
# installed there, or built with Go).
#
#   check-installed-wheel.sh [--python PY] [--scope unit|all] [PYTEST ARGS...]
#
# --scope unit: tests/unit; all (default): tests/unit and tests/integration. Tests
# that build Go or C (needs_go) or stop parts of the network (faults) run in the
# source-install session of scripts/test.sh instead.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=python3
SCOPE=all
while [ $# -gt 0 ]; do
    case "$1" in
        --python) PY="$2"; shift 2 ;;
        --scope) SCOPE="$2"; shift 2 ;;
        *) break ;;
    esac
done
case "$SCOPE" in
    unit) paths=(tests/unit) ;;
    all) paths=(tests/unit tests/integration) ;;
    *) echo "check-installed-wheel: --scope is unit or all, not $SCOPE" >&2; exit 2 ;;
esac
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
shopt -s nullglob
wheels=("$ROOT"/dist/storj_uplink_sdk-*manylinux_2_17_x86_64*.whl)
[ ${#wheels[@]} = 1 ] || { echo "check-installed-wheel: need one x86_64 wheel in dist/ (bash scripts/build-wheels.sh --arch x86_64)" >&2; exit 1; }
[ -x "$ROOT/.venv/bin/python" ] || { echo "check-installed-wheel: no .venv: run bash scripts/setup.sh" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="$("$PY" -c 'import platform; print(platform.python_version())')"
say "Python $version: fresh venv with ${wheels[0]##*/} and the test tools"
"$PY" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check --prefer-binary "${wheels[0]}[test]"

# PATH without compilers (scripts/toolless-path.sh).
source "$ROOT/scripts/toolless-path.sh"
newpath="$(toolless_path "$work")"
for tool in go gcc cc zig; do
    if env PATH="$newpath" sh -c "command -v $tool" >/dev/null; then
        echo "check-installed-wheel: $tool is still reachable" >&2; exit 1
    fi
done

say "Python $version: ${paths[*]} against the installed wheel, no go/gcc/cc/zig on PATH"
cd "$ROOT"
status=0
"$ROOT/.venv/bin/python" -m storj_uplink.testnet -q -- \
    env PATH="$newpath" STORJ_UPLINK_TEST_INSTALLED_IN="$work/venv" \
    "$work/venv/bin/python" -m pytest "${paths[@]}" -m "not faults and not needs_go" "$@" || status=$?
exit "$status"
