"""storj_uplink.testnet.LocalNetwork driven by a fake server (no Go, no PostgreSQL).

The fake (storj_uplink/testnet/_fake_planet.py) speaks the real server's
protocol: the JSON file, real TCP listeners, the fault-control endpoints.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from storj_uplink.testnet import LocalNetwork, TestnetError, _fake_planet, _proc, cleanup_stale_runs

FAKE = [sys.executable, str(Path(_fake_planet.__file__))]  # run as a script: stdlib only


def _net(tmp_path, **kw):
    kw.setdefault("server_cmd", FAKE)
    kw.setdefault("postgres_url", "postgres://unused@127.0.0.1:1/teststorj")
    kw.setdefault("progress", None)
    return LocalNetwork(run_root=tmp_path / "runs", **kw)


@pytest.fixture
def fake_mode(monkeypatch):
    def set_mode(mode):
        monkeypatch.setenv("FAKE_PLANET_MODE", mode)

    monkeypatch.delenv("FAKE_PLANET_MODE", raising=False)
    return set_mode


def test_start_stop_leaves_nothing(tmp_path, fake_mode):
    net = _net(tmp_path, nodes=3)
    with net:
        info = net.info
        assert info.satellite.split("@")[1].startswith("127.0.0.1:")
        assert len(info.node_addresses) == 3
        assert net.running
        addresses = net.addresses()
        for addr in addresses.values():
            assert _proc.tcp_accepts(addr), addr
        pid = net.server_pid
        run_dir = net.run_dir
        assert (run_dir / "owner.pid").exists() and (run_dir / "server.pid").exists()
        assert json.loads((run_dir / "planet.json").read_text())["pid"] == pid
    assert not _proc.pid_alive(pid)
    for addr in addresses.values():
        assert not _proc.tcp_accepts(addr), addr
    assert not run_dir.exists()
    assert net.server_returncode == 0
    assert not net.running
    net.stop()  # idempotent
    with pytest.raises(TestnetError, match="create a new one"):
        net.start()


def test_server_environment(tmp_path, fake_mode, monkeypatch):
    monkeypatch.setenv("STORJ_SATELLITE", "from-outside@127.0.0.1:1")
    monkeypatch.delenv("STORJ_TEST_LOG_LEVEL", raising=False)
    dump = tmp_path / "env.json"
    cmd = [
        sys.executable,
        "-c",
        "import json, os, runpy, sys; json.dump(dict(os.environ), open(sys.argv[1], 'w')); "
        "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[1], run_name='__main__')",
        str(dump),
        FAKE[1],
    ]
    with _net(tmp_path, server_cmd=cmd, nodes=2, passphrase="pp") as net:
        env = json.loads(dump.read_text())
        assert env["STORJ_TEST_POSTGRES"] == "postgres://unused@127.0.0.1:1/teststorj"
        assert env["STORJ_TEST_COCKROACH"] == "omit" and env["STORJ_TEST_TIDB"] == "omit"
        assert env["STORJ_TEST_LOG_LEVEL"] == "warn"
        assert env["PLANET_NODES"] == "2" and env["PLANET_PASSPHRASE"] == "pp"
        assert Path(env["TMPDIR"]).parent == net.run_dir
        assert Path(env["PLANET_INFO"]) == net.run_dir / "planet.json"
        assert "STORJ_SATELLITE" not in env  # the caller's network never leaks into the server


def test_fault_control_changes_reachability(tmp_path, fake_mode):
    with _net(tmp_path, nodes=2) as net:
        node1 = net.info.node_addresses[1]
        net.stop_node(1)
        assert not _proc.tcp_accepts(node1)
        assert net.status() == {"satellite": "running", "nodes": ["running", "stopped"]}
        with pytest.raises(TestnetError, match="already stopped"):
            net.stop_node(1)
        net.start_node(1)
        assert _proc.tcp_accepts(node1)

        sat = net.info.satellite_address
        net.stop_satellite()
        assert not _proc.tcp_accepts(sat)
        net.start_satellite()
        assert _proc.tcp_accepts(sat)

        net.stop_node(0)
        net.stop_satellite()
        net.restore()
        assert net.status() == {"satellite": "running", "nodes": ["running", "running"]}

        with pytest.raises(TestnetError, match="no storage node 7"):
            net.stop_node(7)
    with pytest.raises(TestnetError, match="not running"):
        net.stop_node(0)


def test_server_dying_early_is_a_clear_error_with_its_log(tmp_path, fake_mode):
    fake_mode("die")
    net = _net(tmp_path)
    with pytest.raises(TestnetError) as err:
        net.start()
    first, *rest = str(err.value).splitlines()
    assert first.startswith(
        "the local Storj network server exited with status 3 before it was ready"
    )
    assert "last-failure.log" in first
    assert any("database is on fire" in line for line in rest)
    assert (tmp_path / "runs" / "last-failure.log").exists()
    assert not list((tmp_path / "runs").glob("run-*"))  # cleaned up


def test_server_never_ready_times_out_and_is_stopped(tmp_path, fake_mode):
    fake_mode("hang")
    net = _net(tmp_path, start_timeout=1.0)
    with pytest.raises(TestnetError, match="was not ready within 1 s"):
        net.start()
    assert net.server_pid is not None and not _proc.pid_alive(net.server_pid)
    assert not list((tmp_path / "runs").glob("run-*"))


def test_stop_escalates_to_sigkill(tmp_path, fake_mode):
    fake_mode("ignore-signals")
    net = _net(tmp_path, stop_timeout=0.5)
    net.start()
    pid = net.server_pid
    t = time.monotonic()
    net.stop()
    assert time.monotonic() - t < 10
    assert not _proc.pid_alive(pid)
    assert net.server_returncode == -signal.SIGKILL


def test_missing_server_command_is_a_clear_error(tmp_path):
    net = _net(tmp_path, server_cmd=[str(tmp_path / "no-such-planet.test")])
    with pytest.raises(TestnetError, match="cannot start the local network server"):
        net.start()
    assert not list((tmp_path / "runs").glob("run-*"))


def test_keyboard_interrupt_during_start_cleans_up(tmp_path, fake_mode, monkeypatch):
    fake_mode("hang")
    net = _net(tmp_path, start_timeout=30)
    calls = {"n": 0}
    real_sleep = time.sleep

    def interrupting_sleep(s):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt
        real_sleep(s)

    monkeypatch.setattr("storj_uplink.testnet.network.time.sleep", interrupting_sleep)
    with pytest.raises(KeyboardInterrupt):
        net.start()
    monkeypatch.undo()
    assert net.server_pid is not None and not _proc.pid_alive(net.server_pid)
    assert not list((tmp_path / "runs").glob("run-*"))


def test_start_cleans_stale_runs(tmp_path, fake_mode):
    root = tmp_path / "runs"
    stale = root / "run-1-stale"
    stale.mkdir(parents=True)
    dead = _dead_pid()
    (stale / "owner.pid").write_text(json.dumps({"pid": dead, "start": "1"}))
    (stale / "tmp").mkdir()
    with _net(tmp_path):
        assert not stale.exists()


def _dead_pid():
    import subprocess

    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_cleanup_stale_runs_kills_leftover_server_and_keeps_live_runs(tmp_path):
    import subprocess

    root = tmp_path
    # A run whose owner died, with its server still running.
    stale = root / "run-2-a"
    stale.mkdir()
    (stale / "owner.pid").write_text(json.dumps({"pid": _dead_pid(), "start": "1"}))
    leftover = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True
    )
    _proc.write_pidfile(stale / "server.pid", leftover.pid)
    # A run whose server.pid names a reused PID (start time differs): that process is left alone.
    reused = root / "run-3-b"
    reused.mkdir()
    (reused / "owner.pid").write_text(json.dumps({"pid": _dead_pid(), "start": "1"}))
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    (reused / "server.pid").write_text(json.dumps({"pid": bystander.pid, "start": "1"}))
    # A live run (this process owns it).
    live = root / "run-4-c"
    live.mkdir()
    _proc.write_pidfile(live / "owner.pid", os.getpid())
    # A young directory without an owner file (being created): kept.
    young = root / "run-5-d"
    young.mkdir()
    try:
        removed = cleanup_stale_runs(root)
        assert sorted(p.name for p in removed) == ["run-2-a", "run-3-b"]
        assert leftover.wait(20) is not None
        assert bystander.poll() is None
        assert live.exists() and young.exists()
        old = time.time() - 3600
        os.utime(young, (old, old))
        assert [p.name for p in cleanup_stale_runs(root)] == ["run-5-d"]
        assert live.exists()
    finally:
        for p in (leftover, bystander):
            if p.poll() is None:
                p.kill()
                p.wait()
