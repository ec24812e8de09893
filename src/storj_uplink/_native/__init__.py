"""The low-level layer: the uplink-c C names, one module per family.

Each function takes Python values and :class:`NativeHandle` owners, makes one
native call through the error choke point (:mod:`.core`), frees what it
received and returns Python values. The object-oriented classes of
storj_uplink use only these modules, never ``lib`` directly.

Importing this package loads nothing native: ``ffi`` and ``lib`` load the
extension (and start the Go runtime) on first use (see :mod:`.core`).
"""

from typing import Any

from . import core
from .core import C_API_VERSION, NativeHandle, ffi, lib, universe_is_empty
from .internal import NativeCounts, native_counts


def __getattr__(name: str) -> Any:
    """BUILD_VERSION and GO_UPLINK_VERSION: read from the extension when asked for."""
    if name in ("BUILD_VERSION", "GO_UPLINK_VERSION"):
        return getattr(core, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# (BUILD_VERSION and GO_UPLINK_VERSION too, through __getattr__)
__all__ = ["C_API_VERSION", "NativeCounts", "NativeHandle", "ffi", "lib", "native_counts",
           "universe_is_empty"]
