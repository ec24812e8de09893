"""Many files at once: a directory to a prefix and back, or lists of (source, destination) pairs.

::

    from storj_uplink import transfer_manager as tm
    from storj_uplink.progress import line_callback

    bucket = project.ensure_bucket("backups")
    with line_callback(desc="site") as progress:
        batch = tm.upload_directory(bucket, "site/", "www/", concurrency=8, progress=progress)
    for item in batch.failed:
        print(item.source, item.error)
    tm.download_directory(bucket, "www/", "mirror/").raise_for_errors()

How it behaves
--------------
* **Bounded concurrency.** ``concurrency`` files are in flight at once (a
  thread each; cffi releases the GIL during every native call). A file larger
  than ``part_size`` goes up in parts (down in ranges), ``part_concurrency`` of
  them at once *within* that file, so at most ``concurrency * part_concurrency``
  native transfers run together. Each of them streams through one reused
  1 MiB buffer: memory does not grow with the file sizes or their number
  (only the list of names and the results are kept).
* **Per-item results.** Every item gets a :class:`TransferResult`: its object
  information, or the exception that ended it. A failed item (a file that
  cannot be read, a missing object, a transient error that outlived its
  retries) does not stop the others; ``stop_on_error=True`` stops the items in
  flight and skips the rest instead. Each item commits whole or leaves nothing
  (:meth:`Bucket.upload_file` / :meth:`Bucket.download_file`).
* **Progress over the batch.** ``progress(bytes_done, bytes_total)`` counts the
  bytes of all the items (it fits the callbacks of :mod:`storj_uplink.progress`);
  ``on_item(result, items_done, items_total)`` is called as each item ends.
  Both are called from the worker threads, one call at a time; an exception
  raised by either stops the batch and is raised.
* **Stopping.** Ctrl-C (KeyboardInterrupt) in the calling thread stops every
  transfer in flight within moments (their native calls return), commits
  nothing further, and raises once every thread has ended. The asyncio
  versions (:mod:`storj_uplink.aio.transfer_manager`) stop the same way when
  the awaiting task is cancelled.

Bad input -- a source that is not a directory, a concurrency below 1, a
destination that is not a path -- raises at once, before any transfer.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
    overload,
)

from . import transfer as _transfer
from ._content_type import AUTO, ContentType
from ._native.convert import check_int
from ._parallel import Stopper, run_each
from ._transfer_io import PathLike, ProgressCallback
from .info import ObjectInfo
from .retry import DEFAULT_RETRY, RetryPolicy

if TYPE_CHECKING:
    from .bucket import Bucket
    from .project import Project

__all__ = ["upload_directory", "upload_many", "download_directory", "download_many",
           "TransferResult", "BatchResult", "BatchError", "DEFAULT_CONCURRENCY"]

#: Files in flight at once by default.
DEFAULT_CONCURRENCY = 8

#: ``on_item(result, items_done, items_total)``.
ItemCallback = Callable[["TransferResult", int, int], Any]
#: The metadata of an upload: one mapping for all, or a function of the local path.
MetadataArg = Union[Mapping[str, str], Callable[[str], Optional[Mapping[str, str]]], None]


@dataclass(frozen=True)
class TransferResult:
    """What happened to one item of a batch.

    ``source`` and ``destination`` are a local path and an object key (an
    upload) or the reverse (a download). ``info`` is the committed (or
    downloaded) object's information, ``error`` the exception that ended the
    item, ``skipped`` the reason it was not transferred (``stop_on_error``,
    or a key that is no file name). ``size`` is the item's size when known.
    """

    source: str
    destination: str
    size: Optional[int] = None
    info: Optional[ObjectInfo] = None
    error: Optional[BaseException] = None
    skipped: Optional[str] = None

    @property
    def ok(self) -> bool:
        """True when the item was transferred."""
        return self.error is None and self.skipped is None


class BatchError(Exception):
    """Raised by :meth:`BatchResult.raise_for_errors`: some items failed or were skipped."""

    def __init__(self, message: str, results: "BatchResult") -> None:
        super().__init__(message)
        self.results = results


class BatchResult(Sequence[TransferResult]):
    """The results of a batch, in the order of its items (a read-only sequence)."""

    def __init__(self, results: List[TransferResult]) -> None:
        self._results = results

    @overload
    def __getitem__(self, i: int) -> TransferResult: ...

    @overload
    def __getitem__(self, i: slice) -> List[TransferResult]: ...

    def __getitem__(self, i: Union[int, slice]) -> Any:
        return self._results[i]

    def __len__(self) -> int:
        return len(self._results)

    @property
    def succeeded(self) -> List[TransferResult]:
        """The items transferred."""
        return [r for r in self._results if r.ok]

    @property
    def failed(self) -> List[TransferResult]:
        """The items that ended with an error."""
        return [r for r in self._results if r.error is not None]

    @property
    def skipped(self) -> List[TransferResult]:
        """The items not transferred (see :attr:`TransferResult.skipped`)."""
        return [r for r in self._results if r.skipped is not None]

    @property
    def ok(self) -> bool:
        """True when every item was transferred."""
        return all(r.ok for r in self._results)

    @property
    def bytes(self) -> int:
        """The bytes of the items transferred."""
        return sum(r.size or 0 for r in self._results if r.ok)

    def raise_for_errors(self) -> "BatchResult":
        """Raise :class:`BatchError` (the first error as its cause) unless every item went
        through; return ``self`` otherwise."""
        if self.ok:
            return self
        failed, skipped = self.failed, self.skipped
        first = failed[0] if failed else skipped[0]
        what = (f"{type(first.error).__name__}: {first.error}" if first.error is not None
                else f"skipped: {first.skipped}")
        raise BatchError(f"{len(failed)} of {len(self)} items failed and {len(skipped)} were "
                         f"skipped; first: {first.source!r} -> {first.destination!r}: {what}",
                         self) from first.error

    def __repr__(self) -> str:
        return (f"<BatchResult {len(self)} items: {len(self.succeeded)} ok, "
                f"{len(self.failed)} failed, {len(self.skipped)} skipped>")


class _Batch:
    """The progress of a batch and the results as they arrive."""

    def __init__(self, items: List[Tuple[str, str, Optional[int]]],
                 progress: Optional[ProgressCallback], on_item: Optional[ItemCallback]) -> None:
        if progress is not None and not callable(progress):
            raise TypeError(f"progress must be callable, not {type(progress).__name__}")
        if on_item is not None and not callable(on_item):
            raise TypeError(f"on_item must be callable, not {type(on_item).__name__}")
        self.items = items
        self._progress = progress
        self._on_item = on_item
        self._lock = threading.Lock()
        sizes = [size for _, _, size in items]
        self.total: Optional[int] = None if None in sizes else sum(s or 0 for s in sizes)
        self.done = 0
        self._reported = -1
        self.finished = 0
        self.results: List[Optional[TransferResult]] = [None] * len(items)
        self.callback_error: Optional[BaseException] = None

    def item_progress(self) -> Callable[[int, Optional[int]], None]:
        """A progress callback for one item: adds what it reports to the batch."""
        last = [0]

        def report(done: int, total: Optional[int]) -> None:
            delta = done - last[0]
            if delta > 0:
                last[0] = done
                self._add(delta)

        return report

    def _add(self, n: int) -> None:
        with self._lock:
            self.done += n
            if self._progress is not None and self.done > self._reported:
                self._reported = self.done
                try:
                    self._progress(self.done, self.total)
                except BaseException as exc:  # fails the item; record() then stops the batch
                    self.callback_error = self.callback_error or exc
                    raise

    def record(self, index: int, result: TransferResult) -> None:
        """Store an item's result (called one at a time by run_each)."""
        if self.callback_error is not None:
            raise self.callback_error  # the progress callback failed: run_each stops
        self.results[index] = result
        self.finished += 1
        if self._on_item is not None:
            self._on_item(result, self.finished, len(self.items))

    def finish(self) -> BatchResult:
        if self._progress is not None and (self._reported != self.done or not self.items
                                           or self.total is None):
            # the last call has the final figures (a total still unknown: what was done)
            self._progress(self.done, self.done if self.total is None else self.total)
        return BatchResult([r for r in self.results if r is not None])


