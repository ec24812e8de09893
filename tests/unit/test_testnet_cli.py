"""``python -m storj_uplink.testnet`` with a fake server: exit status, environment, serve mode."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storj_uplink.testnet import _fake_planet, _proc


@pytest.fixture
def cli_env(tmp_path):
    env = dict(os.environ)
    for name in ("STORJ_SATELLITE", "STORJ_API_KEY", "STORJ_ACCESS", "FAKE_PLANET_MODE"):
        env.pop(name, None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    env["STORJ_TESTNET_SERVER_CMD"] = f"{sys.executable} {Path(_fake_planet.__file__)}"
    env["STORJ_TESTNET_POSTGRES"] = "postgres://unused@127.0.0.1:1/teststorj"
    env["STORJ_TESTNET_DIR"] = str(tmp_path / "runs")
    return env


def _cli(args, env, **kw):
    return subprocess.run(
        [sys.executable, "-m", "storj_uplink.testnet", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=60,
        **kw,
    )


@pytest.mark.parametrize("status", [0, 3, 42])
def test_command_exit_status_propagates(cli_env, status):
    r = _cli(["--", sys.executable, "-c", f"raise SystemExit({status})"], cli_env)
    assert r.returncode == status, r.stderr


def test_command_sees_the_network(cli_env, tmp_path):
    code = (
        "import os; print(os.environ['STORJ_SATELLITE']); "
        "assert os.environ['STORJ_API_KEY'] == 'fake-api-key-secret'; "
        "assert os.environ['STORJ_ACCESS'] == 'fake-access-grant-secret'"
    )
    r = _cli(["--nodes", "2", "--", sys.executable, "-c", code], cli_env)
    assert r.returncode == 0, r.stderr
    assert "@127.0.0.1:" in r.stdout
    assert "network up" in r.stderr  # progress goes to stderr
    assert not list((tmp_path / "runs").glob("run-*"))


def test_command_killed_by_signal_maps_to_128_plus_signal(cli_env):
    r = _cli(
        ["--", sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGTERM)"],
        cli_env,
    )
    assert r.returncode == 128 + signal.SIGTERM


def test_command_not_found(cli_env):
    r = _cli(["--", "/nonexistent/command"], cli_env)
    assert r.returncode == 127
    assert "command not found" in r.stderr


def test_empty_command_is_a_usage_error(cli_env):
    r = _cli(["--"], cli_env)
    assert r.returncode == 2
    assert "no command after --" in r.stderr


def test_help():
    r = subprocess.run(
        [sys.executable, "-m", "storj_uplink.testnet", "--help"],
        text=True,
        capture_output=True,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p)),
        timeout=60,
    )
    assert r.returncode == 0
    assert "--nodes" in r.stdout and "-- CMD" in r.stdout


def test_server_failure_is_one_clear_line_then_log(cli_env):
    cli_env["FAKE_PLANET_MODE"] = "die"
    r = _cli(["--", "true"], cli_env)
    assert r.returncode == 1
    assert "exited with status 3 before it was ready" in r.stderr
    assert "database is on fire" in r.stderr
    assert "Traceback" not in r.stderr


def test_serve_mode_prints_exports_and_stops_on_ctrl_c(cli_env, tmp_path):
    p = subprocess.Popen(
        [sys.executable, "-m", "storj_uplink.testnet"],
        env=cli_env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        lines = [p.stdout.readline() for _ in range(3)]
        assert [ln.split("=")[0] for ln in lines] == [
            "export STORJ_SATELLITE",
            "export STORJ_API_KEY",
            "export STORJ_ACCESS",
        ]
        run_dirs = list((tmp_path / "runs").glob("run-*"))
        assert len(run_dirs) == 1
        server_pid = _proc.read_pidfile(run_dirs[0] / "server.pid")["pid"]
        assert _proc.pid_alive(server_pid)
        time.sleep(0.2)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert p.returncode == 0, err
    assert "stopping" in err
    assert not _proc.pid_alive(server_pid)
    assert not run_dirs[0].exists()


def test_sigterm_also_cleans_up(cli_env, tmp_path):
    p = subprocess.Popen(
        [sys.executable, "-m", "storj_uplink.testnet"],
        env=cli_env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        p.stdout.readline()
        run_dir = next((tmp_path / "runs").glob("run-*"))
        server_pid = _proc.read_pidfile(run_dir / "server.pid")["pid"]
        p.send_signal(signal.SIGTERM)
        p.communicate(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert not _proc.pid_alive(server_pid)
    assert not run_dir.exists()
