#!/usr/bin/env bash
# README command 2: every test (Go unit tests, Python unit and integration tests
# against a real local Storj network that the test session starts itself).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

say "Go tests of the native core (go/), with the race detector"
go_bin="$(command -v go || true)"
[ -n "$go_bin" ] || go_bin="$("$VENV/bin/python" -c 'import build_go; print(build_go.find_go())')"
# -count=1: go does not track the files gcc reads (testdata/smoke.c), so a cached
# result could hide a changed smoke test. -race: the Go tests run under the race
# detector (~15 s warm; ~4 min the first time, building the race runtime of the
# dependencies, on 2 busy cores).
(cd go && CGO_ENABLED=1 GOTOOLCHAIN=local "$go_bin" test -count=1 -race ./...)

say "Lint (ruff), types (mypy --strict), docs (mkdocs --strict)"
"$VENV/bin/ruff" check src tests benchmarks examples
"$VENV/bin/mypy"
"$VENV/bin/mkdocs" build --strict --quiet -d "$(mktemp -d)"

say "Python tests (the first run builds the local Storj network: several minutes)"
set +e
"$VENV/bin/python" -m pytest tests "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
    echo "pytest collected no tests: that is a failure" >&2
    exit 1
fi
exit "$status"
