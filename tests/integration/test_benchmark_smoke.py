"""benchmarks/run.py --smoke works end to end against the session's network.

It checks the shape of the results only (every measure, numeric figures for
the SDK and its reference side, the paired-ratio fields), never a timing
threshold: the machine is shared and noisy, and the targets are read from a
full run's output by a person.
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
    "parallel_upload", "parallel_download", "many_upload", "many_download",
}
#: The many-files measures compare the SDK with the Go uplink CLI only.
GO_CLI = {"many_upload", "many_download"}


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
        ref = "gocli" if mid in GO_CLI else "go"
        assert m["reference"] == ref, mid
        assert set(m["sides"]) == ({"sdk", "gocli"} if mid in GO_CLI else {"sdk", "go", "pypi"})
        for side in ("sdk", ref):
            assert _number(m["sides"][side]["median"]), (mid, side, m["sides"][side])
            assert all(_number(v) for v in m["sides"][side]["runs"]), (mid, side)
        assert _number(m["ratio_sdk_go"]), mid
        vs = m["vs_reference"]
        assert set(vs) == {"median", "low", "high", "pairs", "verdict"}, mid
        assert vs["pairs"] == 1 and vs["low"] <= vs["median"] <= vs["high"], mid
        assert vs["verdict"] is None, mid  # one pair decides nothing
        if mid in GO_CLI:
            continue
        # PyPI's storj-uplink may be unavailable (no PyPI access): then it says why.
        pypi = m["sides"]["pypi"]
        if pypi["median"] is None:
            assert pypi.get("errors") or data["sides"]["pypi"]["error"], mid
        else:
            assert _number(pypi["median"]) and _number(m["ratio_sdk_pypi"]), mid
        if m["target"] == "(info)":
            assert m["target_met"] is None, mid


def test_smoke_prints_a_table(smoke_results):
    data, stdout = smoke_results
    assert "SDK/reference [95% CI]" in stdout and "verdicts:" in stdout
    for m in data["measures"].values():
        assert m["label"] in stdout
