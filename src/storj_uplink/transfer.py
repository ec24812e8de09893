"""Whole-file transfers: parallel multipart uploads and parallel ranged downloads.

Use them through :meth:`Bucket.upload_file` and :meth:`Bucket.download_file`::

    info = bucket.upload_file("backup.tar", "backups/2024.tar", progress=print)
    bucket.download_file("backups/2024.tar", "restored.tar")

How they work
-------------
* **Upload.** A source of at most ``part_size`` bytes (and any source that
  cannot seek, such as a pipe) goes through a single streaming
  :class:`Upload`. A larger one becomes a multipart upload whose parts are
  uploaded by ``concurrency`` threads at once (cffi releases the GIL during
  every native call, so the threads really run in parallel). A part that
  fails stops the others and aborts the whole multipart upload: nothing is
  left behind -- no object, no pending upload -- and the first error is raised.
* **Download.** The object is read in ranges of ``part_size`` bytes by
  ``concurrency`` threads, each writing at its own offset (``os.pwrite``, or a locked
  seek + write where it is missing) into
  a temporary file in the destination's directory, which is renamed over the
  destination only when everything arrived (and was flushed to disk). On any
  failure the temporary file is removed and the destination is untouched. A
  file-object destination is written sequentially, in order.
* **Memory is bounded** whatever the file size: each worker streams its part
  through one reused buffer of :data:`CHUNK_SIZE` bytes (``readinto`` /
  ``os.preadv`` into a bytearray, written to uplink without copying), so the
  Python side holds about ``concurrency`` times 1 MiB.
* **Retries.** A part (or range) that fails with a transient error is tried
  again after a backoff, up to ``retry`` attempts (:mod:`storj_uplink.retry`:
  exponential backoff with jitter, never for permission, not-found, invalid or
  limit errors); a range continues where it stopped. ``retry=None`` fails at
  the first error, as before.
* **Resume.** ``upload_file(..., resume=True)`` continues the newest pending
  multipart upload of the same key: parts already there whole (checked by
  their size) are not uploaded again; a pending upload made with another
  part size is a ValueError. A failed ``resume=True`` upload keeps its pending
  upload (instead of aborting it) for the next try. ``download_file(...,
  resume=True)`` into a path writes ``.<name>.storj-partial`` plus a record of
  the finished ranges, keeps them on failure, and continues them next time if
  the object did not change.
* **progress** ``(bytes_done, bytes_total)`` is called from the worker threads,
  serialized under a lock so ``bytes_done`` never goes backwards; the last call
  has ``bytes_done == bytes_total`` (the size). ``bytes_total`` is ``None``
  while the size of a non-seekable source is unknown. An exception raised by
  the callback fails (and so aborts) the transfer.

Why these defaults
------------------
* :data:`DEFAULT_PART_SIZE` = 64 MiB: uplink stores an object as segments of at
  most 64 MiB, and a multipart upload starts a new segment with every part.
  Parts that are a multiple of 64 MiB therefore make full segments only; other
  sizes add a short segment per part (more metadata, more segment fees, more
  per-segment overhead). Ranged downloads of 64 MiB then read one segment each.
  It is also far above the 5 MiB minimum part size of Storj satellites and
  gives 10 000 parts (the maximum) for objects up to 625 GiB; beyond that the
  part size is raised automatically, in steps of 64 MiB.
* :data:`DEFAULT_CONCURRENCY` = 4: every part upload already spreads each
  segment over ~80 storage nodes in parallel inside uplink, so a few parts in
  flight saturate a typical uplink; more mainly adds connections, memory in
  uplink's segment buffers and tail latency.
"""

from __future__ import annotations

import io
import os
import uuid
from datetime import datetime
from typing import (
    TYPE_CHECKING,
    Any,
    BinaryIO,
    Callable,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Set,
    TypeVar,
    Union,
)

