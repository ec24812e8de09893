"""Start, use and stop a real Storj network on loopback (testplanet + a private PostgreSQL).

::

    from storj_uplink.testnet import LocalNetwork

    # Builds the Go server on first use (minutes), then starts in seconds.
    with LocalNetwork() as net:
        info = net.info                  # NetworkInfo: satellite, api_key, access, passphrase
        net.stop_node(0); net.start_node(0)
        net.stop_satellite(); net.start_satellite()

Everything listens on 127.0.0.1. Each run lives in its own directory under
``$STORJ_TESTNET_DIR`` (default: ``<tempdir>/storj_uplink-testnet-<uid>``):
the server's log, its temporary data (``TMPDIR``), the PostgreSQL cluster and
pid files. Runs whose owning process died are cleaned up by the next start.
"""

from __future__ import annotations

import atexit
import dataclasses
import http.client
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import (
    TYPE_CHECKING,
    Any,
    BinaryIO,
    Callable,
    Mapping,
    Optional,
    Sequence,
    TextIO,
    TypeVar,
    Union,
)

from . import _proc
from .errors import TestnetError

if TYPE_CHECKING:
    from .postgres import PostgresCluster

_N = TypeVar("_N", bound="_Network")

__all__ = [
    "NetworkInfo",
    "LocalNetwork",
    "ExternalNetwork",
    "network_from_env",
    "connect_or_start",
    "cleanup_stale_runs",
    "default_run_root",
    "install_signal_handlers",
    "DEFAULT_PASSPHRASE",
]

#: The passphrase of the local server's access grant (and the default for an external network).
DEFAULT_PASSPHRASE = "storj-uplink-testnet"
#: Test-binary flags for the Go server: run only the server, no test timeout, stream its log.
SERVER_ARGS = ("-test.run", "^TestServePlanet$", "-test.timeout", "0", "-test.v")

_EXTERNAL = (
    "fault control needs the local network started by storj_uplink.testnet, but STORJ_SATELLITE/"
    "STORJ_API_KEY/STORJ_ACCESS point at an external network (unset them to start a local one)"
)


# ---------------------------------------------------------------- NetworkInfo


