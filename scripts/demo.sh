#!/usr/bin/env bash
# README command 1: the demo (examples/hello_storj.py) against a local Storj
# network that this command starts and stops itself.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
say "starting a local Storj network (the first run builds it: several minutes) and running the demo"
exec "$VENV/bin/python" -m storj_uplink.testnet -- "$VENV/bin/python" examples/hello_storj.py "$@"
