"""storj_uplink.testnet: building the Go server (with a fake `go`) and the private PostgreSQL."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from storj_uplink.testnet import TestnetError, _proc, build, postgres

# ---------------------------------------------------------------- build


def _fake_go(tmp_path: Path, version: str = "go1.26.8", build_exit: int = 0) -> Path:
    """A `go` that answers `go env` and "builds" by writing a file (counting its builds)."""
    bindir = tmp_path / "bin"
    bindir.mkdir(exist_ok=True)
    modcache = tmp_path / "modcache"
    (modcache / f"storj.io/storj@{build.STORJ_VERSION}/web/satellite/static/emails").mkdir(
        parents=True, exist_ok=True
    )
    counter = tmp_path / "builds"
    script = f"""#!{sys.executable}
import os, sys, time
args = sys.argv[1:]
if args[0] == "env":
    values = {{"GOVERSION": "{version}", "GOOS": "linux", "GOARCH": "amd64",
              "GOMODCACHE": {str(modcache)!r}, "CGO_ENABLED": "1"}}
    print("\\n".join(values[n] for n in args[1:]))
    sys.exit(0)
assert args[:2] == ["test", "-c"], args
assert "-trimpath" not in os.environ.get("GOFLAGS", ""), os.environ.get("GOFLAGS")
assert os.environ["GOTOOLCHAIN"] == "local"
with open({str(counter)!r}, "a") as f:
    f.write("build\\n")
print("mkdir -p $WORK/b001/")
print("/usr/local/go/pkg/tool/linux_amd64/compile -o x -p storj.io/storj/satellite")
time.sleep(0.5)
if {build_exit}:
    print("planet_test.go:1:1: something is wrong", file=sys.stderr)
    sys.exit({build_exit})
out = args[args.index("-o") + 1]
with open(out, "w") as f:
    f.write("#!/bin/sh\\n")