@dataclasses.dataclass(frozen=True)
class NetworkInfo:
    """How to reach a Storj network.

    Its repr never shows the API key, the access or the passphrase.
    """

    #: The satellite's node URL, ``<node id>@127.0.0.1:<port>``.
    satellite: str
    api_key: str = dataclasses.field(repr=False)
    access: str = dataclasses.field(repr=False)
    passphrase: str = dataclasses.field(repr=False, default=DEFAULT_PASSPHRASE)
    #: The fault-control address (local network only).
    control: Optional[str] = None
    #: The storage nodes' addresses (local network only).
    node_addresses: tuple[str, ...] = ()

    @property
    def satellite_address(self) -> str:
        """``host:port`` of the satellite (the node URL without its id)."""
        return self.satellite.rsplit("@", 1)[-1]

    @property
    def satellite_id(self) -> str:
        return self.satellite.split("@", 1)[0] if "@" in self.satellite else ""

    @property
    def satellite_port(self) -> int:
        return _proc.split_address(self.satellite_address)[1]

    def env(self) -> dict[str, str]:
        """The environment variables that point a program at this network."""
        return {
            "STORJ_SATELLITE": self.satellite,
            "STORJ_API_KEY": self.api_key,
            "STORJ_ACCESS": self.access,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "NetworkInfo":
        try:
            return cls(
                satellite=str(data["satellite"]),
                api_key=str(data["api_key"]),
                access=str(data["access"]),
                passphrase=str(data.get("passphrase", DEFAULT_PASSPHRASE)),
                control=data.get("control") or None,
                node_addresses=tuple(data.get("node_addresses") or ()),
            )
        except (KeyError, TypeError) as e:
            raise TestnetError(
                f"the local network server wrote incomplete connection facts (missing {e})"
            ) from None


def network_from_env(environ: Optional[Mapping[str, str]] = None) -> Optional[NetworkInfo]:
    """A :class:`NetworkInfo` from STORJ_SATELLITE + STORJ_API_KEY (or STORJ_ACCESS), else None.

    STORJ_PASSPHRASE is used when set. A half-set environment (a satellite but
    neither an API key nor an access) raises :class:`TestnetError`.
    """
    env = os.environ if environ is None else environ
    satellite = env.get("STORJ_SATELLITE", "").strip()
    api_key = env.get("STORJ_API_KEY", "").strip()
    access = env.get("STORJ_ACCESS", "").strip()
    passphrase = env.get("STORJ_PASSPHRASE", DEFAULT_PASSPHRASE)
    if access or (satellite and api_key):
        return NetworkInfo(
            satellite=satellite, api_key=api_key, access=access, passphrase=passphrase
        )
    if satellite or api_key:
        missing = "STORJ_API_KEY" if satellite else "STORJ_SATELLITE"
        raise TestnetError(
            f"{'STORJ_SATELLITE' if satellite else 'STORJ_API_KEY'} is set but {missing} is not "
            "(set both, or STORJ_ACCESS, to use an external network; unset them to start a local "
            "one)"
        )
    return None


# ---------------------------------------------------------------- run directories


def default_run_root() -> Path:
    explicit = os.environ.get("STORJ_TESTNET_DIR")
    if explicit:
        return Path(explicit).expanduser()
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"storj_uplink-testnet-{uid}"


def cleanup_stale_runs(root: Optional[Path] = None, *, min_age: float = 60.0) -> list[Path]:
    """Remove run directories whose owning process is gone, stopping what they left running.

    A leftover server (its pid file names a live process with the recorded
    start time) gets SIGINT, then SIGKILL; a leftover PostgreSQL is stopped
    with ``pg_ctl stop -m immediate``. A directory without an owner pid file is
    only removed when older than ``min_age`` seconds. Returns the removed paths.
    """
    from .postgres import stop_stale_cluster

    root = Path(root) if root is not None else default_run_root()
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    for run in sorted(root.glob("run-*")):
        if not run.is_dir():
            continue
        owner = run / "owner.pid"
        if owner.exists():
            if _proc.pidfile_process_alive(owner):
                continue
        else:
            try:
                if time.time() - run.stat().st_mtime < min_age:
                    continue
            except OSError:
                continue
        server = run / "server.pid"
        record = _proc.read_pidfile(server)
        if record is not None and _proc.pidfile_process_alive(server):
            pid = record["pid"]
            _proc.kill_quietly(pid, signal.SIGINT)
            if not _proc.wait_pid_gone(pid, 15.0):
                _proc.killpg_quietly(pid)
                _proc.kill_quietly(pid)
                _proc.wait_pid_gone(pid, 5.0)
        stop_stale_cluster(run / "pg")
        shutil.rmtree(run, ignore_errors=True)
        removed.append(run)
    return removed


# ---------------------------------------------------------------- signals


def install_signal_handlers() -> None:
    """Turn SIGTERM and SIGHUP into KeyboardInterrupt, so ``finally`` blocks stop the network.

    Only in the main thread, and only where the default (terminate) handler is set.
    """
    if threading.current_thread() is not threading.main_thread():
        return

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None and signal.getsignal(sig) == signal.SIG_DFL:
            signal.signal(sig, handler)


def _parent_death_signal() -> Optional[Callable[[], None]]:
    """A preexec_fn: the child gets SIGINT when this process dies (Linux, main thread only)."""
    if (
        not sys.platform.startswith("linux")
        or threading.current_thread() is not threading.main_thread()
    ):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1
    sigint = int(signal.SIGINT)

    def preexec() -> None:
        prctl(pr_set_pdeathsig, sigint)

    return preexec


# ---------------------------------------------------------------- networks


class _Network:
    """What LocalNetwork and ExternalNetwork share."""

    is_local = False

    @property
    def info(self) -> NetworkInfo:
        raise NotImplementedError

    def start(self) -> NetworkInfo:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self: _N) -> _N:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class ExternalNetwork(_Network):
    """A network someone else runs (from STORJ_* variables).

    Nothing to start or stop, and no fault control.
    """

    def __init__(self, info: NetworkInfo) -> None:
        self._info = info

    @property
    def info(self) -> NetworkInfo:
        return self._info

    def start(self) -> NetworkInfo:
        return self._info

    def stop(self) -> None:
        pass

    def _no_faults(self, *args: object, **kwargs: object) -> Any:
        raise TestnetError(_EXTERNAL)

    stop_node = start_node = stop_satellite = start_satellite = status = restore = _no_faults
    limited_project = _no_faults

    def __repr__(self) -> str:
        return f"ExternalNetwork({self._info!r})"


