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
"$VENV/bin/ruff" check .  # every Python file of the repository (.gitignore'd ones excepted)
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
