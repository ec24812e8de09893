"""The three sides of the benchmarks, as commands the harness launches.

* ``sdk``  -- this package, in the harness's own interpreter (benchmarks/sdk_side.py);
* ``go``   -- storj.io/uplink used directly (go/bench, built with the go/ module's pins);
* ``pypi`` -- PyPI's storj-uplink 0.2.0 in its own venv under the cache directory
  (benchmarks/pypi_side.py), since its import name is the same as ours;
* ``gocli`` -- the Go ``uplink`` CLI (``cp --recursive --transfers N``) at the
  storj.io/storj version the local network pins: only the many-files measures.

Every side runs one operation per process and prints one JSON object (see
_worker.py); :func:`run_worker` turns that into a dict (``{"error": ...}`` on
any failure, never an exception).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYPI_REQUIREMENT = "storj-uplink==0.2.0"
SIDES = ("sdk", "go", "pypi", "gocli")


def cache_dir() -> Path:
    base = os.environ.get("STORJ_UPLINK_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "storj_uplink")
    return Path(base)


@dataclass
class Side:
    name: str
    label: str
    command: List[str] = field(default_factory=list)
    error: Optional[str] = None  # why this side cannot run (then command is empty)
    version: str = ""

    @property
    def usable(self) -> bool:
        return self.error is None


def _say(msg: str) -> None:
    print(f"benchmarks: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- sdk


def sdk_side() -> Side:
    side = Side("sdk", "storj_uplink (this SDK)")
    try:
        import storj_uplink as sj
        side.version = f"{sj.__version__} (storj.io/uplink {sj.GO_UPLINK_VERSION})"
    except Exception as exc:  # pragma: no cover - depends on the installation
        side.error = f"cannot import storj_uplink in {sys.executable}: {exc}"
        return side
    side.command = [sys.executable, str(HERE / "sdk_side.py")]
    return side


# ---------------------------------------------------------------- go


def go_side() -> Side:
    """Build go/bench (a package of the go/ module) into the cache directory."""
    side = Side("go", "Go storj.io/uplink")
    sys.path.insert(0, str(ROOT))
    try:
        import build_go
    finally:
        sys.path.remove(str(ROOT))
    side.version = f"storj.io/uplink {build_go.go_module_version('storj.io/uplink')}"
    try:
        go = build_go.find_go()
    except Exception as exc:
        side.error = str(exc)
        return side
    out = cache_dir() / "bench" / "gobench"
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    proc = subprocess.run([go, "build", "-o", str(out), "./bench"], cwd=ROOT / "go",
                          env=build_go.go_env(go), capture_output=True, text=True)
    if proc.returncode != 0:
        side.error = "go build ./bench failed: " + proc.stderr[-2000:]
        return side
    _say(f"built go/bench in {time.monotonic() - started:.1f} s")
    side.command = [str(out)]
    return side


# ---------------------------------------------------------------- pypi


def _venv_python(path: Path) -> Path:
    return path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def pypi_side(enabled: bool = True) -> Side:
    """PyPI's storj-uplink in ~/.cache/storj_uplink/bench-venv (created on first use)."""
    side = Side("pypi", "PyPI storj-uplink 0.2.0")
    if not enabled:
        side.error = "skipped (--no-pypi)"
        return side
    env_dir = cache_dir() / "bench-venv"
    python = _venv_python(env_dir)
    check = [str(python), "-c",
             "import importlib.metadata as m, storj_uplink.uplink; "
             "print(m.version('storj-uplink'))"]
    try:
        ok = python.exists() and subprocess.run(check, capture_output=True, text=True,
                                                timeout=120).stdout.strip() == "0.2.0"
        if not ok:
            _say(f"installing {PYPI_REQUIREMENT} into {env_dir}")
            if not python.exists():
                venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
            proc = subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                                   "--disable-pip-version-check", PYPI_REQUIREMENT],
                                  capture_output=True, text=True, timeout=600)
            if proc.returncode != 0:
                raise RuntimeError("pip install failed: " + (proc.stderr or proc.stdout)[-1500:])
            got = subprocess.run(check, capture_output=True, text=True, timeout=120)
            if got.stdout.strip() != "0.2.0":
                raise RuntimeError("it does not import: " + got.stderr[-1500:])
    except Exception as exc:
        side.error = f"PyPI {PYPI_REQUIREMENT} is not usable: {exc}"
        return side
    side.version = "0.2.0"
    side.command = [str(python), str(HERE / "pypi_side.py")]
    return side