from . import _resume
from ._content_type import AUTO, ContentType, with_content_type
from ._log import logger
from ._native.convert import check_int
from ._parallel import Cancelled, Stopper, run_parallel
from ._transfer_io import (
    AttemptProgress,
    FdSource,
    PathLike,
    Progress,
    ProgressCallback,
    Source,
    fileobj_sink,
    open_source,
    pwrite_sink,
)
from .info import ObjectInfo
from .retry import DEFAULT_RETRY, RetryPolicy, attempt_loop, notify, policy_from

T = TypeVar("T")

if TYPE_CHECKING:
    from .multipart import MultipartUpload
    from .project import Project

__all__ = [
    "upload_file", "download_file", "plan_parts", "part_size_for", "Part", "ProgressCallback",
    "DEFAULT_PART_SIZE", "DEFAULT_CONCURRENCY", "CHUNK_SIZE", "SEGMENT_SIZE",
    "MIN_PART_SIZE", "MAX_PARTS", "RetryPolicy", "DEFAULT_RETRY", "PathLike",
    "upload_file_stoppable", "download_file_stoppable", "Cancelled",
]

MiB = 1 << 20
#: uplink's maximum segment size: parts that are multiples of it fill whole segments.
SEGMENT_SIZE = 64 * MiB
#: The default part size of uploads and range size of downloads (see the module doc).
DEFAULT_PART_SIZE = SEGMENT_SIZE
#: The default number of parts (or ranges) transferred at once.
DEFAULT_CONCURRENCY = 4
#: The buffer each worker streams its part through.
CHUNK_SIZE = 1 * MiB
#: The smallest part (except the last) a Storj satellite accepts by default.
MIN_PART_SIZE = 5 * MiB
#: The most parts a Storj satellite accepts in one object by default.
MAX_PARTS = 10_000
#: Upper bound for ``concurrency`` (a thread each).
MAX_CONCURRENCY = 256



_ONCE = RetryPolicy(attempts=1)


class Part(NamedTuple):
    """One part of a planned transfer: part number (from 1), byte offset and length."""

    number: int
    offset: int
    length: int


