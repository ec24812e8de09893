"""Download (async): an object's bytes, read without blocking the event loop."""

from __future__ import annotations

import asyncio
from typing import Any, AsyncIterator

from ..download import Download as SyncDownload
from ..info import ObjectInfo
from ._executor import run_shielded, run_to_end
from ._mixing import AsyncStream

__all__ = ["Download", "CHUNK_SIZE"]

#: The size of the chunks ``async for`` yields.
CHUNK_SIZE = 1 << 20


class Download(AsyncStream[SyncDownload]):
    """The asyncio counterpart of :class:`storj_uplink.Download`.

    ``async with project.download_object(bucket, key) as down:`` closes it at
    the end of the block; ``async for chunk in down`` yields its bytes in
    chunks of up to 1 MiB. Cancelling a task awaiting a read stops the native
    read promptly and closes the download.
    Await one operation at a time (a second task gets :class:`ConcurrentUseError`).
    """

    _sync_name = "storj_uplink.Download"

    _what = "download"

    @property
    def closed(self) -> bool:
        """True once closed."""
        return bool(self._sync.closed)

    async def _read(self, fn: Any, *args: Any) -> Any:
        with self._exclusive:
            return await run_to_end(fn, *args, on_cancel=self._sync.cancel,
                                    after_cancel=self._sync.close)

    async def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (everything left when -1); ``b""`` at the end."""
        data: bytes = await self._read(self._sync.read, size)
        return data

    async def readinto(self, buffer: Any) -> int:
        """Read into a writable buffer; returns the byte count (0 at the end)."""
        n: int = await self._read(self._sync.readinto, buffer)
        return n

    async def readall(self) -> bytes:
        """Everything that is left."""
        data: bytes = await self._read(self._sync.readall)
        return data

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._chunks()

    async def _chunks(self) -> AsyncIterator[bytes]:
        while True:
            chunk = await self.read(CHUNK_SIZE)
            if not chunk:
                return
            yield chunk

    @property
    def info(self) -> ObjectInfo:
        """The object's information (known once the download started: no request)."""
        return self._sync.info

    async def close(self) -> None:
        """Close the download (idempotent); finishes even if the task is cancelled."""
        await run_shielded(self._sync.close)

    async def __aenter__(self) -> "Download":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        try:
            await self.close()
        except asyncio.CancelledError:
            if exc[0] is None:
                raise

    def __repr__(self) -> str:
        return f"<aio.Download {self.bucket!r}/{self.key!r} {'closed' if self.closed else 'open'}>"


async def start(sync_project: Any, bucket: str, key: str, offset: int, length: int) -> Download:
    """Start a download on the pool (opening it asks the satellite for the object)."""
    sync: SyncDownload = await run_to_end(sync_project.download_object, bucket, key, offset,
                                          length, discard=lambda d: d.close())
    return Download(sync)
