#!/usr/bin/env bash
# Sourced by scripts/demo.sh and scripts/test.sh: makes a fresh machine ready.
# Installs what is missing (Debian packages as root, pip packages into .venv)
# and (re)installs this package into .venv. Go modules and builds are cached
# outside the clone (Go's own caches, ~/.cache/storj_uplink), so a warm
# machine is fast; nothing here depends on those caches being there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() {
    if [ "$(id -u)" != 0 ]; then
        echo "missing Debian packages: $* (run as root or install them: apt-get install $*)" >&2
        return 1
    fi
    say "installing Debian packages: $*"
    if [ -z "${_APT_UPDATED:-}" ]; then apt-get update -qq; _APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

missing=()
command -v gcc >/dev/null || missing+=(gcc libc6-dev)
command -v pkg-config >/dev/null || missing+=(pkgconf)  # the C library's smoke test
command -v python3 >/dev/null || missing+=(python3 python3-venv)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then apt_install python3-venv; fi

if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    python3 -m venv "$VENV"
fi
say "installing storj_uplink and its test tools into .venv (first Go build ~1 min)"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
"$VENV/bin/python" -m pip install -q --disable-pip-version-check "$ROOT[test,lint,docs,fsspec,progress]"