def part_size_for(size: int, part_size: int) -> int:
    """``part_size``, raised (in steps of 64 MiB) if ``size`` would need more than MAX_PARTS."""
    if -(-size // part_size) <= MAX_PARTS:
        return part_size
    needed = -(-size // MAX_PARTS)
    return -(-needed // SEGMENT_SIZE) * SEGMENT_SIZE


def plan_parts(size: int, part_size: int) -> List[Part]:
    """The parts of ``size`` bytes cut every ``part_size`` bytes (none for 0 bytes)."""
    check_int(size, "size")
    check_int(part_size, "part_size", minimum=1)
    return [Part(i + 1, offset, min(part_size, size - offset))
            for i, offset in enumerate(range(0, size, part_size))]


def _check_options(part_size: object, concurrency: object, minimum_part: int) -> None:
    check_int(part_size, "part_size", minimum=minimum_part)
    check_int(concurrency, "concurrency", minimum=1, maximum=MAX_CONCURRENCY)


# ---------------------------------------------------------------- upload


def _stream_into(write: Callable[[memoryview], Any], src: Source, offset: int,
                 length: Optional[int], progress: Any, stopper: Optional[Stopper],
                 what: str) -> int:
    """Copy ``length`` bytes (all, if None) at ``offset`` of src into ``write``, by chunks."""
    buf = bytearray(CHUNK_SIZE if length is None else max(min(CHUNK_SIZE, length), 1))
    view = memoryview(buf)
    done = 0
    try:
        while length is None or done < length:
            if stopper is not None and stopper.is_set():
                raise Cancelled(what)
            want = len(buf) if length is None else min(len(buf), length - done)
            chunk = view[:want]
            n = src.read_into(chunk, offset + done)
            if n == 0:
                if length is None:
                    break
                raise EOFError(f"the source ended after {offset + done} bytes while {what} "
                               f"expected {offset + length}: did it change during the upload?")
            if n < want:
                chunk = view[:n]
            write(chunk)
            chunk.release()
            done += n
            progress.add(n)
    finally:
        view.release()
    return done


def _upload_part(mpu: "MultipartUpload", src: Source, part: Part, progress: Progress,
                 stopper: Stopper, policy: RetryPolicy = _ONCE) -> Any:
    """Upload one part, retrying it whole on transient errors."""
    attempt_progress = AttemptProgress(progress)

    def attempt(number: int) -> Any:
        attempt_progress.count = 0
        with mpu.part(part.number) as up, stopper.track(up):
            _stream_into(up.write, src, part.offset, part.length, attempt_progress, stopper,
                         f"part {part.number}")
        return up.info

    return _retrying(getattr(mpu, "project", None), stopper, policy, progress.retry, attempt,
                     f"part {part.number}", attempt_progress.rewind)


def upload_file(project: "Project", bucket: str, source: Union[PathLike, BinaryIO], key: str, *,
                part_size: int = DEFAULT_PART_SIZE, concurrency: int = DEFAULT_CONCURRENCY,
                metadata: Optional[Mapping[str, str]] = None,
                expires: Optional[datetime] = None,
                progress: Optional[ProgressCallback] = None,
                retry: Optional[RetryPolicy] = DEFAULT_RETRY,
                resume: bool = False, content_type: ContentType = AUTO) -> ObjectInfo:
    """Upload a file (a path, or a binary file object from its current position) to ``key``.

    See the module documentation for how it works (retries, ``resume``).
    Returns the committed object's information. On failure nothing is left
    on the network, except the pending upload of a ``resume=True`` upload.
    """
    return upload_file_stoppable(project, bucket, source, key, Stopper(), part_size=part_size,
                                 concurrency=concurrency, metadata=metadata, expires=expires,
                                 progress=progress, retry=retry, resume=resume,
                                 content_type=content_type)


def upload_file_stoppable(project: "Project", bucket: str, source: Union[PathLike, BinaryIO],
                          key: str, stopper: Stopper, *, part_size: int, concurrency: int,
                          metadata: Optional[Mapping[str, str]], expires: Optional[datetime],
                          progress: Optional[ProgressCallback], retry: Optional[RetryPolicy],
                          resume: bool, content_type: ContentType = AUTO) -> ObjectInfo:
    """:func:`upload_file` that ``stopper.stop()`` (from another thread) stops at once."""
    _check_options(part_size, concurrency, MIN_PART_SIZE)
    policy = policy_from(retry)
    if not isinstance(key, str):
        raise TypeError(f"object key must be a str, not {type(key).__name__}")
    if not isinstance(resume, bool):
        raise TypeError(f"resume must be a bool, not {type(resume).__name__}")
    metadata = with_content_type(key, metadata, content_type)
    src = open_source(source)
    try:
        size = src.size if src.random_access else None
        prog = Progress(progress, size)
        if resume and size is None:
            raise ValueError("resume=True needs a source of known size (a file, or a "
                             "seekable file object)")
        # resume needs a multipart upload to continue (an empty file has nothing to resume)
        if size is None or size == 0 or (size <= part_size and not resume):
            info = _upload_single(project, bucket, key, src, size, prog, metadata, expires,
                                  stopper, policy if src.random_access else _ONCE)
        else:
            info = _upload_multipart(project, bucket, key, src, size,
                                     part_size_for(size, part_size), concurrency, prog,
                                     metadata, expires, stopper, policy, resume)
        src.done()
        prog.finish()
        return info
    finally:
        src.close()


def _upload_single(project: "Project", bucket: str, key: str, src: Source, size: Optional[int],
                   prog: Progress, metadata: Optional[Mapping[str, str]],
                   expires: Optional[datetime], stopper: Stopper,
                   policy: RetryPolicy) -> ObjectInfo:
    attempt_progress = AttemptProgress(prog)

    def attempt(number: int) -> ObjectInfo:
        attempt_progress.count = 0
        with project.upload_object(bucket, key, expires, metadata,
                                   content_type=None) as up, stopper.track(up):
            _stream_into(up.write, src, 0, size, attempt_progress, stopper, "the upload")
        info: ObjectInfo = up.info
        return info

    return _retrying(project, stopper, policy, prog.retry, attempt, "the upload",
                     attempt_progress.rewind)


def _upload_multipart(project: "Project", bucket: str, key: str, src: Source, size: int,
                      part_size: int, concurrency: int, prog: Progress,
                      metadata: Optional[Mapping[str, str]], expires: Optional[datetime],
                      stopper: Stopper, policy: RetryPolicy, resume: bool) -> ObjectInfo:
    parts = plan_parts(size, part_size)
    mpu = _resume.find_pending_upload(project, bucket, key) if resume else None
    skip = _resume.uploaded_parts(mpu, parts) if mpu is not None else set()
    resumed = mpu is not None
    if mpu is not None:
        logger.info("resuming upload %s of %r: %d of %d parts already uploaded",
                    mpu.upload_id, key, len(skip), len(parts))
        prog.add(sum(p.length for p in parts if p.number in skip))
    else:
        mpu = _retrying(project, stopper, policy, prog.retry,
                        lambda n: project.begin_upload(bucket, key, expires=expires,
                                                       metadata=metadata),
                        "beginning the upload")
    try:
        run_parallel([_task(_upload_part, mpu, src, part, prog, stopper, policy)
                      for part in parts if part.number not in skip], concurrency, stopper)
        # a resumed upload has no metadata of its own: it comes with the commit
        return _retrying(project, stopper, policy, prog.retry,
                         lambda n: mpu.commit(metadata) if resumed else mpu.commit(),
                         "committing the upload")
    except BaseException:
        stopper.stop()
        if resume:
            logger.info("upload %s of %r failed: kept pending for resume=True", mpu.upload_id,
                        key)
            raise
        try:
            mpu.abort()
        except Exception:
            pass  # the original error matters more; the satellite expires stale uploads
        raise


def _retrying(project: Any, stopper: Stopper, policy: RetryPolicy,
              on_retry: Callable[[Any], None], fn: Callable[[int], T], what: str,
              discarded: Callable[[], int] = lambda: 0) -> T:
    """attempt_loop for one step of a transfer of ``project``, stopped by ``stopper``:
    a CanceledError is retried unless the stopper or a closed project caused it."""
    return attempt_loop(fn, what, policy, on_retry, stopper.wait, discarded,
                        lambda: stopper.is_set() or bool(getattr(project, "closed", False)))


def _task(fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    return lambda: fn(*args)


# ---------------------------------------------------------------- download


def _download_range(project: "Project", bucket: str, key: str, expected: ObjectInfo,
                    offset: int, length: int, sink: Callable[[memoryview, int], None],
                    progress: Progress, stopper: Optional[Stopper],
                    policy: RetryPolicy = _ONCE) -> int:
    """Stream ``length`` bytes at ``offset`` of the object into ``sink(view, position)``.

    A transient error retries what is left of the range (the bytes already
    written stay).
    """
    buf = bytearray(max(min(CHUNK_SIZE, length), 1))
    view = memoryview(buf)
    done = 0
    guard = stopper if stopper is not None else Stopper()

    def attempt(number: int) -> int:
        nonlocal done
        with project.download_object(bucket, key, offset + done, length - done) as down, \
                guard.track(down):
            info = down.info
            if (info.content_length != expected.content_length
                    or info.created != expected.created):
                raise _changed(key)
            while done < length:
                if guard.is_set():
                    raise Cancelled(f"range at {offset}")
                n = down.readinto(view[:min(len(buf), length - done)])
                if n == 0:
                    raise EOFError(f"the download of {key!r} ended after {offset + done} "
                                   f"bytes, expected {offset + length}")
                chunk = view[:n]
                sink(chunk, offset + done)
                chunk.release()
                done += n
                progress.add(n)
        return done

    try:
        return _retrying(project, guard, policy, progress.retry, attempt, f"range at {offset}")
    finally:
        view.release()


def _changed(key: str) -> Exception:
    from .errors import StorjError

    return StorjError(f"object {key!r} changed during the download")


def download_file(project: "Project", bucket: str, key: str,
                  destination: Union[PathLike, BinaryIO], *,
                  concurrency: int = DEFAULT_CONCURRENCY, part_size: int = DEFAULT_PART_SIZE,
                  progress: Optional[ProgressCallback] = None,
                  retry: Optional[RetryPolicy] = DEFAULT_RETRY,
                  resume: bool = False) -> ObjectInfo:
    """Download object ``key`` into a path (atomically) or a binary file object (in order).

    See the module documentation for how it works (retries, ``resume``).
    Returns the object's information.
    """
    return download_file_stoppable(project, bucket, key, destination, Stopper(),
                                   concurrency=concurrency, part_size=part_size,
                                   progress=progress, retry=retry, resume=resume)


def download_file_stoppable(project: "Project", bucket: str, key: str,
                            destination: Union[PathLike, BinaryIO], stopper: Stopper, *,
                            concurrency: int, part_size: int,
                            progress: Optional[ProgressCallback],
                            retry: Optional[RetryPolicy], resume: bool,
                            known: Optional[ObjectInfo] = None) -> ObjectInfo:
    """:func:`download_file` that ``stopper.stop()`` (from another thread) stops at once.

    ``known``: the object's information from a listing, to skip the stat (the
    download still checks that the object did not change since).
    """
    _check_options(part_size, concurrency, 1)
    policy = policy_from(retry)
    if not isinstance(resume, bool):
        raise TypeError(f"resume must be a bool, not {type(resume).__name__}")
    is_path = isinstance(destination, (str, bytes, os.PathLike))
    if not is_path and (isinstance(destination, io.TextIOBase)
                        or not hasattr(destination, "write")):
        raise TypeError(f"expected a path or a writable binary file object, "
                        f"not {type(destination).__name__}")
    if resume and not is_path:
        raise ValueError("resume=True needs a path to download into (a file object "
                         "cannot be continued)")
    info = known if known is not None else _retrying(
        project, stopper, policy, lambda e: notify(progress, e),
        lambda n: project.stat_object(bucket, key), f"stat of {key!r}")
    if is_path:
        return _download_to_path(project, bucket, key, info, destination,  # type: ignore
                                 concurrency, part_size, progress, stopper, policy, resume)
    prog = Progress(progress, info.content_length)
    if info.content_length:
        _download_range(project, bucket, key, info, 0, info.content_length,
                        fileobj_sink(destination), prog, stopper, policy)
    prog.finish()
    return info


def _download_to_path(project: "Project", bucket: str, key: str, info: ObjectInfo,
                      destination: PathLike, concurrency: int, part_size: int,
                      progress: Optional[ProgressCallback], stopper: Stopper,
                      policy: RetryPolicy, resume: bool) -> ObjectInfo:
    dest = os.fsdecode(os.fspath(destination))
    if os.path.isdir(dest):
        raise IsADirectoryError(f"{dest!r} is a directory")
    prog = Progress(progress, info.content_length)
    parts = plan_parts(info.content_length, part_size)
    partial: Optional[_resume.PartialDownload] = None
    skip: Set[int] = set()
    if resume:
        partial = _resume.PartialDownload(dest, info, part_size)
        fd = partial.open()
        tmp = partial.path
        skip = partial.done
        prog.add(sum(p.length for p in parts if p.number in skip))
    else:
        directory, name = os.path.split(os.path.abspath(dest))
        tmp = os.path.join(directory, f".{name[:200]}.{uuid.uuid4().hex[:12]}.part")
        # 0o666 & ~umask, like any new file; the temporary name is unique (O_EXCL).
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                     0o666)
    try:
        try:
            if info.content_length and partial is None:
                os.ftruncate(fd, info.content_length)
            sink = pwrite_sink(fd)

            def fetch(p: Part) -> None:
                _download_range(project, bucket, key, info, p.offset, p.length, sink, prog,
                                stopper, policy)
                if partial is not None:
                    partial.mark(p.number)

            run_parallel([_task(fetch, p) for p in parts if p.number not in skip],
                         concurrency, stopper)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, dest)
        if partial is not None:
            partial.remove_state()
    except BaseException:
        if partial is None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise
    prog.finish()
    return info


# Private names kept for the tests of earlier versions.
_Progress = Progress
_FdSource = FdSource
_Cancelled = Cancelled
