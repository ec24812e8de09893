"""Listing (async): ``async for`` over buckets, objects, pending uploads or parts."""

from __future__ import annotations

from typing import Any, Generic, List, TypeVar

from ..listing import Listing as SyncListing
from ._executor import Exclusive, run
from ._mixing import AsyncOnly

__all__ = ["Listing"]

T = TypeVar("T")
_END = object()


class Listing(AsyncOnly, Generic[T]):
    """The asyncio counterpart of :class:`storj_uplink.Listing`: ``async for item in listing``.

    Each step that needs the network runs on the pool. The native iterator is
    freed at the end, on an error, on :meth:`close` (``async with`` does it)
    and when its project closes. Iterate it from one task at a time.
    """

    _sync_name = "storj_uplink.Listing"

    def __init__(self, sync: SyncListing[Any], wrap: Any = None) -> None:
        self._sync = sync
        self._wrap = wrap
        self._exclusive = Exclusive("listing")

    def __aiter__(self) -> "Listing[T]":
        return self

    async def __anext__(self) -> T:
        with self._exclusive:
            item = await run(next, self._sync, _END)
        if item is _END:
            raise StopAsyncIteration
        return item if self._wrap is None else self._wrap(item)  # type: ignore[no-any-return]

    async def to_list(self) -> List[T]:
        """Every remaining item (for short listings)."""
        return [item async for item in self]

    @property
    def closed(self) -> bool:
        """True once exhausted, failed or closed."""
        return self._sync.closed

    async def close(self) -> None:
        """Free the native iterator (idempotent; no request)."""
        self._sync.close()

    async def aclose(self) -> None:
        """The same as :meth:`close` (the async iterator protocol's name)."""
        self._sync.close()

    async def __aenter__(self) -> "Listing[T]":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self._sync.close()

    def __repr__(self) -> str:
        return f"<aio.Listing {'closed' if self.closed else 'open'}>"