def _checked(bucket: "Bucket", concurrency: object, part_concurrency: object,
             part_size: object, minimum_part: int) -> Tuple["Project", str]:
    """The bucket's project and name, once the options are checked."""
    project, name = _bucket_parts(bucket)
    for what, value in (("concurrency", concurrency), ("part_concurrency", part_concurrency)):
        check_int(value, what, minimum=1, maximum=_transfer.MAX_CONCURRENCY)
    _transfer._check_options(part_size, part_concurrency, minimum_part)
    return project, name


def _bucket_parts(bucket: "Bucket") -> Tuple["Project", str]:
    project, name = getattr(bucket, "project", None), getattr(bucket, "name", None)
    if project is None or not isinstance(name, str) or not hasattr(project, "upload_object"):
        raise TypeError(f"expected a storj_uplink.Bucket, not {type(bucket).__name__}")
    return project, name


def _run(batch: _Batch, work: Callable[[int], TransferResult], concurrency: int,
         stopper: Stopper, stop_on_error: bool) -> BatchResult:
    def done(index: int, _: int, result: Optional[TransferResult],
             error: Optional[BaseException]) -> None:
        if result is None:
            src, dst, size = batch.items[index]
            result = TransferResult(src, dst, size, error=error)
        batch.record(index, result)

    def skipped(index: int, _: int) -> None:
        src, dst, size = batch.items[index]
        batch.record(index, TransferResult(src, dst, size,
                                           skipped="the batch stopped at an earlier error"))

    run_each(range(len(batch.items)), work, concurrency, stopper, stop_on_error=stop_on_error,
             done=done, skipped=skipped)
    return batch.finish()


