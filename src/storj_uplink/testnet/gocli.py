"""Build the Go ``uplink`` CLI that matches the local network, on first use, and cache it.

The CLI is ``storj.io/storj/cmd/uplink`` at the storj.io/storj version the
network server pins (``planet/go.mod``; ``planet/tools.go`` keeps it there).
It is what interoperability tests and benchmarks compare this package with.
The binary goes next to the server's, under the same fingerprint directory::

    <cache>/testnet/<hash>/uplink

Most of its packages are already in Go's build cache after the server build,
so a build takes seconds when the server is built, and a few minutes cold.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Optional, TextIO

from .build import (
    STORJ_VERSION,
    _build_once,
    _find_go,
    _fingerprint,
    _go_env,
    _remove,
    _source_files,
    build_env,
    cache_root,
)
from .errors import TestnetError

__all__ = ["ensure_go_cli", "GO_CLI_PACKAGE"]

GO_CLI_PACKAGE = "storj.io/storj/cmd/uplink"


def ensure_go_cli(
    *, progress: Optional[TextIO] = None, log: Optional[Callable[[str], None]] = None
) -> Path:
    """Return the path of the Go ``uplink`` CLI, building it first if needed.

    Raises :class:`TestnetError` with a one-line reason when Go is missing or
    the build fails.
    """
    stream = progress if progress is not None else sys.stderr
    say = log or (lambda msg: print(msg, file=stream, flush=True))
    go = _find_go()
    env = build_env()
    files = _source_files()
    out_dir = cache_root() / _fingerprint(files, _go_env(go, env))
    binary = out_dir / "uplink"
    _build_once(lambda: binary.is_file() and os.access(binary, os.X_OK), out_dir / "gocli.lock",
               lambda: _build(go, env, files, out_dir, binary, say), say)
    return binary


def _build(
    go: str,
    env: dict[str, str],
    files: list[Path],
    out_dir: Path,
    binary: Path,
    say: Callable[[str], None],
) -> None:
    src = out_dir / "gocli-src"
    src.mkdir(parents=True, exist_ok=True)
    for f in files:
        (src / f.name).write_bytes(f.read_bytes())
    tmp = out_dir / f".uplink.tmp-{os.getpid()}"
    say(f"storj_uplink.testnet: building the Go uplink CLI (storj.io/storj {STORJ_VERSION})")
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [go, "build", "-o", str(tmp), GO_CLI_PACKAGE],
            cwd=str(src),
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
        )
    except OSError as e:
        raise TestnetError(f"cannot run {go}: {e.strerror}") from None
    if proc.returncode != 0 or not tmp.is_file():
        _remove(tmp)
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        reason = lines[-1] if lines else f"go exited {proc.returncode}"
        raise TestnetError(f"building the Go uplink CLI failed: {reason}")
    os.chmod(tmp, 0o755)
    os.replace(tmp, binary)
    say(f"storj_uplink.testnet: built the Go uplink CLI in {time.monotonic() - started:.0f} s")
