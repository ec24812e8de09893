"""The Go ``uplink`` CLI used by interop tests and benchmarks builds and talks to the network."""

from __future__ import annotations

import subprocess

import pytest

pytestmark = [pytest.mark.network, pytest.mark.needs_go]


def test_go_cli_lists_a_bucket_made_here(go_uplink_cli, storj_network, project, bucket_name,
                                          tmp_path):
    project.create_bucket(bucket_name)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run(
        [str(go_uplink_cli), "ls", "--access", storj_network.access,
         "--config-dir", str(tmp_path / "cfg")],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert bucket_name in out.stdout.split()
