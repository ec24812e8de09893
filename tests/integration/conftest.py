"""Fixtures of the integration tests shared by several modules."""

from __future__ import annotations

import pytest

from storj_uplink.cli import main


@pytest.fixture
def cli(storj_network, monkeypatch, capsys, tmp_path):
    """Run the CLI in-process with STORJ_ACCESS set: ``cli(*args) -> (code, out, err)``."""
    for name in ("STORJ_SATELLITE", "STORJ_API_KEY", "STORJ_PASSPHRASE", "UPLINK_ACCESS",
                 "UPLINK_CONFIG_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STORJ_ACCESS", storj_network.access)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))

    def run(*args):
        capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert storj_network.access not in out + err
        return code, out, err

    return run


@pytest.fixture(scope="session")
def go_uplink_cli():
    """Path of the Go ``uplink`` CLI at the storj.io/storj version the local network pins.

    Builds it on first use (needs Go): tests using it are marked ``needs_go``.
    """
    from storj_uplink.testnet.gocli import ensure_go_cli

    return ensure_go_cli()
