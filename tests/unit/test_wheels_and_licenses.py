"""The wheel build's checks (scripts/build_wheels.py) and the Go license texts
(go_licenses.py) of the installed extension."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

import storj_uplink

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import build_go  # noqa: E402
import go_licenses  # noqa: E402

EXTENSION = next(Path(storj_uplink.__file__).parent.glob("_uplink*.so"))
LICENSES = EXTENSION.parent / go_licenses.LICENSES_DIR_NAME


def _load_build_wheels():
    path = ROOT / "scripts" / "build_wheels.py"
    spec = importlib.util.spec_from_file_location("build_wheels", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bw = _load_build_wheels()


# ---- licenses of the installed extension


def test_build_info_names_the_go_modules_of_go_mod():
    info = go_licenses.read_build_info(EXTENSION)
    assert re.fullmatch(r"go\d+\.\d+(\.\d+)?", info.go_version)
    versions = {m.path: m.version for m in info.modules}
    assert versions["storj.io/uplink"] == build_go.go_module_version("storj.io/uplink")
    assert "storj.io/common" in versions and len(versions) > 10


def test_every_linked_module_has_its_license_installed():
    assert go_licenses.missing_licenses(EXTENSION, LICENSES) == []
    index = (LICENSES / go_licenses.INDEX_NAME).read_text()
    for module in go_licenses.read_build_info(EXTENSION).modules:
        assert module.folder in index


def test_a_missing_license_is_reported(tmp_path):
    copy = tmp_path / "licenses"
    shutil.copytree(LICENSES, copy)
    uplink = next(m for m in go_licenses.read_build_info(EXTENSION).modules
                  if m.path == "storj.io/uplink")
    for f in (copy / uplink.folder).iterdir():
        f.unlink()
    (copy / "go" / "LICENSE").write_text("")  # an empty file is no license either
    (copy / "go" / "PATENTS").unlink()
    assert go_licenses.missing_licenses(EXTENSION, copy) == ["go", uplink.folder]


def test_a_file_without_go_build_information_is_refused(tmp_path):
    f = tmp_path / "plain.so"
    f.write_bytes(b"\x7fELF" + b"\0" * 100 + b"\xff Go buildinf:" + b"\0" * 8)
    with pytest.raises(ValueError, match="no Go build information"):
        go_licenses.read_build_info(f)


def test_module_cache_case_encoding():
    assert go_licenses._escape("github.com/BurntSushi/toml") == "github.com/!burnt!sushi/toml"


# ---- the wheel build's checks


@pytest.mark.parametrize(("tag", "arch", "ok"), [
    ("manylinux_2_17_x86_64", "x86_64", True),
    ("manylinux_2_5_x86_64", "x86_64", True),  # older glibc: compliant with 2_17 too
    ("manylinux2014_aarch64", "aarch64", True),
    ("manylinux1_x86_64", "x86_64", True),
    ("manylinux_2_18_x86_64", "x86_64", False),
    ("manylinux_2_34_x86_64", "x86_64", False),
    ("manylinux_2_17_x86_64", "aarch64", False),
    ("linux_x86_64", "x86_64", False),
])
def test_policy_is_glibc_2_17_or_older(tag, arch, ok):
    assert bw.within_policy(tag, arch) is ok


def _fake_wheel(path: Path, machine: int) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("storj_uplink/_uplink.abi3.so",
                    b"\x7fELF" + b"\0" * 14 + machine.to_bytes(2, "little") + b"\0" * 40)
    return path


def test_an_extension_of_the_wrong_architecture_is_refused(tmp_path):
    wheel = _fake_wheel(tmp_path / "storj_uplink_sdk-0-cp39-abi3-x.whl", 62)  # x86_64
    with pytest.raises(bw.BuildError, match="not aarch64"):
        bw.check_wheel(wheel, bw.TARGETS["aarch64"], "auditwheel")


def test_a_wheel_that_fails_a_check_is_not_left_in_dist(tmp_path, monkeypatch, capsys):
    work_wheel = tmp_path / "storj_uplink_sdk-0-cp39-abi3-manylinux_2_17_x86_64.whl"
    monkeypatch.setattr(bw, "ROOT", tmp_path)
    monkeypatch.setattr(bw, "tool_paths", lambda: {"zig": "zig", "auditwheel": "auditwheel"})
    monkeypatch.setattr(bw, "build_sdist", lambda out: _touch(out / "storj_uplink_sdk-0.tar.gz"))
    monkeypatch.setattr(bw, "build_wheel", lambda *a: _fake_wheel(work_wheel, 62))

    def failing_check(*a):
        raise bw.BuildError("auditwheel does not find it manylinux_2_17_x86_64 compliant")

    monkeypatch.setattr(bw, "check_wheel", failing_check)
    dist = tmp_path / "dist"
    assert bw.main(["--arch", "x86_64", "--dist", str(dist)]) == 1
    assert not work_wheel.exists()
    assert not dist.exists() or list(dist.iterdir()) == []
    assert "FAILED: auditwheel does not find it" in capsys.readouterr().err


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return path


def test_a_missing_zig_names_the_package_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "ziglang", None)
    with pytest.raises(bw.BuildError, match=r"^zig is missing: pip install ziglang"):
        bw.tool_paths()
