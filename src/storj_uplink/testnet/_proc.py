"""Small process and port helpers for :mod:`storj_uplink.testnet` (Linux first, POSIX fallbacks)."""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import time
from pathlib import Path
from typing import Any, Optional

from .errors import TestnetError

LOOPBACK = "127.0.0.1"


# ---------------------------------------------------------------- ports


def find_free_port(host: str = LOOPBACK) -> int:
    """Return a TCP port on ``host`` that nothing listens on right now.

    The port is free when this returns; another process may still take it
    before the caller binds it, so callers retry on a bind failure.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        port: int = s.getsockname()[1]
        return port


def port_in_use(port: int, host: str = LOOPBACK) -> bool:
    """True when ``host:port`` cannot be bound (something listens there or holds it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            if e.errno in (errno.EADDRINUSE, errno.EACCES):
                return True
            raise
    return False


def check_port_free(port: int, what: str, host: str = LOOPBACK) -> None:
    """Raise :class:`TestnetError` with a one-line reason when ``port`` is taken."""
    if not 0 < port < 65536:
        raise TestnetError(f"{what}: port {port} is not a valid TCP port")
    if port_in_use(port, host):
        raise TestnetError(f"{what}: port {port} on {host} is already in use")


def tcp_accepts(address: str, timeout: float = 1.0) -> bool:
    """True when a TCP connection to ``host:port`` (or ``id@host:port``) succeeds."""
    host, port = split_address(address)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_tcp(address: str, timeout: float, *, up: bool = True, interval: float = 0.05) -> bool:
    """Wait until ``address`` accepts (``up=True``) or refuses (``up=False``) TCP connections."""
    deadline = time.monotonic() + timeout
    while True:
        if tcp_accepts(address, timeout=min(1.0, max(0.05, timeout))) == up:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def split_address(address: str) -> tuple[str, int]:
    """Split ``[nodeid@]host:port`` into ``(host, port)``."""
    if "@" in address:
        address = address.rsplit("@", 1)[1]
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"not a host:port address: {address!r}")
    return host.strip("[]"), int(port)


# ---------------------------------------------------------------- processes


def process_start_time(pid: int) -> Optional[str]:
    """The kernel start time of ``pid`` (guards against PID reuse), or None if it is gone.

    On systems without /proc this is ``"?"`` for a live process.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read().decode("ascii", "replace")
    except FileNotFoundError:
        return None
    except OSError:
        return "?" if pid_alive(pid) else None
    # The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    rest = data.rsplit(")", 1)[1].split()
    state = rest[0]
    if state in ("Z", "X"):
        return None  # a zombie has finished running
    return rest[19]  # field 22: starttime


def pid_alive(pid: int) -> bool:
    """True when a process with ``pid`` exists and has not finished (zombies count as gone)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().decode("ascii", "replace").rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:
        return True


def write_pidfile(path: Path, pid: int, **extra: object) -> None:
    """Write ``{"pid": ..., "start": ...}`` atomically.

    The start time lets a later run tell whether that PID is still the same process.
    """
    record = {"pid": pid, "start": process_start_time(pid), **extra}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(record))
    os.replace(tmp, path)


def read_pidfile(path: Path) -> Optional[dict[str, Any]]:
    try:
        record = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("pid"), int):
        return None
    return record


def pidfile_process_alive(path: Path) -> bool:
    """True when the process recorded in ``path`` still runs (same PID and start time)."""
    record = read_pidfile(path)
    if record is None:
        return False
    start = process_start_time(record["pid"])
    if start is None:
        return False
    recorded = record.get("start")
    if recorded in (None, "?") or start == "?":
        return True  # cannot tell a reused PID apart: assume it is the same process
    return bool(recorded == start)


def wait_pid_gone(pid: int, timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while pid_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)
    return True


def kill_quietly(pid: int, sig: int = signal.SIGKILL) -> None:
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def killpg_quietly(pgid: int, sig: int = signal.SIGKILL) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def tail(path: Path, lines: int = 30, max_bytes: int = 64 * 1024) -> str:
    """The last ``lines`` lines of a text file (empty when it does not exist)."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - max_bytes))
            data = f.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return "\n".join(data.splitlines()[-lines:])
