"""Runs the atheris harness for a bounded number of inputs (the soak mode runs more)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parents[1] / "fuzz" / "atheris_entry_points.py"
RUNS = 200_000 if os.environ.get("STORJ_UPLINK_SOAK") == "1" else 2_000


def test_atheris_finds_nothing(tmp_path):
    pytest.importorskip("atheris", reason="atheris is optional (it did not install)")
    out = subprocess.run([sys.executable, str(HARNESS), f"-runs={RUNS}", "-rss_limit_mb=4096"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=3600)
    tail = out.stderr[-3000:]
    assert out.returncode == 0, tail
    assert f"Done {RUNS} runs" in out.stderr, tail