# ---------------------------------------------------------------- gocli


def gocli_side() -> Side:
    """The Go uplink CLI, built (or found in the cache) by storj_uplink.testnet.gocli."""
    side = Side("gocli", "Go uplink CLI")
    try:
        from storj_uplink.testnet.build import STORJ_VERSION
        from storj_uplink.testnet.gocli import ensure_go_cli

        side.command = [str(ensure_go_cli())]
        side.version = f"storj.io/storj {STORJ_VERSION} cmd/uplink"
    except Exception as exc:
        side.error = f"cannot build the Go uplink CLI: {exc}"
    return side


def run_gocli_many(side: Side, access: str, source: Path, bucket: str, prefix: str,
                   target: Path, transfers: int, workdir: Path,
                   timeout: float = 1800) -> Dict[str, object]:
    """``uplink cp --recursive --transfers N`` up (source -> prefix) then down (-> target),
    each timed around its process; the same result fields as the SDK's many-files op."""
    if not side.usable:
        return {"error": side.error}
    config = workdir / "gocli-config"  # throwaway: the CLI must not read a user's setup
    config.mkdir(exist_ok=True)
    common = ["--recursive", "--transfers", str(transfers), "--progress=false",
              "--access", access, "--config-dir", str(config)]
    times = {}
    for name, src, dst in (("upload_s", f"{source}/", f"sj://{bucket}/{prefix}"),
                           ("download_s", f"sj://{bucket}/{prefix}", f"{target}/")):
        start = time.perf_counter()
        try:
            proc = subprocess.run([*side.command, "cp", *common, src, dst],
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"error": f"uplink cp timed out after {timeout:.0f} s"}
        times[name] = time.perf_counter() - start
        if proc.returncode != 0:
            text = (proc.stderr or proc.stdout).replace(access, "<access>")[-1500:]
            return {"error": f"uplink cp exit status {proc.returncode}: {text}"}
    files = [p for p in target.rglob("*") if p.is_file()]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files), **times}


def make_sides(names: List[str], pypi: bool = True) -> Dict[str, Side]:
    makers = {"sdk": sdk_side, "go": go_side, "pypi": lambda: pypi_side(pypi),
              "gocli": gocli_side}
    return {name: makers[name]() for name in names}


# ---------------------------------------------------------------- running


def run_worker(side: Side, op: str, env: Dict[str, str], timeout: float = 3600,
               **flags: object) -> Dict[str, object]:
    """Run one operation of a side in a fresh process; its JSON result or {"error": ...}."""
    if not side.usable:
        return {"error": side.error}
    cmd = [*list(side.command), "-op", op]
    for name, value in flags.items():
        cmd += ["-" + name.replace("_", "-"), str(value)]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    except OSError as exc:
        return {"error": f"cannot run {cmd[0]}: {exc}"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip().startswith("{")]
    if not lines:
        tail = (proc.stderr or proc.stdout)[-1500:]
        return {"error": f"exit status {proc.returncode}, no result: {tail}"}
    try:
        result: Dict[str, object] = json.loads(lines[-1])
    except ValueError:
        return {"error": f"unreadable result: {lines[-1][:500]}"}
    if proc.returncode != 0 and "error" not in result:
        result["error"] = f"exit status {proc.returncode}"
    return result