# ------------------------------------------------------------------------ upload


def _walk(root: str) -> Iterator[Tuple[str, str]]:
    """(path, relative key) of every file under ``root``, sorted; symlinks to files followed."""
    for directory, dirs, files in os.walk(root):
        dirs.sort()
        rel_dir = os.path.relpath(directory, root)
        for name in sorted(files):
            path = os.path.join(directory, name)
            if os.path.isdir(path):
                continue
            rel = name if rel_dir == "." else os.path.join(rel_dir, name)
            yield path, rel.replace(os.sep, "/")


def _directory_prefix(prefix: object) -> str:
    if not isinstance(prefix, str):
        raise TypeError(f"prefix must be a str, not {type(prefix).__name__}")
    return prefix if not prefix or prefix.endswith("/") else prefix + "/"


def _local(path: object, what: str) -> str:
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"{what} must be a path (str or os.PathLike), not {type(path).__name__}")
    return os.fsdecode(os.fspath(path))


def upload_directory(bucket: "Bucket", source: PathLike, prefix: str = "", **options: Any,
                     ) -> BatchResult:
    """Upload every file under the local directory ``source`` to ``prefix`` + its relative path.

    Keys use ``/`` on every system (``a/b.txt`` under ``prefix="www"`` becomes
    ``www/a/b.txt``: a ``/`` is added to a non-empty prefix that lacks one).
    Symbolic links are followed; empty directories make no objects (an empty
    tree is an empty result). ``options`` are those of :func:`upload_many`.

    :raises NotADirectoryError: ``source`` is not a directory.
    """
    return upload_many(bucket, _upload_plan(source, prefix), **options)


def _upload_plan(source: PathLike, prefix: str) -> List[Tuple[PathLike, str]]:
    root = _local(source, "source")
    if not os.path.isdir(root):
        raise NotADirectoryError(f"{root!r} is not a directory")
    pre = _directory_prefix(prefix)
    return [(path, pre + rel) for path, rel in _walk(root)]


