"""Many files at once (async): :mod:`storj_uplink.transfer_manager`, awaitable and cancellable.

The batch runs on one thread of the pool and its files on ``concurrency``
threads of its own, exactly as in the sync API (same options, results and
callbacks; the callbacks are called from those threads). Cancelling the task
that awaits it stops every transfer in flight at once and ends the task
cancelled once they have all stopped: no file in flight is committed.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Iterable, Tuple, Union

from .. import transfer as _transfer
from .. import transfer_manager as _tm
from .._content_type import AUTO
from .._parallel import Stopper
from .._transfer_io import PathLike
from ..bucket import Bucket as SyncBucket
from ..info import ObjectInfo
from ..retry import DEFAULT_RETRY
from ._executor import run_to_end

if TYPE_CHECKING:
    from .bucket import Bucket

__all__ = ["upload_directory", "upload_many", "download_directory", "download_many"]

_UPLOAD_DEFAULTS = dict(concurrency=_tm.DEFAULT_CONCURRENCY,
                        part_size=_transfer.DEFAULT_PART_SIZE, part_concurrency=1,
                        metadata=None, content_type=AUTO, progress=None, on_item=None,
                        stop_on_error=False, retry=DEFAULT_RETRY)
_DOWNLOAD_DEFAULTS = {k: v for k, v in _UPLOAD_DEFAULTS.items()
                      if k not in ("metadata", "content_type")}


def _sync(bucket: "Bucket") -> SyncBucket:
    project = getattr(bucket, "project", None)
    checked = getattr(project, "_checked", None)
    if checked is None or not isinstance(getattr(bucket, "name", None), str):
        raise TypeError(f"expected a storj_uplink.aio.Bucket, not {type(bucket).__name__}")
    return SyncBucket(checked(), bucket.name, getattr(bucket, "created", None))


def _options(defaults: Any, options: Any) -> Any:
    unknown = set(options) - set(defaults)
    if unknown:
        raise TypeError(f"unexpected keyword argument(s): {', '.join(sorted(unknown))}")
    return {**defaults, **options}


async def upload_many(bucket: "Bucket", pairs: Iterable[Tuple[PathLike, str]],
                      **options: Any) -> _tm.BatchResult:
    """:func:`storj_uplink.transfer_manager.upload_many`, awaitable and cancellable."""
    stopper = Stopper()
    call = partial(_tm._upload_many, _sync(bucket), list(pairs), stopper,
                   **_options(_UPLOAD_DEFAULTS, options))
    result: _tm.BatchResult = await run_to_end(call, on_cancel=stopper.stop)
    return result


async def upload_directory(bucket: "Bucket", source: PathLike, prefix: str = "",
                           **options: Any) -> _tm.BatchResult:
    """:func:`storj_uplink.transfer_manager.upload_directory`, awaitable and cancellable."""
    plan = await run_to_end(_tm._upload_plan, source, prefix)
    return await upload_many(bucket, plan, **options)


async def download_many(bucket: "Bucket",
                        pairs: Iterable[Tuple[Union[str, ObjectInfo], PathLike]],
                        **options: Any) -> _tm.BatchResult:
    """:func:`storj_uplink.transfer_manager.download_many`, awaitable and cancellable."""
    stopper = Stopper()
    call = partial(_tm._download_many, _sync(bucket), list(pairs), stopper,
                   **_options(_DOWNLOAD_DEFAULTS, options))
    result: _tm.BatchResult = await run_to_end(call, on_cancel=stopper.stop)
    return result


async def download_directory(bucket: "Bucket", prefix: str, target: PathLike,
                             **options: Any) -> _tm.BatchResult:
    """:func:`storj_uplink.transfer_manager.download_directory`, awaitable and cancellable."""
    pairs, refused = await run_to_end(_tm._download_plan, _sync(bucket), prefix, target)
    result = await download_many(bucket, pairs, **options)
    return _tm.BatchResult(list(result) + refused) if refused else result
