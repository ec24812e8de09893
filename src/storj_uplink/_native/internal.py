"""Test-only introspection of the native core (go/include/uplink_internal.h).

Not part of uplink-c: the leak checks of the test suite compare these counts
before and after many open/use/close cycles.
"""

from __future__ import annotations

from typing import NamedTuple

from .core import ensure_usable, lib

__all__ = ["NativeCounts", "native_counts"]


class NativeCounts(NamedTuple):
    """What the native core holds at one moment."""

    #: goroutines that exist now (Go's ``runtime.NumGoroutine``)
    goroutines: int
    #: handles given out and not yet freed
    handles: int


def native_counts() -> NativeCounts:
    """The native core's live goroutines and handles, now."""
    ensure_usable()
    return NativeCounts(int(lib.uplink_internal_goroutine_count()),
                        int(lib.uplink_internal_handle_count()))
