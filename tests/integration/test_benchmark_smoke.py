"""benchmarks/run.py --smoke works end to end against the session's network.

It checks the shape of the results only (every measure, numeric figures for
the SDK and Go sides), never a timing threshold: the machine is shared and
noisy, and the targets are read from a full run's output by a person.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.network, pytest.mark.needs_go]

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "benchmarks" / "run.py"

MEASURES = {
    "upload_medium", "download_medium", "upload_large", "download_large",
    "stat", "list100", "putget_1KiB", "peak_rss_medium", "peak_rss_large",
    "upload_cpu_medium", "download_cpu_medium", "upload_cpu_large", "download_cpu_large",
    "parallel_upload", "parallel_download",
}


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and x > 0


@pytest.fixture(scope="module")
def smoke_results(storj_network, tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "smoke.json"
    env = dict(os.environ)
    env.update(storj_network.env())
    proc = subprocess.run([sys.executable, str(RUN), "--smoke", "--output", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, (
        f"run.py --smoke failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    assert out.exists(), f"no JSON written:\n{proc.stdout[-2000:]}"
    return json.loads(out.read_text()), proc.stdout


def test_smoke_json_has_every_measure(smoke_results):
    data, _ = smoke_results
    assert data["mode"] == "smoke"
    assert _number(data["duration_s"])
    assert set(data["measures"]) == MEASURES
    for mid, m in data["measures"].items():
        assert m["unit"] and m["label"] and m["target"], mid
        assert set(m["sides"]) == {"sdk", "go", "pypi"}, mid
        for side in ("sdk", "go"):
            assert _number(m["sides"][side]["median"]), (mid, side, m["sides"][side])
            assert all(_number(v) for v in m["sides"][side]["runs"]), (mid, side)
        assert _number(m["ratio_sdk_go"]), mid
        # PyPI's storj-uplink may be unavailable (no PyPI access): then it says why.
        pypi = m["sides"]["pypi"]
        if pypi["median"] is None:
            assert pypi.get("errors") or data["sides"]["pypi"]["error"], mid
        else:
            assert _number(pypi["median"]) and _number(m["ratio_sdk_pypi"]), mid
        if m["target"] != "(info)":
            assert isinstance(m["target_met"], bool), mid


def test_smoke_prints_a_table(smoke_results):
    data, stdout = smoke_results
    assert "SDK/Go" in stdout
    for m in data["measures"].values():
        assert m["label"] in stdout
