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
    assert out.stdout.split() == ["InternalError", storj_uplink.__version__,
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
