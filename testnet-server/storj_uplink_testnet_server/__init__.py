"""The prebuilt local Storj network server of storj-uplink-sdk's ``testnet`` extra.

This distribution (storj-uplink-testnet-server) holds, for one platform:

* ``bin/planet.test``: the network server (a satellite and storage nodes from
  storj.io/storj, in one process), built from the ``planet/`` sources of
  storj-uplink-sdk of the same version, stripped;
* ``web/``: the satellite's e-mail templates, which the satellite reads at start;
* ``third_party_licenses/``: the license texts of the Go code linked into it;
* ``server.json``: the facts storj_uplink.testnet checks before using it
  (binary, architecture, versions, digest of the sources).

Nothing here is meant to be imported by hand: ``python -m storj_uplink.testnet``
and the pytest plugin ``storj_uplink.testing`` find and use it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

HERE = Path(__file__).resolve().parent


def facts() -> Dict[str, Any]:
    """The content of ``server.json``."""
    data: Dict[str, Any] = json.loads((HERE / "server.json").read_text())
    return data


def binary() -> Path:
    """The path of the server executable."""
    return HERE / str(facts()["binary"])
