"""Upload (async): a stream into a new object, committed when its ``async with`` ends."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any, Mapping, Optional

from .._writer import WriteStream
from ..upload import Upload as SyncUpload
from ._executor import run, run_shielded, run_to_end
from ._mixing import AsyncStream

__all__ = ["Upload"]


class Upload(AsyncStream[WriteStream[Any]]):
    """The asyncio counterpart of :class:`storj_uplink.Upload`.

    ``async with project.upload_object(bucket, key) as upload:`` commits when
    the block ends normally and aborts when it ends with an exception -- a
    cancelled task included. Cancelling a task awaiting :meth:`write` stops
    the native write promptly (:meth:`cancel`) and aborts the upload: nothing
    is committed. Cancelling a task awaiting :meth:`commit` lets the commit
    finish (it is one short request), so the object is then either complete
    or absent, and the task still ends cancelled.
    Await one operation at a time (a second task gets :class:`ConcurrentUseError`).
    """

    _sync_name = "storj_uplink.Upload"

    _what = "upload"

    async def write(self, data: Any) -> int:
        """Write all of ``data`` (bytes-like, not copied); returns the byte count."""
        with self._exclusive:
            n: int = await run_to_end(self._sync.write, data, on_cancel=self._sync.cancel,
                                      after_cancel=self._abort_quietly)
            return n

    def _abort_quietly(self) -> None:
        try:
            self._sync.abort()
        except Exception:
            pass  # a cancelled upload may fail to abort cleanly: it is never committed anyway

    async def commit(self) -> Any:
        """Make the object visible; returns its information (see the class doc on cancelling)."""
        with self._exclusive:
            return await run_to_end(self._sync.commit)

    async def abort(self) -> None:
        """Discard what was written (idempotent). Finishes even if the task is cancelled."""
        with self._exclusive:
            await run_shielded(self._sync.abort)

    async def set_custom_metadata(self, metadata: Mapping[str, str]) -> None:
        """Set the object's custom metadata (str → str), before commit."""
        if not isinstance(self._sync, SyncUpload):
            raise TypeError("a part upload has no custom metadata")
        with self._exclusive:
            await run(self._sync.set_custom_metadata, metadata)

    @property
    def info(self) -> Any:
        """What uplink knows of the object (final once committed; in memory, no request)."""
        return self._sync.info

    @property
    def committed(self) -> bool:
        """True once committed."""
        return self._sync.committed

    @property
    def aborted(self) -> bool:
        """True once aborted."""
        return self._sync.aborted

    async def __aenter__(self) -> "Upload":
        self._sync.__enter__()  # raises UploadDoneError if already finished
        return self

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if self._sync.committed or self._sync.aborted:
            return
        if exc_type is None:
            await self.commit()
            return
        try:  # also after a cancellation: finish the abort
            await run_shielded(self._abort_quietly)
        except asyncio.CancelledError:
            pass  # the block's own exception is what propagates

    def __repr__(self) -> str:
        state = "committed" if self.committed else "aborted" if self.aborted else "open"
        return f"<aio.Upload {self.bucket!r}/{self.key!r} {state}>"


async def start(sync_project: Any, bucket: str, key: str, expires: Any,
                metadata: Optional[Mapping[str, str]]) -> Upload:
    """Start an upload on the pool (creating it is a request to the satellite);
    ``metadata`` is final (its content type already decided by the caller)."""
    sync: Any = await run_to_end(partial(sync_project.upload_object, bucket, key, expires,
                                         metadata, content_type=None),
                                 discard=lambda up: up.abort())
    return Upload(sync)
