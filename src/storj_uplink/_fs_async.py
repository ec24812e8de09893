"""The coroutines of the ``sj`` fsspec filesystem (fsspec's AsyncFileSystem interface).

Each runs the filesystem's synchronous method on the bounded thread pool of
:mod:`storj_uplink.aio`, so with ``asynchronous=True`` the event loop never
waits on the network, and fsspec's bulk coroutines (``_cat``, ``_cat_ranges``...)
run many of them at once. The synchronous methods the filesystem defines
itself stay as they are (they never go through a loop).

``_put`` and ``_get`` (and so ``put``/``get``) keep fsspec's expansion of the
paths (globs, ``recursive``, ``maxdepth``, trailing ``/``) and hand the files
to :mod:`storj_uplink.transfer_manager`: one batch per bucket, bounded
concurrency (``batch_size``, default 8 files at once), stopped at the first
failed file, whose error is raised.
"""

from __future__ import annotations

import errno
import os
from functools import partial
from typing import Any, Callable, Dict, List, Tuple

from fsspec.asyn import AsyncFileSystem
from fsspec.callbacks import DEFAULT_CALLBACK

from . import transfer as _transfer
from . import transfer_manager as _tm
from ._content_type import AUTO, ContentType
from ._parallel import Cancelled, Stopper
from .aio._executor import run, run_to_end
from .errors import NotFoundError
from .retry import DEFAULT_RETRY

__all__ = ["AsyncMethods"]


def _on_pool(name: str) -> Callable[..., Any]:
    async def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        sync = getattr(self, name)
        return await run(lambda: sync(*args, **kwargs))

    method.__name__ = method.__qualname__ = "_" + name
    method.__doc__ = f"``{name}`` on the thread pool of storj_uplink.aio (a coroutine)."
    return method


class _Collector:
    """Stands in for the filesystem while fsspec expands the paths of a put or get: it
    records the file pairs fsspec would transfer one by one (everything else is the
    filesystem's own)."""

    def __init__(self, fs: Any) -> None:
        self._fs = fs
        self.pairs: List[Tuple[str, str]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fs, name)

    async def _put_file(self, lpath: str, rpath: str, **kwargs: Any) -> None:
        self.pairs.append((lpath, rpath))

    async def _get_file(self, rpath: str, lpath: str, **kwargs: Any) -> None:
        self.pairs.append((rpath, lpath))


def _concurrency(batch_size: Any) -> int:
    if isinstance(batch_size, int) and not isinstance(batch_size, bool) and batch_size > 0:
        return min(batch_size, _transfer.MAX_CONCURRENCY)
    return _tm.DEFAULT_CONCURRENCY


def _raise_first(batch: _tm.BatchResult) -> None:
    """Raise the error that stopped the batch (not one of the items it stopped)."""
    failed = sorted(batch.failed, key=lambda item: isinstance(item.error, Cancelled))
    if failed:
        item, error = failed[0], failed[0].error
        if isinstance(error, NotFoundError):
            raise FileNotFoundError(errno.ENOENT, str(error), item.source) from error
        raise error  # type: ignore[misc]


class AsyncMethods:
    """The ``_name`` coroutines fsspec's AsyncFileSystem asks an implementation for."""

    _ls = _on_pool("ls")
    _info = _on_pool("info")
    _find = _on_pool("find")
    _cat_file = _on_pool("cat_file")
    _pipe_file = _on_pool("pipe_file")
    _put_file = _on_pool("put_file")
    _get_file = _on_pool("get_file")
    _rm_file = _on_pool("rm_file")
    _rm = _on_pool("rm")
    _cp_file = _on_pool("cp_file")
    _mkdir = _on_pool("mkdir")
    _makedirs = _on_pool("makedirs")
    _rmdir = _on_pool("rmdir")

    async def _put(self, lpath: Any, rpath: Any, recursive: bool = False,
                   callback: Any = DEFAULT_CALLBACK, batch_size: Any = None,
                   maxdepth: Any = None, **kwargs: Any) -> None:
        """Upload local files (fsspec's ``put``) as batches of the transfer manager."""
        if kwargs.get("mode", "overwrite") != "overwrite":  # per-file checks: one by one
            await AsyncFileSystem._put(self, lpath, rpath, recursive=recursive,
                                       callback=callback, batch_size=batch_size,
                                       maxdepth=maxdepth, **kwargs)
            return
        collector = _Collector(self)
        await AsyncFileSystem._put(collector, lpath, rpath, recursive=recursive,
                                   batch_size=batch_size, maxdepth=maxdepth)
        by_bucket: Dict[str, List[Tuple[str, str]]] = {}
        for local, remote in collector.pairs:
            bucket, key = self.split_path(remote)  # type: ignore[attr-defined]
            if not key:
                raise IsADirectoryError(errno.EISDIR, "a bucket is not a file", remote)
            by_bucket.setdefault(bucket, []).append((local, key))
        await self._batches(by_bucket, callback, batch_size, kwargs.get("metadata"), True,
                            kwargs.get("content_type", AUTO))

    async def _get(self, rpath: Any, lpath: Any, recursive: bool = False,
                   callback: Any = DEFAULT_CALLBACK, maxdepth: Any = None,
                   **kwargs: Any) -> None:
        """Download objects (fsspec's ``get``) as batches of the transfer manager."""
        collector = _Collector(self)
        batch_size = kwargs.pop("batch_size", None)
        await AsyncFileSystem._get(collector, rpath, lpath, recursive=recursive,
                                   maxdepth=maxdepth)
        parents = {r.rstrip("/").rsplit("/", n)[0] for r, _ in collector.pairs
                   for n in range(1, r.rstrip("/").count("/") + 1)}
        by_bucket: Dict[str, List[Tuple[str, str]]] = {}
        for remote, local in collector.pairs:
            bucket, key = self.split_path(remote)  # type: ignore[attr-defined]
            # a directory: a bucket, or a path others are below (then asked: an object
            # may have the name of a directory)
            if not key or (remote.rstrip("/") in parents
                           and (await self._info(remote))["type"] == "directory"):
                os.makedirs(local, exist_ok=True)
                continue
            by_bucket.setdefault(bucket, []).append((key, local))
        await self._batches(by_bucket, callback, batch_size, None, False)

    async def _batches(self, by_bucket: Dict[str, List[Tuple[str, str]]], callback: Any,
                       batch_size: Any, metadata: Any, upload: bool,
                       content_type: ContentType = AUTO) -> None:
        callback.set_size(sum(len(pairs) for pairs in by_bucket.values()))
        project = self.project  # type: ignore[attr-defined]
        for name, pairs in by_bucket.items():
            stopper = Stopper()
            options: Dict[str, Any] = dict(
                concurrency=_concurrency(batch_size), part_size=_transfer.DEFAULT_PART_SIZE,
                part_concurrency=_transfer.DEFAULT_CONCURRENCY if len(pairs) == 1 else 1,
                progress=None, on_item=lambda result, done, total: callback.relative_update(1),
                stop_on_error=True, retry=DEFAULT_RETRY)
            if upload:
                call = partial(_tm._upload_many, project.bucket(name), pairs, stopper,
                               metadata=metadata, content_type=content_type, **options)
            else:
                call = partial(_tm._download_many, project.bucket(name), pairs, stopper,
                               **options)
            batch: _tm.BatchResult = await run_to_end(call, on_cancel=stopper.stop)
            _raise_first(batch)