"""
    go = bindir / "go"
    go.write_text(script)
    go.chmod(go.stat().st_mode | stat.S_IXUSR)
    return bindir


@pytest.fixture
def fake_build(tmp_path, monkeypatch):
    def setup(**kw):
        bindir = _fake_go(tmp_path, **kw)
        monkeypatch.setenv("PATH", str(bindir))
        monkeypatch.setenv("STORJ_UPLINK_CACHE", str(tmp_path / "cache"))
        monkeypatch.setenv("GOFLAGS", "-trimpath -buildvcs=false")
        return tmp_path / "builds"

    return setup


def test_go_missing_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(build, "GO_FALLBACKS", ())
    with pytest.raises(TestnetError) as err:
        build.ensure_server(progress=open(os.devnull, "w"))
    assert str(err.value).startswith("Go not found on PATH")
    assert "1.25" in str(err.value) and "\n" not in str(err.value)


def test_go_too_old_is_a_clear_error(fake_build):
    fake_build(version="go1.22.3")
    with pytest.raises(TestnetError) as err:
        build.ensure_server(progress=open(os.devnull, "w"))
    assert (
        "go1.22.3" in str(err.value) and "too old" in str(err.value) and "\n" not in str(err.value)
    )


def test_build_once_then_cached(fake_build, tmp_path, capsys):
    builds = fake_build()
    path = build.ensure_server()
    assert path.name == "planet.test" and path.is_file() and os.access(path, os.X_OK)
    assert path.parent.parent == tmp_path / "cache" / "testnet"
    assert (
        path.parent / "src" / "planet_test.go"
    ).is_file()  # built from a private copy of the sources
    err = capsys.readouterr().err
    assert "takes several minutes" in err and "built planet.test" in err
    assert build.ensure_server() == path
    assert builds.read_text().count("build") == 1
    assert not list(path.parent.glob(".planet.test.tmp-*"))


def test_concurrent_first_use_builds_once(fake_build):
    builds = fake_build()
    results, errors = [], []

    def use():
        try:
            results.append(build.ensure_server(progress=open(os.devnull, "w")))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=use) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [t.is_alive() for t in threads] == [False] * 3, "a thread still runs after 60 s"
    assert not errors
    assert len(results) == 3
    assert len(set(results)) == 1
    assert builds.read_text().count("build") == 1


def test_build_failure_is_a_clear_error(fake_build):
    fake_build(build_exit=1)
    with pytest.raises(TestnetError) as err:
        build.ensure_server(progress=open(os.devnull, "w"))
    first = str(err.value).splitlines()[0]
    assert first.startswith(
        "building the local network server failed: planet_test.go:1:1: something is wrong"
    )
    assert not list((Path(os.environ["STORJ_UPLINK_CACHE"]) / "testnet").glob("*/planet.test"))


def test_hash_changes_with_go_version(fake_build, tmp_path, monkeypatch):
    fake_build()
    a = build.server_path()
    _fake_go(tmp_path, version="go1.27.0")
    assert build.server_path() != a


def test_build_env_never_trims_paths():
    env = build.build_env({"GOFLAGS": "-trimpath -buildvcs=false -mod=vendor", "PATH": "/bin"})
    assert "-trimpath" not in env["GOFLAGS"] and "-mod=vendor" not in env["GOFLAGS"]
    assert "-buildvcs=false" in env["GOFLAGS"]
    assert env["GOTOOLCHAIN"] == "local" and env["CGO_ENABLED"] == "1"


def test_go_sources_ship_in_the_package():
    src = build.go_sources_dir()
    gomod = (src / "go.mod").read_text()
    assert "module storj_uplink/testnet/planet" in gomod
    assert f"storj.io/storj {build.STORJ_VERSION}" in gomod
    assert (src / "go.sum").is_file() and (src / "planet_test.go").is_file()


# ---------------------------------------------------------------- postgres


def test_postgres_missing_not_root_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(postgres, "find_postgres_bin", lambda: None)
    monkeypatch.setattr(_proc, "is_root", lambda: False)
    with pytest.raises(TestnetError) as err:
        postgres.ensure_postgres_bin()
    assert str(err.value).startswith(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found"
    )
    assert "\n" not in str(err.value)


needs_pg = pytest.mark.skipif(
    postgres.find_postgres_bin() is None, reason="PostgreSQL server binaries not installed"
)


@needs_pg
def test_private_cluster_starts_and_leaves_nothing(tmp_path):
    base = tmp_path / "pg"
    cluster = postgres.PostgresCluster(base).start()
    try:
        assert cluster.url.startswith("postgres://postgres@127.0.0.1:")
        assert cluster.url.endswith("/teststorj?sslmode=disable")
        assert _proc.tcp_accepts(f"127.0.0.1:{cluster.port}")
        pid, port = cluster.pid, cluster.port
        assert pid and _proc.pid_alive(pid)
        settings = subprocess.run(
            [str(cluster.bindir / "postgres"), "--version"], capture_output=True, text=True
        ).stdout
        assert "PostgreSQL" in settings
        conf = (cluster.data_dir / "postgresql.conf").read_text()
        cluster_dir = cluster.cluster_dir
        for line in (
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "max_connections = 300",
        ):
            assert line in conf
    finally:
        cluster.stop()
    assert not _proc.pid_alive(pid)
    assert not _proc.tcp_accepts(f"127.0.0.1:{port}")
    assert not base.exists() and not cluster_dir.exists()


@needs_pg
def test_private_cluster_port_in_use(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        with pytest.raises(TestnetError) as err:
            postgres.PostgresCluster(tmp_path / "pg", port=port).start()
        assert str(err.value) == f"PostgreSQL: port {port} on 127.0.0.1 is already in use"
    assert not (tmp_path / "pg").exists()


@needs_pg
def test_stale_cluster_is_stopped(tmp_path):
    base = tmp_path / "pg"
    cluster = postgres.PostgresCluster(base).start()
    pid, cluster_dir = cluster.pid, cluster.cluster_dir
    try:
        postgres.stop_stale_cluster(base)  # as a later run would, after this one was killed
        assert not _proc.pid_alive(pid)
        assert not base.exists() and not cluster_dir.exists()
    finally:
        cluster.stop()


@needs_pg
def test_private_cluster_with_a_long_path_keeps_its_socket_short(tmp_path):
    base = tmp_path / ("long-directory-name-" * 4) / "pg"
    cluster = postgres.PostgresCluster(base).start()
    try:
        assert len(str(cluster.socket_dir)) < 60
        assert list(cluster.socket_dir.glob(".s.PGSQL.*"))
        sockdir = cluster.socket_dir
    finally:
        cluster.stop()
    assert not sockdir.exists() and not base.exists()
