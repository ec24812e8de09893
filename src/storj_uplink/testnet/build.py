"""Build the local network's Go server (``planet.test``) on first use and cache it.

The Go sources (``planet/``: go.mod, go.sum, planet_test.go) ship inside the
package, so this works from an installed wheel too. The binary goes to::

    $STORJ_UPLINK_CACHE/testnet/<hash>/planet.test          when STORJ_UPLINK_CACHE is set
    ${XDG_CACHE_HOME:-~/.cache}/storj_uplink/testnet/<hash>/planet.test   otherwise

where ``<hash>`` covers the Go sources, the Go version, GOOS/GOARCH and the
module cache path. The first build compiles storj.io/storj (minutes on two
cores); later runs reuse the binary. A lock file keeps two concurrent first
uses from building twice, and the binary is built under a temporary name and
renamed into place.

The build never uses ``-trimpath``: testplanet finds the satellite's e-mail
templates through source paths into the Go module cache, so that cache must
also stay (do not ``go clean -modcache`` afterwards; if it is gone, the next
use rebuilds).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Mapping, Optional, TextIO

from . import _sources
from ._sources import planet_files
from .errors import TestnetError

__all__ = [
    "ensure_server",
    "server_path",
    "go_sources_dir",
    "sources_digest",
    "MIN_GO",
    "STORJ_VERSION",
]

MIN_GO = (1, 25)
#: The storj.io/storj version the server is built from (see planet/go.mod).
STORJ_VERSION = "v1.162.4"
#: Where Go is looked for when it is not on PATH.
GO_FALLBACKS = ("/usr/local/go/bin/go", "/usr/lib/go/bin/go")


def go_sources_dir() -> Path:
    return Path(__file__).resolve().parent / "planet"


def _source_files() -> list[Path]:
    src = go_sources_dir()
    files = planet_files(src)
    missing = [str(f) for f in files if not f.is_file()]
    if missing or not any(f.suffix == ".go" for f in files):
        raise TestnetError(
            f"the Go sources of the local network server are missing from the package: {src}"
        )
    return files


def _find_go() -> str:
    go = shutil.which("go")
    if go is None:
        for candidate in GO_FALLBACKS:
            if os.access(candidate, os.X_OK):
                return candidate
        raise TestnetError(
            "Go not found on PATH: the local Storj network is built from Go sources and "
            f"needs Go >= {MIN_GO[0]}.{MIN_GO[1]} (or set STORJ_SATELLITE and STORJ_API_KEY "
            "to use a running network)"
        )
    return go


def _go_env(go: str, env: dict[str, str]) -> dict[str, str]:
    names = ["GOVERSION", "GOOS", "GOARCH", "GOMODCACHE", "CGO_ENABLED"]
    try:
        out = subprocess.run(
            [go, "env", *names],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise TestnetError(f"cannot run '{go} env': {e}") from None
    if out.returncode != 0:
        first = (out.stderr.strip().splitlines() or ["(no output)"])[0]
        raise TestnetError(f"'{go} env' failed: {first}")
    values = out.stdout.splitlines()
    return dict(zip(names, values + [""] * (len(names) - len(values))))


def _parse_go_version(text: str) -> Optional[tuple[int, int]]:
    m = re.match(r"go(\d+)\.(\d+)", text.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


def build_env(base: Optional[Mapping[str, str]] = None) -> dict[str, str]:
    """The environment for ``go``: the local toolchain only, cgo on, no -trimpath from GOFLAGS."""
    env = dict(os.environ if base is None else base)
    env["GOTOOLCHAIN"] = "local"
    env["CGO_ENABLED"] = "1"
    env["GOWORK"] = "off"
    flags = [f for f in env.get("GOFLAGS", "").split() if not f.startswith(("-trimpath", "-mod="))]
    env["GOFLAGS"] = " ".join([*flags, "-mod=readonly"])
    return env


def cache_root() -> Path:
    explicit = os.environ.get("STORJ_UPLINK_CACHE")
    if explicit:
        return Path(explicit).expanduser() / "testnet"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "storj_uplink" / "testnet"


def sources_digest() -> str:
    """The digest of the packaged Go sources (what a prebuilt server must have been built from)."""
    return _sources.sources_digest(_source_files())


def _fingerprint(files: list[Path], goenv: dict[str, str]) -> str:
    h = hashlib.sha256(_sources.sources_digest(files).encode())
    for key in ("GOVERSION", "GOOS", "GOARCH", "GOMODCACHE"):
        h.update(f"{key}={goenv.get(key, '')}\0".encode())
    return h.hexdigest()[:16]


def server_path() -> Path:
    """Where the server binary for the current sources and Go toolchain lives (built or not)."""
    go = _find_go()
    goenv = _go_env(go, build_env())
    return cache_root() / _fingerprint(_source_files(), goenv) / "planet.test"


def _templates_present(goenv: dict[str, str]) -> bool:
    modcache = goenv.get("GOMODCACHE") or ""
    return Path(modcache, f"storj.io/storj@{STORJ_VERSION}", "web/satellite/static/emails").is_dir()


def ensure_server(
    *, progress: Optional[TextIO] = None, log: Optional[Callable[[str], None]] = None
) -> Path:
    """Return the path of a built ``planet.test``, building it first if needed.

    Raises :class:`TestnetError` with a one-line reason when Go is missing or
    too old, or the build fails (the tail of the build log follows).
    """
    stream = progress if progress is not None else sys.stderr
    say = log or (lambda msg: print(msg, file=stream, flush=True))

    go = _find_go()
    env = build_env()
    goenv = _go_env(go, env)
    version = _parse_go_version(goenv.get("GOVERSION", ""))
    if version is None or version < MIN_GO:
        raise TestnetError(
            f"Go {goenv.get('GOVERSION') or '(unknown version)'} at {go} is too old: the local "
            "Storj network "
            f"needs Go >= {MIN_GO[0]}.{MIN_GO[1]} (storj.io/storj {STORJ_VERSION})"
        )
    files = _source_files()
    out_dir = cache_root() / _fingerprint(files, goenv)
    binary = out_dir / "planet.test"

    def ready() -> bool:
        return binary.is_file() and os.access(binary, os.X_OK) and _templates_present(goenv)

    _build_once(ready, out_dir / "build.lock",
               lambda: _build(go, env, files, out_dir, binary, say, stream), say)
    return binary


def _build_once(ready: Callable[[], bool], lock_path: Path, build: Callable[[], None],
               say: Callable[[str], None]) -> None:
    """Run ``build()`` unless ``ready()``: a lock file keeps two concurrent first uses
    from building twice (the second waits, then finds it built)."""
    if ready():
        return
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as lock:
        _lock(lock, say)
        try:
            if not ready():  # else another process built it while we waited
                build()
        finally:
            _unlock(lock)


def _lock(lock: TextIO, say: Callable[[str], None]) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: no cross-process lock, at worst two builds race to rename
        return
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        say(
            "storj_uplink.testnet: another process is building the local network server; waiting "
            "for it ..."
        )
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)


def _unlock(lock: TextIO) -> None:
    try:
        import fcntl

        fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
    except ImportError:
        pass


def _build(
    go: str,
    env: dict[str, str],
    files: list[Path],
    out_dir: Path,
    binary: Path,
    say: Callable[[str], None],
    stream: TextIO,
) -> None:
    # Build from a private copy: the package directory may be read-only (site-packages).
    src = out_dir / "src"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    for f in files:
        shutil.copy2(f, src / f.name)
    tmp = out_dir / f".planet.test.tmp-{os.getpid()}"
    build_log = out_dir / "build.log"
    cmd = [go, "test", "-c", "-x", "-o", str(tmp), "."]
    say(
        "storj_uplink.testnet: building the local Storj network server (storj.io/storj "
        f"{STORJ_VERSION}) "
        f"into {out_dir}"
    )
    say(
        "storj_uplink.testnet: the first build takes several minutes (about 4-5 on 2 cores "
        "with a cold Go cache); later runs reuse it"
    )

    started = time.monotonic()
    counts = {"compiled": 0, "cgo": 0, "linking": 0}
    with open(build_log, "w") as logf:
        try:
            proc = subprocess.Popen(
                cmd,
                cwd=str(src),
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
            )
        except OSError as e:
            raise TestnetError(f"cannot run {go}: {e.strerror}") from None

        def pump() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                logf.write(line)
                if "/compile " in line and " -p " in line:
                    counts["compiled"] += 1
                elif "/cgo " in line:
                    counts["cgo"] += 1
                elif "/link " in line:
                    counts["linking"] = 1

        reader = threading.Thread(target=pump, name="go-build-log", daemon=True)
        reader.start()
        tty = hasattr(stream, "isatty") and stream.isatty()
        last_print = 0.0
        try:
            while proc.poll() is None:
                time.sleep(0.5)
                elapsed = time.monotonic() - started
                if elapsed - last_print >= (1.0 if tty else 30.0):
                    last_print = elapsed
                    phase = (
                        "linking"
                        if counts["linking"]
                        else f"{counts['compiled']} packages compiled"
                    )
                    msg = f"storj_uplink.testnet: building ... {elapsed:4.0f} s, {phase}"
                    if tty:
                        stream.write("\r" + msg + "   ")
                        stream.flush()
                    else:
                        say(msg)
        except BaseException:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            _remove(tmp)
            if tty:
                stream.write("\n")
            raise
        reader.join(10)
        if tty:
            stream.write("\n")
            stream.flush()

    elapsed = time.monotonic() - started
    if proc.returncode != 0 or not tmp.is_file():
        _remove(tmp)
        tail_lines = [
            ln
            for ln in build_log.read_text(errors="replace").splitlines()
            if ln
            and not ln.startswith(("mkdir ", "cd ", "cat ", "EOF", "#", "WORK=", "echo ", "/"))
        ]
        reason = tail_lines[-1] if tail_lines else f"go exited {proc.returncode}"
        detail = "\n".join(tail_lines[-15:])
        raise TestnetError(
            f"building the local network server failed: {reason} (log: {build_log})\n{detail}"
        )
    os.chmod(tmp, 0o755)
    os.replace(tmp, binary)
    say(
        f"storj_uplink.testnet: built {binary.name} in {elapsed:.0f} s "
        f"({counts['compiled']} packages compiled)"
    )


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
