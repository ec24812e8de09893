"""Whole-file transfers (async): :func:`storj_uplink.transfer` run off the event loop.

The transfer runs on one thread of the pool and its parts on ``concurrency``
threads of its own, exactly as in the sync API (same retries, resume and
progress; ``progress`` is called from those threads). Cancelling the task
that awaits it stops every part at once -- the native reads and writes in
flight return, the multipart upload is aborted (unless ``resume=True``
keeps it), a partial download file is removed (or kept with ``resume=True``)
-- and the task ends cancelled only after all of that: nothing is committed.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, BinaryIO, Mapping, Optional, Union

from .. import transfer as _transfer
from .._content_type import AUTO, ContentType
from .._parallel import Stopper
from ..info import ObjectInfo
from ..retry import DEFAULT_RETRY, RetryPolicy
from ._executor import run_to_end

if TYPE_CHECKING:
    from ..project import Project as SyncProject

__all__ = ["upload_file", "download_file"]


async def upload_file(project: "SyncProject", bucket: str,
                      source: Union[_transfer.PathLike, BinaryIO], key: str, *,
                      part_size: int = _transfer.DEFAULT_PART_SIZE,
                      concurrency: int = _transfer.DEFAULT_CONCURRENCY,
                      metadata: Optional[Mapping[str, str]] = None,
                      expires: Optional[datetime] = None,
                      progress: Optional[_transfer.ProgressCallback] = None,
                      retry: Optional[RetryPolicy] = DEFAULT_RETRY,
                      resume: bool = False, content_type: ContentType = AUTO) -> ObjectInfo:
    """:func:`storj_uplink.transfer.upload_file`, awaitable and cancellable."""
    stopper = Stopper()
    call = partial(_transfer.upload_file_stoppable, project, bucket, source, key, stopper,
                   part_size=part_size, concurrency=concurrency, metadata=metadata,
                   expires=expires, progress=progress, retry=retry, resume=resume,
                   content_type=content_type)
    info: ObjectInfo = await run_to_end(call, on_cancel=stopper.stop)
    return info


async def download_file(project: "SyncProject", bucket: str, key: str,
                        destination: Union[_transfer.PathLike, BinaryIO], *,
                        concurrency: int = _transfer.DEFAULT_CONCURRENCY,
                        part_size: int = _transfer.DEFAULT_PART_SIZE,
                        progress: Optional[_transfer.ProgressCallback] = None,
                        retry: Optional[RetryPolicy] = DEFAULT_RETRY,
                        resume: bool = False) -> ObjectInfo:
    """:func:`storj_uplink.transfer.download_file`, awaitable and cancellable."""
    stopper = Stopper()
    call = partial(_transfer.download_file_stoppable, project, bucket, key, destination,
                   stopper, concurrency=concurrency, part_size=part_size, progress=progress,
                   retry=retry, resume=resume)
    info: ObjectInfo = await run_to_end(call, on_cancel=stopper.stop)
    return info
