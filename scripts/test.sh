#!/usr/bin/env bash
# README command 2: every test (Go unit tests, Python unit and integration tests
# against a real local Storj network that the test session starts itself).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

say "Go tests of the native core (go/)"
go_bin="$(command -v go || true)"
[ -n "$go_bin" ] || go_bin="$("$VENV/bin/python" -c 'import build_go; print(build_go.find_go())')"
(cd go && CGO_ENABLED=1 GOTOOLCHAIN=local "$go_bin" test ./...)

say "Lint (ruff), types (mypy --strict), docs (mkdocs --strict)"
"$VENV/bin/ruff" check src tests benchmarks examples
"$VENV/bin/mypy"
"$VENV/bin/mkdocs" build --strict --quiet -d "$(mktemp -d)"

say "Wheels: the sdist and the manylinux_2_17 wheels (x86_64, aarch64), checked (scripts/build-wheels.sh)"
bash "$ROOT/scripts/build-wheels.sh"

# pytest exits 5 when it ran nothing: a failure here.
run_pytest() {
    local status=0
    "$@" || status=$?
    if [ "$status" = 5 ]; then echo "pytest collected no tests: that is a failure" >&2; return 1; fi
    return "$status"
}
say "Python tests, source install: unit tests, and the network tests that build Go or stop parts of the network"
say "(the first run builds the local Storj network: several minutes)"
status=0
run_pytest "$VENV/bin/python" -m pytest tests -m "not network or faults or needs_go" "$@" || status=1
say "Python tests, installed wheel: the other network tests in a fresh venv with no go/gcc/cc/zig on PATH"
run_pytest bash "$ROOT/scripts/check-installed-wheel.sh" "$@" || status=1
say "The aarch64 wheel under qemu: pip install and a round trip on the local network"
bash "$ROOT/scripts/check-aarch64-wheel.sh" || status=1
exit "$status"
