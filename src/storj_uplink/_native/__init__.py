"""The low-level layer: the uplink-c C names, one module per family.

Each function takes Python values and :class:`NativeHandle` owners, makes one
native call through the error choke point (:mod:`.core`), frees what it
received and returns Python values. The object-oriented classes of
storj_uplink use only these modules, never ``lib`` directly.
"""

from .core import (
    BUILD_VERSION,
    C_API_VERSION,
    GO_UPLINK_VERSION,
    NativeHandle,
    ffi,
    lib,
    universe_is_empty,
)
from .internal import NativeCounts, native_counts

__all__ = ["BUILD_VERSION", "C_API_VERSION", "GO_UPLINK_VERSION", "NativeCounts", "NativeHandle",
           "ffi", "lib", "native_counts", "universe_is_empty"]