def upload_many(bucket: "Bucket", pairs: Iterable[Tuple[PathLike, str]], *,
                concurrency: int = DEFAULT_CONCURRENCY,
                part_size: int = _transfer.DEFAULT_PART_SIZE, part_concurrency: int = 1,
                metadata: MetadataArg = None, content_type: ContentType = AUTO,
                progress: Optional[ProgressCallback] = None,
                on_item: Optional[ItemCallback] = None, stop_on_error: bool = False,
                retry: Optional[RetryPolicy] = DEFAULT_RETRY) -> BatchResult:
    """Upload each local file of ``pairs`` (``(path, key)``) with :meth:`Bucket.upload_file`.

    :param concurrency: files in flight at once.
    :param part_size: files larger than this go up in parts of this size.
    :param part_concurrency: parts of one file in flight at once.
    :param metadata: custom metadata of every object, or a function of the
        local path returning it (or None).
    :param content_type: stored as each object's ``content-type``: ``"auto"``
        guesses it from the key, ``None`` stores none (see :meth:`Bucket.put`).
    :param progress: ``progress(bytes_done, bytes_total)`` over the whole batch.
    :param on_item: ``on_item(result, items_done, items_total)`` as each item ends.
    :param stop_on_error: stop at the first failed item (the others in flight
        are stopped and the rest skipped) instead of going on.
    :param retry: the retry policy of each file (None: no retries).
    """
    return _upload_many(bucket, pairs, Stopper(), concurrency=concurrency,
                        part_size=part_size, part_concurrency=part_concurrency,
                        metadata=metadata, content_type=content_type, progress=progress,
                        on_item=on_item,
                        stop_on_error=stop_on_error, retry=retry)


def _upload_many(bucket: "Bucket", pairs: Iterable[Tuple[PathLike, str]], stopper: Stopper, *,
                 concurrency: int, part_size: int, part_concurrency: int,
                 metadata: MetadataArg, progress: Optional[ProgressCallback],
                 content_type: ContentType = AUTO,
                 on_item: Optional[ItemCallback], stop_on_error: bool,
                 retry: Optional[RetryPolicy]) -> BatchResult:
    project, name = _checked(bucket, concurrency, part_concurrency, part_size,
                             _transfer.MIN_PART_SIZE)
    if metadata is not None and not callable(metadata) and not isinstance(metadata, Mapping):
        raise TypeError(f"metadata must be a mapping or a function of the path, "
                        f"not {type(metadata).__name__}")
    items: List[Tuple[str, str, Optional[int]]] = []
    for pair in pairs:
        path, key = _pair(pair)
        local = _local(path, "a source")
        if not isinstance(key, str):
            raise TypeError(f"an object key must be a str, not {type(key).__name__}")
        try:
            size: Optional[int] = os.stat(local).st_size
        except OSError:
            size = 0  # reported by the item itself
        items.append((local, key, size))
    batch = _Batch(items, progress, on_item)

    def work(index: int) -> TransferResult:
        local, key, _size = items[index]
        meta = metadata(local) if callable(metadata) else metadata
        if os.path.isdir(local):
            raise IsADirectoryError(f"{local!r} is a directory")
        info = _transfer.upload_file_stoppable(
            project, name, local, key, stopper, part_size=part_size,
            concurrency=part_concurrency, metadata=meta, expires=None,
            progress=batch.item_progress(), retry=retry, resume=False,
            content_type=content_type)
        return TransferResult(local, key, info.content_length, info=info)

    return _run(batch, work, concurrency, stopper, stop_on_error)


def _pair(pair: object) -> Tuple[Any, Any]:
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        raise TypeError(f"expected (source, destination) pairs, not {pair!r:.80}")
    return pair[0], pair[1]


# ---------------------------------------------------------------------- download


def _safe_relative(rel: str) -> Optional[str]:
    """Why ``rel`` (a key below the prefix) cannot be a relative file path, or None."""
    parts = rel.split("/")
    if not rel or rel.endswith("/"):
        return "the key ends with '/' (a folder marker, not a file)"
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in rel \
            or "\x00" in rel:
        return "the key is not a safe relative file name ('', '.', '..' or '\\\\' parts)"
    return None


def download_directory(bucket: "Bucket", prefix: str, target: PathLike, **options: Any,
                       ) -> BatchResult:
    """Download every object under ``prefix`` into the local directory ``target``.

    An object ``prefix`` + ``a/b.txt`` becomes ``target/a/b.txt`` (directories
    are created as needed). Keys that are no safe file name -- ending in
    ``/``, with ``..`` or empty parts -- are skipped with the reason (they would
    write outside ``target`` or clash with a directory). ``options`` are those
    of :func:`download_many`.

    :raises NotADirectoryError: ``target`` exists and is not a directory.
    """
    pairs, refused = _download_plan(bucket, prefix, target)
    result = download_many(bucket, pairs, **options)
    return BatchResult(list(result) + refused) if refused else result


