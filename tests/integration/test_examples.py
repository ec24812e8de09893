"""examples/hello_storj.py, README command 1's demo, run the way the README runs it.

``python -m storj_uplink.testnet -- python examples/hello_storj.py`` with no
STORJ_* variables: the command starts its own network (the server build is
cached by the session's network), runs the demo with the variables set, stops
everything and exits with the demo's status.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.network

CONNECTION_VARIABLES = ("STORJ_SATELLITE", "STORJ_API_KEY", "STORJ_ACCESS")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hello_storj.py"


def test_hello_storj_through_the_testnet_command(storj_network, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in CONNECTION_VARIABLES}
    proc = subprocess.run(
        [sys.executable, "-m", "storj_uplink.testnet", "--", sys.executable, str(EXAMPLE)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    out = proc.stdout
    assert "sha256 matches" in out
    assert "shared:    a read-only access for greetings/ reads, cannot write" in out
    assert out.rstrip().endswith("hello storj: OK")
    # the demo's own satellite, not the session's: the command started a network
    assert storj_network.satellite_address not in out
