"""The Go server's source files (``planet/``) and their digest.

The digest names the sources a server binary was built from: the Go build's
cache key includes it, and a prebuilt server (the storj-uplink-testnet-server
wheel) records it, so a server built from other sources is recognised. This
module imports nothing from the package: the wheel build script loads it by path.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import List

SOURCE_NAMES = ("go.mod", "go.sum")


def planet_files(src: Path) -> List[Path]:
    """go.mod, go.sum and the ``*.go`` files of ``src`` (those that exist), in a fixed order."""
    return [src / name for name in SOURCE_NAMES] + sorted(src.glob("*.go"))


def sources_digest(files: List[Path]) -> str:
    """A SHA-256 over the names and contents of ``files`` (hex)."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode() + b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()