def _download_plan(bucket: "Bucket", prefix: str, target: PathLike,
                   ) -> Tuple[List[Tuple[Union[str, ObjectInfo], PathLike]], List[TransferResult]]:
    """The (object, path) pairs of :func:`download_directory`, and the keys it refuses."""
    project, name = _bucket_parts(bucket)
    root = _local(target, "target")
    if os.path.exists(root) and not os.path.isdir(root):
        raise NotADirectoryError(f"{root!r} is not a directory")
    pre = _directory_prefix(prefix)
    os.makedirs(root, exist_ok=True)
    pairs: List[Tuple[Union[str, ObjectInfo], PathLike]] = []
    refused: List[TransferResult] = []
    for info in project.list_objects(name, pre, recursive=True):
        rel = info.key[len(pre):]
        reason = _safe_relative(rel)
        if reason is not None:
            refused.append(TransferResult(info.key, os.path.join(root, rel), info.content_length,
                                          info=info, skipped=reason))
            continue
        pairs.append((info, os.path.join(root, *rel.split("/"))))
    return pairs, refused


def download_many(bucket: "Bucket", pairs: Iterable[Tuple[Union[str, ObjectInfo], PathLike]], *,
                  concurrency: int = DEFAULT_CONCURRENCY,
                  part_size: int = _transfer.DEFAULT_PART_SIZE, part_concurrency: int = 1,
                  progress: Optional[ProgressCallback] = None,
                  on_item: Optional[ItemCallback] = None, stop_on_error: bool = False,
                  retry: Optional[RetryPolicy] = DEFAULT_RETRY) -> BatchResult:
    """Download each object of ``pairs`` (``(key, path)``) with :meth:`Bucket.download_file`.

    A key may be given as the :class:`ObjectInfo` of a listing: its size then
    counts in the batch's ``bytes_total`` from the start, and no stat is
    needed (otherwise ``bytes_total`` is None). Each file is written to a
    temporary name and renamed into place when complete; missing parent
    directories are created. The options are those of :func:`upload_many`.
    """
    return _download_many(bucket, pairs, Stopper(), concurrency=concurrency,
                          part_size=part_size, part_concurrency=part_concurrency,
                          progress=progress, on_item=on_item, stop_on_error=stop_on_error,
                          retry=retry)


def _download_many(bucket: "Bucket", pairs: Iterable[Tuple[Union[str, ObjectInfo], PathLike]],
                   stopper: Stopper, *, concurrency: int, part_size: int,
                   part_concurrency: int, progress: Optional[ProgressCallback],
                   on_item: Optional[ItemCallback], stop_on_error: bool,
                   retry: Optional[RetryPolicy]) -> BatchResult:
    project, name = _checked(bucket, concurrency, part_concurrency, part_size, 1)
    items: List[Tuple[str, str, Optional[int]]] = []
    known: List[Optional[ObjectInfo]] = []
    for pair in pairs:
        obj, path = _pair(pair)
        if isinstance(obj, ObjectInfo):
            key, size, info = obj.key, obj.content_length, obj
        elif isinstance(obj, str):
            key, size, info = obj, None, None
        else:
            raise TypeError(f"an object must be a key (str) or an ObjectInfo, "
                            f"not {type(obj).__name__}")
        items.append((key, _local(path, "a destination"), size))
        known.append(info)
    batch = _Batch(items, progress, on_item)

    def work(index: int) -> TransferResult:
        key, local, _ = items[index]
        parent = os.path.dirname(os.path.abspath(local))
        os.makedirs(parent, exist_ok=True)
        info = _transfer.download_file_stoppable(
            project, name, key, local, stopper, concurrency=part_concurrency,
            part_size=part_size, progress=batch.item_progress(), retry=retry, resume=False,
            known=known[index])
        return TransferResult(key, local, info.content_length, info=info)

    return _run(batch, work, concurrency, stopper, stop_on_error)

