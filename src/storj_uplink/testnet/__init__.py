"""A real Storj network on loopback for tests and benchmarks (pure Python; no native extension).

``python -m storj_uplink.testnet`` starts one and prints its connection facts;
``python -m storj_uplink.testnet -- CMD ARGS...`` runs CMD against it. The
pytest plugin :mod:`storj_uplink.testing` gives tests a session-wide network.
See README.md beside this file.
"""

from __future__ import annotations

from .errors import TestnetError
from .network import (
    DEFAULT_PASSPHRASE,
    ExternalNetwork,
    LocalNetwork,
    NetworkInfo,
    cleanup_stale_runs,
    connect_or_start,
    network_from_env,
)

__all__ = [
    "TestnetError",
    "NetworkInfo",
    "LocalNetwork",
    "ExternalNetwork",
    "network_from_env",
    "connect_or_start",
    "cleanup_stale_runs",
    "DEFAULT_PASSPHRASE",
]
