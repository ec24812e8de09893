"""Installation: the sdist into a fresh venv, import from an unrelated directory,
shadowing by PyPI's unrelated storj-uplink package. (The manylinux wheel without a
toolchain: scripts/check-installed-wheel.sh, run by scripts/test.sh.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import storj_uplink

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.needs_go
def test_sdist_installs_into_a_fresh_venv_and_runs_against_the_local_network(tmp_path):
    """The sdist carries everything: it builds go/ and the extension in a fresh venv, the
    installed package holds its Go licenses and the local network's sources, and the
    hello example passes on a local network started from that install."""
    subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path / "sd"),
                    str(ROOT)], check=True, capture_output=True, timeout=1200)
    (sdist,) = (tmp_path / "sd").glob("storj_uplink_sdk-*.tar.gz")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    clean_env = {k: v for k, v in os.environ.items()
                 if not k.startswith(("STORJ_", "PYTHON", "VIRTUAL_ENV"))}
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    str(sdist)], check=True, env=clean_env, timeout=1200)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import storj_uplink as sj, os, sys, pathlib\n"
            "assert sj.__file__.startswith(os.environ['VENV']), sj.__file__\n"
            "sys.path.insert(0, os.environ['ROOT'])\n"
            "import go_licenses\n"
            "pkg = pathlib.Path(sj.__file__).parent\n"
            "(ext,) = pkg.glob('_uplink*.so')\n"
            "assert go_licenses.missing_licenses(ext, pkg / 'third_party_licenses') == []\n"
            "for f in ('go.mod', 'go.sum', 'planet_test.go'):\n"
            "    assert (pkg / 'testnet' / 'planet' / f).is_file(), f\n"
            "try:\n    sj.Access.parse('garbage')\nexcept sj.StorjError as e:\n"
            "    print(type(e).__name__, sj.__version__, sj.STORJ_UPLINK_GO_VERSION)\n")
    env = dict(clean_env, VENV=str(env_dir), ROOT=str(ROOT))
    out = subprocess.run([str(py), "-c", code], cwd=elsewhere, capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["AccessGrantInvalidError", storj_uplink.__version__,
                                  storj_uplink.STORJ_UPLINK_GO_VERSION]
    run = subprocess.run([str(py), "-m", "storj_uplink.testnet", "-q", "--", str(py),
                          str(ROOT / "examples" / "hello_storj.py")],
                         cwd=elsewhere, capture_output=True, text=True, env=env, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "sha256 matches" in run.stdout and "hello storj: OK" in run.stdout


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
