#!/usr/bin/env bash
# README command 2: every test. Go unit tests, lint and types, the wheels built and
# checked, then the Python tests against a real local Storj network: the tests that
# build Go/C or stop parts of the network with the source install in .venv, all the
# others against the installed manylinux wheel on every CPython 3.9-3.13 found, and
# the aarch64 wheel under qemu, and the local network installed with pip by a non-root
# user with no toolchain. Extra arguments go to every pytest run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

# Every CPython 3.9-3.13 here: pyenv's newest patch release, else python3.X on PATH.
find_python() {
    local found
    found="$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$1".*/bin/python"$1" 2>/dev/null \
             | sort -V | tail -1)"
    [ -n "$found" ] || found="$(command -v "python$1" || true)"
    [ -n "$found" ] && echo "$found"
}
pythons=()
for v in 3.9 3.10 3.11 3.12 3.13; do
    if p="$(find_python "$v")"; then pythons+=("$p"); fi
done
if [ ${#pythons[@]} -lt 2 ]; then
    echo "found ${#pythons[@]} CPython version(s) of 3.9-3.13; at least two are needed" >&2
    exit 1
fi
say "CPython versions found: $(for p in "${pythons[@]}"; do "$p" -c 'import platform; print(platform.python_version())'; done | tr '\n' ' ')"

say "Go tests of the native core (go/), with the race detector"
go_bin="$(command -v go || true)"
[ -n "$go_bin" ] || go_bin="$("$VENV/bin/python" -c 'import build_go; print(build_go.find_go())')"
# -count=1: go does not track the files gcc reads (testdata/smoke.c), so a cached
# result could hide a changed smoke test. -race: the Go tests run under the race
# detector (~15 s warm; ~4 min the first time, building the race runtime of the
# dependencies, on 2 busy cores).
(cd go && CGO_ENABLED=1 GOTOOLCHAIN=local "$go_bin" test -count=1 -race ./...)

say "Lint (ruff), types (mypy --strict), docs (mkdocs --strict)"
"$VENV/bin/ruff" check .  # every Python file of the repository (.gitignore'd ones excepted)
"$VENV/bin/mypy"
"$VENV/bin/mkdocs" build --strict --quiet -d "$(mktemp -d)"
say "Types for the oldest Python found (mypy --python-version of it, with its own packages)"
bash "$ROOT/scripts/mypy-oldest.sh" "${pythons[0]}"

say "Wheels: the sdist, the manylinux_2_17 wheels and the network server wheels (x86_64, aarch64), checked (scripts/build-wheels.sh)"
bash "$ROOT/scripts/build-wheels.sh"

# The test networks run the server of the wheel just built for this machine, so that
# storj.io/storj is not compiled once more (a cold machine's longest build) for a
# Go-built server. It is uninstalled again on exit: installed, it would be insisted
# on (and refused) once the planet/ sources change.
arch="$(uname -m)"
server_wheel="$(ls "$ROOT"/dist/storj_uplink_testnet_server-*-manylinux_2_17_"$arch".*.whl 2>/dev/null \
                | head -1 || true)"
if [ -n "$server_wheel" ]; then
    say "The test networks use the server wheel just built: $(basename "$server_wheel")"
    trap '"$VENV/bin/pip" uninstall -q -y storj-uplink-testnet-server >/dev/null 2>&1 || true' EXIT
    "$VENV/bin/pip" install -q --no-deps --force-reinstall "$server_wheel"
else
    say "No server wheel for $arch in dist/: the test networks build the server with Go"
fi

# pytest exits 5 when it ran nothing: a failure here.
run_pytest() {
    local status=0
    "$@" || status=$?
    if [ "$status" = 5 ]; then echo "pytest collected no tests: that is a failure" >&2; return 1; fi
    return "$status"
}
say "Python tests, source install: the tests that build Go or C, or stop parts of the network"
say "(without a server wheel, the first run builds the local Storj network: several minutes)"
status=0
run_pytest "$VENV/bin/python" -m pytest tests -m "needs_go or faults" "$@" || status=1

# The unit tests on every version found, the integration tests too on the oldest, the
# newest and .venv's version: each in a fresh venv with the same wheel, no toolchain.
main_version="$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
summary=()
last=$(( ${#pythons[@]} - 1 ))
for i in "${!pythons[@]}"; do
    p="${pythons[$i]}"
    v="$("$p" -c 'import platform; print(platform.python_version())')"
    scope=unit
    if [ "$i" = 0 ] || [ "$i" = "$last" ] || [[ "$v" == "$main_version".* ]]; then scope=all; fi
    t0=$(date +%s)
    if run_pytest bash "$ROOT/scripts/check-installed-wheel.sh" --python "$p" --scope "$scope" "$@"; then
        summary+=("Python $v, installed wheel: $scope tests passed ($(( $(date +%s) - t0 )) s)")
    else
        summary+=("Python $v, installed wheel: $scope tests FAILED ($(( $(date +%s) - t0 )) s)")
        status=1
    fi
done

say "The aarch64 wheel under qemu: pip install and a round trip on the local network"
bash "$ROOT/scripts/check-aarch64-wheel.sh" || status=1

say "The local network from pip: a non-root user, no Go/C/PostgreSQL on PATH, the [testnet] wheels"
t0=$(date +%s)
if bash "$ROOT/scripts/check-testnet-wheels.sh"; then
    summary+=("local network from pip (non-root, no toolchain): passed ($(( $(date +%s) - t0 )) s)")
else
    summary+=("local network from pip (non-root, no toolchain): FAILED ($(( $(date +%s) - t0 )) s)")
    status=1
fi

say "Summary"
printf '%s\n' "${summary[@]}"
exit "$status"