class LocalNetwork(_Network):
    """A satellite, ``nodes`` storage nodes and a private PostgreSQL on 127.0.0.1.

    Arguments:
        nodes: storage nodes (5 gives RS 1/2/3/4).
        server_cmd: the server command (default: ``$STORJ_TESTNET_SERVER_CMD``, else the
            server of the storj-uplink-testnet-server wheel when installed, else the Go server,
            built on first use; see :mod:`storj_uplink.testnet.prebuilt`). Any command that
            honours the same protocol works (see ``_fake_planet``).
        postgres_url: use this database instead of starting a private cluster (default:
            ``$STORJ_TESTNET_POSTGRES``).
        postgres_port: the private cluster's port (default: a free one).
        run_root: where run directories go (default: :func:`default_run_root`).
        start_timeout: seconds to wait for the server's connection facts (the build is not counted).
        stop_timeout: seconds between SIGINT and SIGKILL.
        log_level: the server's log level (default ``$STORJ_TEST_LOG_LEVEL`` or ``warn``).
        passphrase: the passphrase of the access grant.
        progress: where progress messages go (default: stderr); ``None`` silences them.
    """

    is_local = True

    def __init__(
        self,
        nodes: int = 5,
        *,
        server_cmd: Optional[Sequence[str]] = None,
        postgres_url: Optional[str] = None,
        postgres_port: Optional[int] = None,
        run_root: Optional[Union[str, Path]] = None,
        start_timeout: float = 120.0,
        stop_timeout: float = 30.0,
        log_level: Optional[str] = None,
        passphrase: str = DEFAULT_PASSPHRASE,
        progress: Optional[TextIO] = sys.stderr,
    ) -> None:
        if nodes < 1:
            raise TestnetError(f"a local network needs at least 1 storage node, not {nodes}")
        self.nodes = nodes
        self._server_cmd = list(server_cmd) if server_cmd is not None else None
        self._postgres_url = postgres_url
        self._postgres_port = postgres_port
        self.run_root = Path(run_root) if run_root is not None else default_run_root()
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self.log_level = log_level
        self.passphrase = passphrase
        self._progress = progress

        self._lock = threading.RLock()
        self._info: Optional[NetworkInfo] = None
        self._proc: Optional[subprocess.Popen[bytes]] = None
        self._pg: Optional[PostgresCluster] = None
        self._server_env: dict[str, str] = {}
        self.run_dir: Optional[Path] = None
        self._log_handle: Optional[BinaryIO] = None
        self._atexit_registered = False
        self._state = "new"  # new -> starting -> running -> stopped
        #: The server's exit status after stop() (negative: killed by that signal).
        self.server_returncode: Optional[int] = None

    # ------------------------------------------------------------ properties

    @property
    def info(self) -> NetworkInfo:
        if self._info is None:
            raise TestnetError(
                "the local network is not running (call start() or use it as a context manager)"
            )
        return self._info

    @property
    def server_pid(self) -> Optional[int]:
        return self._proc.pid if self._proc is not None else None

    @property
    def postgres_pid(self) -> Optional[int]:
        return self._pg.pid if self._pg is not None else None

    @property
    def postgres_port(self) -> Optional[int]:
        return self._pg.port if self._pg is not None else None

    @property
    def log_path(self) -> Optional[Path]:
        return self.run_dir / "planet.log" if self.run_dir is not None else None

    @property
    def running(self) -> bool:
        return self._state == "running" and self._proc is not None and self._proc.poll() is None

    def addresses(self) -> dict[str, str]:
        """Every address this network listens on (for leak checks): name -> ``host:port``."""
        info = self.info
        out = {"satellite": info.satellite_address}
        if info.control:
            out["control"] = info.control
        for i, addr in enumerate(info.node_addresses):
            out[f"node{i}"] = addr
        if self.postgres_port:
            out["postgres"] = f"{_proc.LOOPBACK}:{self.postgres_port}"
        return out

    def __repr__(self) -> str:
        where = f" satellite={self._info.satellite!r}" if self._info else ""
        return f"<LocalNetwork {self._state} nodes={self.nodes}{where}>"

    # ------------------------------------------------------------ lifecycle

    def _say(self, msg: str) -> None:
        if self._progress is not None:
            print(f"storj_uplink.testnet: {msg}", file=self._progress, flush=True)

    def start(self) -> NetworkInfo:
        with self._lock:
            if self._state == "running":
                return self.info
            if self._state != "new":
                raise TestnetError(
                    f"this LocalNetwork is {self._state}: create a new one to start again"
                )
            self._state = "starting"
            if not self._atexit_registered:
                atexit.register(self.stop)
                self._atexit_registered = True
            try:
                self._start()
            except BaseException:
                self.stop()
                raise
            self._state = "running"
            return self.info

    def _start(self) -> None:
        started = time.monotonic()
        if not self.run_root.is_dir():
            self.run_root.mkdir(mode=0o700, parents=True, exist_ok=True)
        cleanup_stale_runs(self.run_root)
        self.run_dir = Path(tempfile.mkdtemp(prefix=f"run-{os.getpid()}-", dir=self.run_root))
        _proc.write_pidfile(self.run_dir / "owner.pid", os.getpid())

        cmd = self._resolve_server_cmd()

        pg_url = self._postgres_url or os.environ.get("STORJ_TESTNET_POSTGRES") or None
        if pg_url is None:
            from .postgres import PostgresCluster, describe_bindir

            pg = self._pg = PostgresCluster(self.run_dir / "pg", port=self._postgres_port)
            t = time.monotonic()
            pg.start()
            pg_url = pg.url
            self._say(
                f"PostgreSQL from {describe_bindir(pg.bindir) if pg.bindir else '?'} on "
                f"{_proc.LOOPBACK}:{pg.port} ({time.monotonic() - t:.1f} s)"
            )

        tmpdir = self.run_dir / "tmp"
        tmpdir.mkdir()
        info_path = self.run_dir / "planet.json"
        env = dict(os.environ)
        for name in ("STORJ_SATELLITE", "STORJ_API_KEY", "STORJ_ACCESS"):
            env.pop(name, None)
        env.update(
            {
                "STORJ_TEST_POSTGRES": pg_url,
                "STORJ_TEST_COCKROACH": "omit",
                "STORJ_TEST_TIDB": "omit",
                "STORJ_TEST_LOG_LEVEL": self.log_level
                or os.environ.get("STORJ_TEST_LOG_LEVEL")
                or "warn",
                "TMPDIR": str(tmpdir),
                "PLANET_INFO": str(info_path),
                "PLANET_NODES": str(self.nodes),
                "PLANET_PASSPHRASE": self.passphrase,
                **self._server_env,
            }
        )
        fd = os.open(self.run_dir / "planet.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._log_handle = os.fdopen(fd, "ab")
        t = time.monotonic()
        try:
            self._proc = subprocess.Popen(
                cmd,
                env=env,
                cwd=str(self.run_dir),
                stdin=subprocess.DEVNULL,
                stdout=self._log_handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_parent_death_signal(),
            )
        except OSError as e:
            raise TestnetError(
                f"cannot start the local network server {cmd[0]}: {e.strerror}"
            ) from None
        _proc.write_pidfile(self.run_dir / "server.pid", self._proc.pid)

        self._info = self._wait_ready(info_path)
        self._say(
            f"network up in {time.monotonic() - t:.1f} s "
            f"(total {time.monotonic() - started:.1f} s): satellite "
            f"{self._info.satellite_address}, {len(self._info.node_addresses)} storage nodes"
        )

    def _resolve_server_cmd(self) -> list[str]:
        if self._server_cmd is not None:
            return list(self._server_cmd)
        explicit = os.environ.get("STORJ_TESTNET_SERVER_CMD")
        if explicit:
            return shlex.split(explicit)
        from . import prebuilt
        from .build import ensure_server, sources_digest

        where = prebuilt.choice("STORJ_TESTNET_SERVER_FROM", ("auto", "wheel", "go"))
        if where != "go":
            server = prebuilt.find_server(sources_digest())
            if server is not None:
                self._say(f"using {server.describe()}")
                self._server_env = server.env()
                return [str(server.binary), *SERVER_ARGS]
            if where == "wheel":
                raise TestnetError(
                    f"STORJ_TESTNET_SERVER_FROM=wheel, but {prebuilt.SERVER_DIST} is not "
                    "installed: pip install 'storj-uplink-sdk[testnet]'"
                )
        binary = ensure_server(
            progress=self._progress if self._progress is not None else open(os.devnull, "w")
        )
        self._say(f"using the network server built with Go ({binary})")
        return [str(binary), *SERVER_ARGS]

    def _failure(self, what: str) -> TestnetError:
        log = self.log_path
        text = _proc.tail(log, 25) if log else ""
        kept = ""
        if log is not None and log.exists():
            try:
                kept_path = self.run_root / "last-failure.log"
                shutil.copyfile(log, kept_path)
                kept = f" (log: {kept_path})"
            except OSError:
                pass
        msg = f"{what}{kept}"
        if text:
            msg += "\n" + text
        return TestnetError(msg)

    def _wait_ready(self, info_path: Path) -> NetworkInfo:
        deadline = time.monotonic() + self.start_timeout
        assert self._proc is not None
        while True:
            if info_path.exists():
                try:
                    data = json.loads(info_path.read_text())
                    break
                except ValueError:
                    pass  # written atomically; a partial read only happens with a foreign server
            rc = self._proc.poll()
            if rc is not None:
                raise self._failure(
                    f"the local Storj network server exited with status {rc} before it was ready"
                )
            if time.monotonic() >= deadline:
                raise self._failure(
                    "the local Storj network server was not ready within "
                    f"{self.start_timeout:.0f} s"
                )
            time.sleep(0.05)
        info = NetworkInfo.from_json(data)
        if not _proc.wait_tcp(info.satellite_address, max(5.0, deadline - time.monotonic())):
            raise self._failure(
                f"the satellite at {info.satellite_address} does not accept TCP connections"
            )
        return info

    def stop(self) -> None:
        """Stop the server (SIGINT, then SIGKILL after ``stop_timeout``), then PostgreSQL.

        The run directory is removed.

        Idempotent and safe to call from any state; a second Ctrl-C while it
        waits skips to SIGKILL but still cleans up.
        """
        with self._lock:
            if self._state == "stopped":
                return
            interrupted: Optional[BaseException] = None
            proc = self._proc
            if proc is not None:
                try:
                    if proc.poll() is None:
                        _proc.kill_quietly(proc.pid, signal.SIGINT)
                        try:
                            proc.wait(self.stop_timeout)
                        except subprocess.TimeoutExpired:
                            self._say(
                                f"the server did not stop within {self.stop_timeout:.0f} s; "
                                "killing it"
                            )
                except KeyboardInterrupt as e:
                    interrupted = e
                if proc.poll() is None:
                    _proc.killpg_quietly(proc.pid)
                    _proc.kill_quietly(proc.pid)
                    proc.wait()
                # Anything the server left in its own session (it is the group leader).
                _proc.killpg_quietly(proc.pid)
            if self._log_handle is not None:
                self._log_handle.close()
                self._log_handle = None
            if proc is not None:
                self.server_returncode = proc.returncode
                log = self.log_path
                if log is not None and log.exists():
                    try:  # the run directory goes; its server log stays for a look afterwards
                        shutil.copyfile(log, self.run_root / "last-run.log")
                    except OSError:
                        pass
            if self._pg is not None:
                try:
                    self._pg.stop()
                except KeyboardInterrupt as e:
                    interrupted = interrupted or e
                    self._pg.stop(timeout=1.0)
            if self.run_dir is not None:
                shutil.rmtree(self.run_dir, ignore_errors=True)
            self._state = "stopped"
            if self._atexit_registered:
                atexit.unregister(self.stop)
                self._atexit_registered = False
            if interrupted is not None:
                raise interrupted

    # ------------------------------------------------------------ fault control

    def _control(
        self, method: str, path: str, body: Optional[Mapping[str, Any]] = None
    ) -> dict[str, Any]:
        if not self.running:
            raise TestnetError("the local network is not running")
        host, port = _proc.split_address(self.info.control or "")
        conn = http.client.HTTPConnection(host, port, timeout=120)
        try:
            if body is None:
                conn.request(method, path)
            else:
                conn.request(method, path, json.dumps(body),
                             {"Content-Type": "application/json"})
            resp = conn.getresponse()
            raw = resp.read()
        except OSError as e:
            raise TestnetError(f"fault control at {self.info.control} failed: {e}") from None
        finally:
            conn.close()
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {"error": raw.decode("utf-8", "replace").strip()}
        if resp.status != 200:
            raise TestnetError(f"fault control: {body.get('error') or f'HTTP {resp.status}'}")
        if not isinstance(body, dict):
            body = {"error": str(body)}
        return body

    def _node_address(self, index: int) -> str:
        addrs = self.info.node_addresses
        if not 0 <= index < len(addrs):
            raise TestnetError(f"no storage node {index}: there are {len(addrs)}, numbered from 0")
        return str(addrs[index])

    def status(self) -> dict[str, Any]:
        """``{"satellite": "running"|"stopped", "nodes": ["running"|"stopped", ...]}``."""
        return self._control("GET", "/status")

    def stop_node(self, index: int, *, mark_offline: bool = False) -> None:
        """Stop storage node ``index`` (its port refuses connections until :meth:`start_node`).

        With ``mark_offline`` the satellite is also told the node is gone (as
        testplanet's StopNodeAndUpdate does), so it stops selecting it for uploads.
        """
        addr = self._node_address(index)
        self._control("POST", f"/nodes/{index}/stop" + ("?mark_offline=1" if mark_offline else ""))
        _proc.wait_tcp(addr, 10.0, up=False)

    def start_node(self, index: int) -> None:
        """Start storage node ``index`` again: same identity, address and stored pieces."""
        addr = self._node_address(index)
        self._control("POST", f"/nodes/{index}/start")
        if not _proc.wait_tcp(addr, 30.0):
            raise TestnetError(
                f"storage node {index} restarted but {addr} does not accept TCP connections"
            )

    def stop_satellite(self) -> None:
        """Stop the satellite (all of its peers).

        Its port refuses connections until :meth:`start_satellite`.
        """
        self._control("POST", "/satellite/stop")
        _proc.wait_tcp(self.info.satellite_address, 10.0, up=False)

    def start_satellite(self) -> None:
        """Start the satellite again: a new API and core peer.

        Same identity, address and databases; the README says what is not restarted.
        """
        self._control("POST", "/satellite/start")
        if not _proc.wait_tcp(self.info.satellite_address, 30.0):
            raise TestnetError(
                f"the satellite restarted but {self.info.satellite_address} does not accept TCP"
            )

    def limited_project(
        self,
        *,
        storage: Optional[int] = None,
        bandwidth: Optional[int] = None,
        segments: Optional[int] = None,
        rate: Optional[int] = None,
    ) -> NetworkInfo:
        """A new project on this network with small limits, as a :class:`NetworkInfo`.

        ``storage`` and ``bandwidth`` are bytes, ``segments`` a count, ``rate``
        requests per second (the burst equals the rate). A limit left out is the
        network's (unlimited). The satellite enforces them as in production.
        """
        limits = {"storage": storage, "bandwidth": bandwidth, "segments": segments, "rate": rate}
        for name, value in limits.items():
            if value is not None and (type(value) is not int or value <= 0):
                raise ValueError(f"{name} must be a positive int or None, not {value!r}")
        body = self._control("POST", "/projects",
                             {k: v for k, v in limits.items() if v is not None})
        return dataclasses.replace(self.info, api_key=str(body["api_key"]),
                                   access=str(body["access"]))

    def restore(self) -> None:
        """Start whatever fault control stopped (the satellite first, then the nodes)."""
        st = self.status()
        if st.get("satellite") == "stopped":
            self.start_satellite()
        for i, state in enumerate(st.get("nodes") or []):
            if state == "stopped":
                self.start_node(i)


def connect_or_start(environ: Optional[Mapping[str, str]] = None, **kwargs: object) -> _Network:
    """An :class:`ExternalNetwork` when STORJ_* variables name one, else a started LocalNetwork.

    ``kwargs`` go to :class:`LocalNetwork`. Use the result as a context manager,
    or call ``stop()`` when done (a no-op for an external network).
    """
    info = network_from_env(environ)
    if info is not None:
        return ExternalNetwork(info)
    net = LocalNetwork(**kwargs)  # type: ignore[arg-type]
    net.start()
    return net
