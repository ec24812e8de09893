#!/usr/bin/env bash
# Check 3 of the wheels: the x86_64 wheel, installed into a fresh venv, passes the
# integration tests against the local network with no go, gcc, cc or zig reachable
# (PATH is rebuilt without them), importing the installed package, not src/.
# The network is started from .venv (it is built with Go); the tests then run in the
# fresh venv. Tests that control the network (faults) or build Go (needs_go) run in
# the source-install session of scripts/test.sh instead. Extra args go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
shopt -s nullglob
wheels=("$ROOT"/dist/storj_uplink_sdk-*manylinux_2_17_x86_64*.whl)
[ ${#wheels[@]} = 1 ] || { echo "check-installed-wheel: need one x86_64 wheel in dist/ (bash scripts/build-wheels.sh --arch x86_64)" >&2; exit 1; }
[ -x "$ROOT/.venv/bin/python" ] || { echo "check-installed-wheel: no .venv: run bash scripts/setup.sh" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
say "fresh venv with ${wheels[0]##*/} and the test tools"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check "${wheels[0]}[test]"

# PATH without compilers: each PATH folder holding one of them is replaced by a
# folder of links to everything else it holds.
banned='^(go|gofmt|gcc|cc|c89|c99|c\+\+|g\+\+|cpp|clang|clang\+\+|zig|tcc|(.*-)?gcc(-[0-9.]+)?|(.*-)?g\+\+(-[0-9.]+)?)$'
newpath=""
i=0
IFS=: read -r -a dirs <<< "$PATH"
for d in "${dirs[@]}"; do
    [ -d "$d" ] || continue
    if ls -1 "$d" | grep -Eq "$banned"; then
        i=$((i + 1)); farm="$work/path$i"; mkdir "$farm"
        for f in "$d"/*; do
            name="${f##*/}"
            [[ "$name" =~ $banned ]] || ln -s "$f" "$farm/$name"
        done
        d="$farm"
    fi
    newpath="${newpath:+$newpath:}$d"
done
for tool in go gcc cc zig; do
    if env PATH="$newpath" sh -c "command -v $tool" >/dev/null; then
        echo "check-installed-wheel: $tool is still reachable" >&2; exit 1
    fi
done

say "integration tests against the installed wheel, no go/gcc/cc/zig on PATH"
cd "$ROOT"
exec "$ROOT/.venv/bin/python" -m storj_uplink.testnet -q -- \
    env PATH="$newpath" STORJ_UPLINK_TEST_INSTALLED_IN="$work/venv" \
    "$work/venv/bin/python" -m pytest tests/integration -m "network and not faults and not needs_go" "$@"
