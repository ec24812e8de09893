"""storj_uplink.testnet: ports, addresses, processes and pid files (no network started)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

from storj_uplink.testnet import TestnetError, _proc


def test_find_free_port_is_bindable_on_loopback():
    port = _proc.find_free_port()
    assert 1024 <= port < 65536
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def test_port_in_use_and_clear_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        assert _proc.port_in_use(port)
        with pytest.raises(TestnetError) as err:
            _proc.check_port_free(port, "PostgreSQL")
        msg = str(err.value)
        assert msg == f"PostgreSQL: port {port} on 127.0.0.1 is already in use"
        assert "\n" not in msg
    assert not _proc.port_in_use(port)
    _proc.check_port_free(port, "PostgreSQL")


def test_invalid_port_is_a_clear_error():
    with pytest.raises(TestnetError, match="not a valid TCP port"):
        _proc.check_port_free(70000, "PostgreSQL")


@pytest.mark.parametrize(
    "address, expected",
    [
        ("1abc@127.0.0.1:7777", ("127.0.0.1", 7777)),
        ("127.0.0.1:10000", ("127.0.0.1", 10000)),
        ("[::1]:80", ("::1", 80)),
    ],
)
def test_split_address(address, expected):
    assert _proc.split_address(address) == expected


@pytest.mark.parametrize("address", ["127.0.0.1", "id@host:", "host:port"])
def test_split_address_rejects(address):
    with pytest.raises(ValueError):
        _proc.split_address(address)


def test_tcp_accepts_and_wait_tcp():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(4)
        addr = f"someid@127.0.0.1:{s.getsockname()[1]}"
        assert _proc.tcp_accepts(addr)
        assert _proc.wait_tcp(addr, 1.0)
    assert not _proc.tcp_accepts(addr)
    assert _proc.wait_tcp(addr, 1.0, up=False)
    assert not _proc.wait_tcp(addr, 0.2, up=True)


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_pid_alive_and_start_time():
    assert _proc.pid_alive(os.getpid())
    assert _proc.process_start_time(os.getpid()) is not None
    dead = _dead_pid()
    assert not _proc.pid_alive(dead)
    assert _proc.process_start_time(dead) is None
    assert not _proc.pid_alive(0)


def test_zombie_counts_as_gone():
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        assert _proc.wait_pid_gone(p.pid, 10.0)  # exited but not reaped yet: a zombie
    finally:
        p.wait()


def test_pidfile_detects_pid_reuse(tmp_path):
    path = tmp_path / "x.pid"
    _proc.write_pidfile(path, os.getpid(), role="test")
    record = _proc.read_pidfile(path)
    assert record["pid"] == os.getpid() and record["role"] == "test"
    assert _proc.pidfile_process_alive(path)
    # Same PID, different start time: another process now has that PID.
    path.write_text(json.dumps({"pid": os.getpid(), "start": "1"}))
    assert not _proc.pidfile_process_alive(path)
    path.write_text(json.dumps({"pid": _dead_pid(), "start": None}))
    assert not _proc.pidfile_process_alive(path)
    path.write_text("garbage")
    assert _proc.read_pidfile(path) is None
    assert not _proc.pidfile_process_alive(tmp_path / "missing.pid")


def test_tail(tmp_path):
    f = tmp_path / "log"
    f.write_text("".join(f"line {i}\n" for i in range(100)))
    assert _proc.tail(f, 3) == "line 97\nline 98\nline 99"
    assert _proc.tail(tmp_path / "missing") == ""
