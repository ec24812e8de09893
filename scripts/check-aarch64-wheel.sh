#!/usr/bin/env bash
# Check 4 of the wheels: the aarch64 wheel in dist/ installs with pip into an arm64
# Debian userland run under qemu user-mode emulation, and examples/hello_storj.py
# (upload, list, download + sha256 compare, read-only share, clean up) passes with
# it against the local network on loopback; then the aarch64 network server of the
# storj-uplink-testnet-server wheel, also emulated, serves the same example run
# natively. scripts/test.sh (CI) runs it.
#
# Needs: Debian's qemu-user-static and debootstrap (installed when run as root),
# the aarch64 wheel (bash scripts/build-wheels.sh), and .venv (scripts/setup.sh)
# to start the local network. The arm64 userland (Debian bookworm, minbase +
# python3) is cached in ~/.cache/storj_uplink/arm64-bookworm.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${STORJ_UPLINK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/storj_uplink}"
RFS="$CACHE/arm64-bookworm"
MIRROR="${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { echo "check-aarch64-wheel: $*" >&2; exit 1; }

if ! command -v qemu-aarch64-static >/dev/null || ! command -v debootstrap >/dev/null; then
    [ "$(id -u)" = 0 ] || die "missing qemu-aarch64-static or debootstrap: apt-get install qemu-user-static debootstrap"
    say "installing Debian packages: qemu-user-static debootstrap"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static debootstrap >/dev/null
fi
shopt -s nullglob
wheels=("$ROOT"/dist/storj_uplink_sdk-*manylinux_2_17_aarch64*.whl)
[ ${#wheels[@]} = 1 ] || die "need exactly one aarch64 wheel in dist/ (bash scripts/build-wheels.sh --arch aarch64)"
[ -x "$ROOT/.venv/bin/python" ] || die "no .venv to start the local network: run bash scripts/setup.sh"

start=$(date +%s)
if [ ! -e "$RFS/.complete" ]; then
    say "arm64 Debian userland into $RFS (debootstrap --foreign, packages unpacked; once)"
    rm -rf "$RFS"
    debootstrap --arch=arm64 --foreign --variant=minbase --include=python3,python3-venv,python3-pip \
        bookworm "$RFS" "$MIRROR" >/dev/null
    # No binfmt_misc needed: the second stage would run arm64 maintainer scripts; python3
    # needs none of them, so the downloaded packages are simply unpacked.
    for deb in "$RFS"/var/cache/apt/archives/*.deb; do dpkg-deb -x "$deb" "$RFS"; done
    touch "$RFS/.complete"
fi
qpy() { QEMU_LD_PREFIX="$RFS" qemu-aarch64-static "$@"; }

VENV="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$VENV")"' EXIT
say "arm64 venv (python $(qpy "$RFS/usr/bin/python3" -c 'import platform; print(platform.python_version(), platform.machine())'))"
# --without-pip: ensurepip would exec the arm64 python as a subprocess, which needs
# binfmt_misc; Debian's own pip (python3-pip, unpacked above) installs in-process.
qpy "$RFS/usr/bin/python3" -m venv --without-pip --system-site-packages "$VENV"
say "pip install ${wheels[0]##*/} (cffi for aarch64 from the index)"
qpy "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${wheels[0]}"
qpy "$VENV/bin/python" -c 'import platform, storj_uplink as sj; assert platform.machine() == "aarch64"; print("import OK:", sj.__file__, sj.__version__)'
say "round trip on the local network under emulation: examples/hello_storj.py"
t0=$(date +%s)
"$ROOT/.venv/bin/python" -m storj_uplink.testnet -q -- \
    env QEMU_LD_PREFIX="$RFS" qemu-aarch64-static "$VENV/bin/python" "$ROOT/examples/hello_storj.py"
say "the aarch64 network server (storj-uplink-testnet-server wheel) under emulation: hello_storj.py against it"
servers=("$ROOT"/dist/storj_uplink_testnet_server-*manylinux_2_17_aarch64*.whl)
[ ${#servers[@]} = 1 ] || die "need exactly one aarch64 server wheel in dist/ (bash scripts/build-wheels.sh --arch aarch64)"
SRV="$(dirname "$VENV")/server"
"$ROOT/.venv/bin/python" -m zipfile -e "${servers[0]}" "$SRV"
pkg="$SRV/storj_uplink_testnet_server"
chmod +x "$pkg/bin/planet.test"
t1=$(date +%s)
STORJ_TESTNET_SERVER_CMD="env QEMU_LD_PREFIX=$RFS PLANET_STORJ_WEB=$pkg/web qemu-aarch64-static $pkg/bin/planet.test -test.run ^TestServePlanet\$ -test.timeout 0 -test.v" \
    "$ROOT/.venv/bin/python" -m storj_uplink.testnet -q --start-timeout 300 -- \
    "$ROOT/.venv/bin/python" "$ROOT/examples/hello_storj.py"
echo "check-aarch64-wheel: OK (round trip $(( t1 - t0 )) s, aarch64 server $(( $(date +%s) - t1 )) s, whole check $(( $(date +%s) - start )) s)"
