"""The network server wheel's packing and checks (scripts/server_wheel.py), on a staged fake."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
import build_wheels as bw  # noqa: E402
import server_wheel  # noqa: E402

from storj_uplink.testnet import build  # noqa: E402


def _stage(tmp_path: Path, machine: int) -> Path:
    stage = tmp_path / "stage"
    pkg = stage / server_wheel.PACKAGE
    (pkg / "bin").mkdir(parents=True)
    (pkg / "web" / "satellite" / "static" / "emails").mkdir(parents=True)
    (pkg / "web" / "satellite" / "static" / "emails" / "Welcome.html").write_text("<p>hi</p>")
    (pkg / "__init__.py").write_text("")
    header = bytearray(64)
    header[:4], header[4], header[5] = b"\x7fELF", 2, 1
    header[18:20] = machine.to_bytes(2, "little")
    binary = pkg / "bin" / "planet.test"
    binary.write_bytes(bytes(header) + b"\0" * 1000)
    binary.chmod(0o755)
    (pkg / "server.json").write_text(json.dumps({"arch": "x86_64"}))
    return stage


def test_the_wheel_is_installable_and_keeps_the_executable_bit(tmp_path):
    target = bw.TARGETS["x86_64"]
    wheel = server_wheel.write_wheel(_stage(tmp_path, 62), target, tmp_path)
    version = server_wheel.sdk_version()
    assert wheel.name == (f"storj_uplink_testnet_server-{version}-py3-none-"
                          "manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        dist_info = f"storj_uplink_testnet_server-{version}.dist-info"
        wheel_meta = zf.read(f"{dist_info}/WHEEL").decode()
        assert "Root-Is-Purelib: false" in wheel_meta
        assert "Tag: py3-none-manylinux_2_17_x86_64" in wheel_meta
        assert f"{dist_info}/licenses/LICENSE" in names
        for line in zf.read(f"{dist_info}/RECORD").decode().splitlines():
            name, digest, size = line.split(",")
            if name.endswith("RECORD"):
                continue
            data = zf.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert digest == "sha256=" + expected.decode() and int(size) == len(data)
    if sys.platform != "linux" or os.uname().machine != "x86_64":
        pytest.fail("this test installs an x86_64 wheel: run it on x86_64 Linux")
    target_dir = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    "--target", str(target_dir), str(wheel)], check=True)
    installed = target_dir / server_wheel.PACKAGE / "bin" / "planet.test"
    assert os.access(installed, os.X_OK)
    emails = target_dir / server_wheel.PACKAGE / "web" / "satellite" / "static" / "emails"
    assert (emails / "Welcome.html").read_text() == "<p>hi</p>"


def test_a_server_of_the_wrong_architecture_is_refused(tmp_path):
    target = bw.TARGETS["x86_64"]
    wheel = server_wheel.write_wheel(_stage(tmp_path, 183), target, tmp_path)
    with pytest.raises(bw.BuildError, match="server built for ELF machine 183"):
        server_wheel.check(wheel, target, "auditwheel-not-reached")


def test_the_server_is_built_from_the_sources_the_package_ships():
    files = server_wheel._sources.planet_files(server_wheel.PLANET_SRC)
    assert server_wheel._sources.sources_digest(files) == build.sources_digest()
    assert server_wheel.storj_version() == build.STORJ_VERSION


def test_the_testnet_extra_pins_the_version_the_wheel_gets():
    text = (ROOT / "pyproject.toml").read_text()
    assert f'"storj-uplink-testnet-server=={server_wheel.sdk_version()}"' in text
