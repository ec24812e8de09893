"""The local Storj network starts, answers on loopback, obeys fault control, leaves nothing.

Uses the session fixtures of the storj_uplink.testing plugin (storj_network,
storj_faults). The last tests start networks of their own to watch them stop.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storj_uplink.testnet import LocalNetwork, _proc, postgres

pytestmark = [pytest.mark.network, pytest.mark.needs_go]

NODE_URL = re.compile(r"^(?P<id>[1-9A-HJ-NP-Za-km-z]{40,60})@127\.0\.0\.1:(?P<port>\d{1,5})$")


def test_satellite_address_and_tcp(storj_network):
    m = NODE_URL.match(storj_network.satellite)
    assert m, storj_network.satellite
    assert 0 < int(m.group("port")) < 65536
    assert _proc.tcp_accepts(storj_network.satellite_address)
    assert storj_network.api_key and storj_network.access and storj_network.passphrase
    secrets = (storj_network.api_key, storj_network.access, storj_network.passphrase)
    assert not any(s in repr(storj_network) for s in secrets)


def test_storage_nodes_listen_on_loopback(storj_faults):
    addrs = storj_faults.info.node_addresses
    assert len(addrs) == storj_faults.nodes
    for addr in addrs:
        assert addr.startswith("127.0.0.1:")
        assert _proc.tcp_accepts(addr), addr
    assert storj_faults.info.control.startswith("127.0.0.1:")


@pytest.mark.faults
def test_stop_and_start_node(storj_faults):
    net = storj_faults
    addr = net.info.node_addresses[1]
    others = [a for i, a in enumerate(net.info.node_addresses) if i != 1]
    net.stop_node(1)
    assert not _proc.tcp_accepts(addr)
    assert all(_proc.tcp_accepts(a) for a in others)
    assert _proc.tcp_accepts(net.info.satellite_address)
    assert net.status()["nodes"][1] == "stopped"
    net.start_node(1)
    assert _proc.tcp_accepts(addr)
    assert net.status()["nodes"][1] == "running"


@pytest.mark.faults
def test_stop_node_marked_offline_and_restart_twice(storj_faults):
    net = storj_faults
    addr = net.info.node_addresses[0]
    for _ in range(2):  # a restarted node can be stopped and started again
        net.stop_node(0, mark_offline=True)
        assert not _proc.tcp_accepts(addr)
        net.start_node(0)
        assert _proc.tcp_accepts(addr)


@pytest.mark.faults
def test_stop_and_start_satellite(storj_faults):
    net = storj_faults
    sat = net.info.satellite_address
    for _ in range(2):
        net.stop_satellite()
        assert not _proc.tcp_accepts(sat)
        assert all(_proc.tcp_accepts(a) for a in net.info.node_addresses)  # nodes keep running
        assert net.status()["satellite"] == "stopped"
        net.start_satellite()
        assert _proc.tcp_accepts(sat)
        assert net.status()["satellite"] == "running"


@pytest.mark.faults
def test_faults_fixture_restores_after_a_test(storj_faults):
    # Leave things stopped on purpose: the fixture's teardown starts them again
    # (test_after_restore checks).
    storj_faults.stop_node(2)
    storj_faults.stop_satellite()


def test_after_restore(storj_faults):
    st = storj_faults.status()
    assert st["satellite"] == "running" and set(st["nodes"]) == {"running"}
    assert _proc.tcp_accepts(storj_faults.info.satellite_address)


def _alive(pid):
    return pid is not None and _proc.pid_alive(pid)


def test_a_stopped_network_leaves_no_process_or_port(tmp_path):
    net = LocalNetwork(nodes=1, run_root=tmp_path / "runs", progress=None)
    with net:
        addresses = net.addresses()
        pids = {"server": net.server_pid, "postgres": net.postgres_pid}
        assert all(_alive(p) for p in pids.values()), pids
        assert set(addresses) == {"satellite", "control", "node0", "postgres"}
        assert all(_proc.tcp_accepts(a) for a in addresses.values())
        run_dir = net.run_dir
    stopped = {name: pid for name, pid in pids.items() if not _proc.wait_pid_gone(pid, 10)}
    assert not stopped, f"still running after stop: {stopped}"
    open_ports = {name: a for name, a in addresses.items() if _proc.tcp_accepts(a)}
    assert not open_ports, f"still listening after stop: {open_ports}"
    assert not run_dir.exists()
    assert net.server_returncode == 0  # SIGINT was enough: testplanet shut down in order


def _cli_env(tmp_path):
    env = dict(os.environ)
    for name in ("STORJ_SATELLITE", "STORJ_API_KEY", "STORJ_ACCESS"):
        env.pop(name, None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    env["STORJ_TESTNET_DIR"] = str(tmp_path / "runs")
    return env


def test_cli_runs_a_command_against_a_real_network(tmp_path):
    code = (
        "import os, socket; h, p = os.environ['STORJ_SATELLITE'].split('@')[1].rsplit(':', 1); "
        "socket.create_connection((h, int(p)), 5).close(); raise SystemExit(3)"
    )
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "storj_uplink.testnet",
            "--nodes",
            "1",
            "--",
            sys.executable,
            "-c",
            code,
        ],
        env=_cli_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 3, r.stderr
    assert not list((tmp_path / "runs").glob("run-*"))


def _postmaster_pidfile(run: Path) -> Path:
    return postgres._cluster_dir(run / "pg") / "data" / "postmaster.pid"


def test_ctrl_c_during_start_up_leaves_nothing(tmp_path):
    """SIGINT while PostgreSQL or the server is starting: everything started so far is stopped."""
    root = tmp_path / "runs"
    p = subprocess.Popen(
        [sys.executable, "-m", "storj_uplink.testnet", "--", "sleep", "600"],
        env=_cli_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    postmaster = server = None
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and p.poll() is None:
            runs = list(root.glob("run-*"))
            if runs and _postmaster_pidfile(runs[0]).exists():
                break
            time.sleep(0.01)
        runs = list(root.glob("run-*"))
        assert runs, "the network never started PostgreSQL"
        pidfile = _postmaster_pidfile(runs[0])
        for _ in range(200):
            try:
                postmaster = int(pidfile.read_text().split()[0])
                break
            except (OSError, ValueError, IndexError):
                time.sleep(0.01)
        p.send_signal(signal.SIGINT)
        record = _proc.read_pidfile(runs[0] / "server.pid")
        server = record["pid"] if record else None
        _, err = p.communicate(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert p.returncode == 130, err
    assert "Traceback" not in err
    assert postmaster is not None
    assert _proc.wait_pid_gone(postmaster, 10), "PostgreSQL outlived an interrupted start-up"
    if server is not None:
        assert _proc.wait_pid_gone(server, 10), "the server outlived an interrupted start-up"
    assert not list(root.glob("run-*"))


def test_a_killed_run_is_cleaned_up_by_the_next(tmp_path):
    """SIGKILL the owner: its server gets SIGINT from the kernel (parent-death signal).

    The next start stops the leftover PostgreSQL and removes the run directory.
    """
    root = tmp_path / "runs"
    p = subprocess.Popen(
        [sys.executable, "-m", "storj_uplink.testnet", "--nodes", "1"],
        env=_cli_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert p.stdout.readline().startswith("export STORJ_SATELLITE=")
        run = next(root.glob("run-*"))
        server = _proc.read_pidfile(run / "server.pid")["pid"]
        postmaster = int(_postmaster_pidfile(run).read_text().split()[0])
        p.kill()
        p.wait()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert _proc.wait_pid_gone(server, 30), "the server outlived its killed owner"
    assert run.exists() and _proc.pid_alive(postmaster)  # nobody stopped PostgreSQL yet
    with LocalNetwork(nodes=1, run_root=root, progress=None):
        assert not run.exists()
        assert not _proc.pid_alive(postmaster)
    assert not list(root.glob("run-*"))
