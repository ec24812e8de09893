"""Installation: a fresh venv, import from an unrelated directory, shadowing by PyPI's
unrelated storj-uplink package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import storj_uplink

ROOT = Path(__file__).resolve().parents[2]


def test_pip_install_into_a_fresh_venv_and_import_from_elsewhere(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    clean_env = {k: v for k, v in os.environ.items()
                 if not k.startswith(("STORJ_", "PYTHON", "VIRTUAL_ENV"))}
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    str(ROOT)], check=True, env=clean_env, timeout=1200)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import storj_uplink as sj, os\n"
            "assert sj.__file__.startswith(os.environ['VENV']), sj.__file__\n"
            "try:\n    sj.Access.parse('garbage')\nexcept sj.StorjError as e:\n"
            "    print(type(e).__name__, sj.__version__, sj.STORJ_UPLINK_GO_VERSION)\n")
    out = subprocess.run([str(py), "-c", code], cwd=elsewhere, capture_output=True, text=True,
                         env=dict(clean_env, VENV=str(env_dir)), timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["AccessGrantInvalidError", storj_uplink.__version__,
                                  storj_uplink.STORJ_UPLINK_GO_VERSION]


def test_files_of_pypi_storj_uplink_make_the_import_fail_clearly(tmp_path):
    pkg = Path(storj_uplink.__file__).parent
    copy = tmp_path / "site" / "storj_uplink"
    shutil.copytree(pkg, copy)
    (copy / "uplink.py").write_text("# a file of PyPI's storj-uplink\n")
    out = subprocess.run([sys.executable, "-c", "import storj_uplink"], cwd=tmp_path,
                         capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(copy.parent)), timeout=120)
    assert out.returncode != 0
    assert "pip uninstall -y storj-uplink storj-uplink-sdk" in out.stderr
    assert "uplink.py" in out.stderr


def test_wheel_works_without_go_on_path(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--disable-pip-version-check", "-w", str(wheels), str(ROOT)],
                   check=True, timeout=1200)
    (wheel,) = wheels.glob("storj_uplink_sdk-*.whl")
    assert "-cp39-abi3-" in wheel.name  # one wheel for every CPython >= 3.9
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    go_dir = os.path.dirname(shutil.which("go") or "/nonexistent/go")
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep)
                           if p and os.path.realpath(p) != os.path.realpath(go_dir)
                           and not os.path.exists(os.path.join(p, "go")))
    env = {"PATH": path, "HOME": str(tmp_path)}
    py = str(env_dir / "bin" / "python")
    subprocess.run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    "--no-index", "--find-links", str(wheels), "--no-deps", str(wheel)],
                   check=True, env=env, timeout=600)
    subprocess.run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "cffi"],
                   check=True, env=dict(env, HOME=os.environ.get("HOME", "/root")), timeout=600)
    code = ("import shutil, storj_uplink as sj\n"
            "assert shutil.which('go') is None\n"
            "k = sj.EncryptionKey.derive('pw', b'salt'); k.close()\n"
            "print(sj.__version__)\n")
    out = subprocess.run([py, "-c", code], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == storj_uplink.__version__
    print(f"wheel {wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB")
