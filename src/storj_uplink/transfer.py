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
import stat
import threading
import uuid
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
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
    Union,
)

from ._native.convert import check_int
from .info import ObjectInfo

if TYPE_CHECKING:
    from .multipart import MultipartUpload
    from .project import Project

__all__ = [
    "upload_file", "download_file", "plan_parts", "part_size_for", "Part", "ProgressCallback",
    "DEFAULT_PART_SIZE", "DEFAULT_CONCURRENCY", "CHUNK_SIZE", "SEGMENT_SIZE",
    "MIN_PART_SIZE", "MAX_PARTS",
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

#: ``progress(bytes_done, bytes_total)``; ``bytes_total`` is None while unknown.
ProgressCallback = Callable[[int, Optional[int]], Any]
PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


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


class _Cancelled(Exception):
    """A worker stopped because another one failed (never raised to the caller)."""


class _Progress:
    """Thread-safe, monotonic progress reporting."""

    def __init__(self, callback: Optional[ProgressCallback], total: Optional[int]) -> None:
        if callback is not None and not callable(callback):
            raise TypeError(f"progress must be callable, not {type(callback).__name__}")
        self._callback = callback
        self._total = total
        self._done = 0
        self._reported = -1
        self._lock = threading.Lock()

    @property
    def done(self) -> int:
        return self._done

    def add(self, n: int) -> None:
        with self._lock:
            self._done += n
            if self._callback is not None:
                self._callback(self._done, self._total)
                self._reported = self._done

    def finish(self) -> None:
        """Make sure the last call reports the final size (also for 0 bytes)."""
        with self._lock:
            if self._callback is None:
                return
            if self._total is None:
                self._callback(self._done, self._done)
            elif self._reported != self._done:
                self._callback(self._done, self._total)
            self._reported = self._done


def _check_options(part_size: object, concurrency: object, minimum_part: int) -> None:
    check_int(part_size, "part_size", minimum=minimum_part)
    check_int(concurrency, "concurrency", minimum=1, maximum=MAX_CONCURRENCY)


def _run_parallel(tasks: List[Callable[[], Any]], concurrency: int,
                  cancel: threading.Event) -> List[Any]:
    """Run tasks on up to ``concurrency`` threads; the first failure cancels the rest.

    Returns the results in task order, or raises the first error once every
    running task has stopped (they poll ``cancel`` between chunks).
    """
    if not tasks:
        return []
    first: List[BaseException] = []
    lock = threading.Lock()

    def run(task: Callable[[], Any]) -> Any:
        try:
            return task()
        except BaseException as exc:
            with lock:
                if not first and not isinstance(exc, _Cancelled):
                    first.append(exc)
            cancel.set()
            raise

    pool = ThreadPoolExecutor(max_workers=min(concurrency, len(tasks)),
                              thread_name_prefix="storj-transfer")
    futures: List["Future[Any]"] = []
    try:
        futures = [pool.submit(run, task) for task in tasks]
        wait(futures, return_when=FIRST_EXCEPTION)
    finally:
        if cancel.is_set() or not all(f.done() for f in futures):
            cancel.set()  # an error, or the caller was interrupted (KeyboardInterrupt)
        pool.shutdown(wait=True, cancel_futures=True)
    if first:
        raise first[0]
    for f in futures:  # a _Cancelled without a first error: the caller's cancel
        if f.cancelled() or f.exception() is not None:
            raise _Cancelled("transfer cancelled")
    return [f.result() for f in futures]


# ---------------------------------------------------------------- sources


class _Source:
    """Bytes to upload: ``size`` (None if unknown) and ``read_into(view, offset)``."""

    size: Optional[int] = None
    random_access = False

    def read_into(self, view: memoryview, offset: int) -> int:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def done(self) -> None:
        """Called after a successful upload."""


class _FdSource(_Source):
    """A file opened by path: positional reads (``os.preadv``) from any thread."""

    def __init__(self, path: PathLike) -> None:
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            st = os.fstat(self._fd)
        except BaseException:
            os.close(self._fd)
            raise
        self.random_access = stat.S_ISREG(st.st_mode)
        self.size = st.st_size if self.random_access else None
        self._pos = 0

    def read_into(self, view: memoryview, offset: int) -> int:
        if not self.random_access:  # a FIFO, a character device...: in order
            n = os.readv(self._fd, [view])
            self._pos += n
            return n
        if hasattr(os, "preadv"):
            return os.preadv(self._fd, [view], offset)
        data = os.pread(self._fd, len(view), offset)  # pragma: no cover - no preadv
        view[:len(data)] = data
        return len(data)

    def close(self) -> None:
        os.close(self._fd)


class _FileObjSource(_Source):
    """A binary file object: seek+readinto under a lock when seekable, else in order."""

    def __init__(self, fileobj: Any) -> None:
        if isinstance(fileobj, io.TextIOBase):
            raise TypeError("upload_file needs a binary file object (open it with 'rb')")
        if not (hasattr(fileobj, "readinto") or hasattr(fileobj, "read")):
            raise TypeError(f"expected a path or a readable binary file object, "
                            f"not {type(fileobj).__name__}")
        self._f = fileobj
        self._lock = threading.Lock()
        seekable = getattr(fileobj, "seekable", None)
        self.random_access = bool(seekable()) if callable(seekable) else False
        self._start = 0
        if self.random_access:
            self._start = fileobj.tell()
            end = fileobj.seek(0, io.SEEK_END)
            fileobj.seek(self._start)
            self.size = max(end - self._start, 0)

    def _readinto(self, view: memoryview) -> int:
        readinto = getattr(self._f, "readinto", None)
        if readinto is not None:
            n = readinto(view)
            if n is None:
                raise BlockingIOError("the source file object is non-blocking and has no data")
            return int(n)
        data = self._f.read(len(view))
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"the source's read() returned {type(data).__name__}, not bytes")
        view[:len(data)] = data
        return len(data)

    def read_into(self, view: memoryview, offset: int) -> int:
        with self._lock:
            if self.random_access:
                self._f.seek(self._start + offset)
            return self._readinto(view)

    def done(self) -> None:
        if self.random_access and self.size is not None:
            self._f.seek(self._start + self.size)


def _open_source(source: Any) -> _Source:
    if isinstance(source, (str, bytes, os.PathLike)):
        return _FdSource(source)
    return _FileObjSource(source)


# ---------------------------------------------------------------- upload


def _stream_into(write: Callable[[memoryview], Any], src: _Source, offset: int,
                 length: Optional[int], progress: _Progress, cancel: Optional[threading.Event],
                 what: str) -> int:
    """Copy ``length`` bytes (all, if None) at ``offset`` of src into ``write``, by chunks."""
    buf = bytearray(CHUNK_SIZE if length is None else max(min(CHUNK_SIZE, length), 1))
    view = memoryview(buf)
    done = 0
    try:
        while length is None or done < length:
            if cancel is not None and cancel.is_set():
                raise _Cancelled(what)
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


def _upload_part(mpu: "MultipartUpload", src: _Source, part: Part, progress: _Progress,
                 cancel: threading.Event) -> Any:
    with mpu.part(part.number) as up:
        _stream_into(up.write, src, part.offset, part.length, progress, cancel,
                     f"part {part.number}")
    return up.info


def upload_file(project: "Project", bucket: str, source: Union[PathLike, BinaryIO], key: str, *,
                part_size: int = DEFAULT_PART_SIZE, concurrency: int = DEFAULT_CONCURRENCY,
                metadata: Optional[Mapping[str, str]] = None,
                expires: Optional[datetime] = None,
                progress: Optional[ProgressCallback] = None) -> ObjectInfo:
    """Upload a file (a path, or a binary file object from its current position) to ``key``.

    See the module documentation for how it works. Returns the committed
    object's information. On failure nothing is left on the network.
    """
    _check_options(part_size, concurrency, MIN_PART_SIZE)
    if not isinstance(key, str):
        raise TypeError(f"object key must be a str, not {type(key).__name__}")
    src = _open_source(source)
    try:
        size = src.size if src.random_access else None
        prog = _Progress(progress, size)
        if size is None or size <= part_size:
            info = _upload_single(project, bucket, key, src, size, prog, metadata, expires)
        else:
            info = _upload_multipart(project, bucket, key, src, size,
                                     part_size_for(size, part_size), concurrency, prog,
                                     metadata, expires)
        src.done()
        prog.finish()
        return info
    finally:
        src.close()


def _upload_single(project: "Project", bucket: str, key: str, src: _Source, size: Optional[int],
                   prog: _Progress, metadata: Optional[Mapping[str, str]],
                   expires: Optional[datetime]) -> ObjectInfo:
    with project.upload_object(bucket, key, expires, metadata) as up:
        _stream_into(up.write, src, 0, size, prog, None, "the upload")
    return up.info


def _upload_multipart(project: "Project", bucket: str, key: str, src: _Source, size: int,
                      part_size: int, concurrency: int, prog: _Progress,
                      metadata: Optional[Mapping[str, str]],
                      expires: Optional[datetime]) -> ObjectInfo:
    parts = plan_parts(size, part_size)
    mpu = project.begin_upload(bucket, key, expires=expires, metadata=metadata)
    cancel = threading.Event()
    try:
        _run_parallel([_task(_upload_part, mpu, src, part, prog, cancel) for part in parts],
                      concurrency, cancel)
        return mpu.commit()
    except BaseException:
        cancel.set()
        try:
            mpu.abort()
        except Exception:
            pass  # the original error matters more; the satellite expires stale uploads
        raise


def _task(fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    return lambda: fn(*args)


# ---------------------------------------------------------------- download


def _download_range(project: "Project", bucket: str, key: str, expected: ObjectInfo,
                    offset: int, length: int, sink: Callable[[memoryview, int], None],
                    progress: _Progress, cancel: Optional[threading.Event]) -> int:
    """Stream ``length`` bytes at ``offset`` of the object into ``sink(view, position)``."""
    buf = bytearray(max(min(CHUNK_SIZE, length), 1))
    view = memoryview(buf)
    done = 0
    try:
        with project.download_object(bucket, key, offset, length) as down:
            info = down.info
            if (info.content_length != expected.content_length
                    or info.created != expected.created):
                raise _changed(key)
            while done < length:
                if cancel is not None and cancel.is_set():
                    raise _Cancelled(f"range at {offset}")
                n = down.readinto(view[:min(len(buf), length - done)])
                if n == 0:
                    raise EOFError(f"the download of {key!r} ended after {offset + done} "
                                   f"bytes, expected {offset + length}")
                chunk = view[:n]
                sink(chunk, offset + done)
                chunk.release()
                done += n
                progress.add(n)
    finally:
        view.release()
    return done


def _changed(key: str) -> Exception:
    from .errors import StorjError

    return StorjError(f"object {key!r} changed during the download")


def _pwrite_sink(fd: int) -> Callable[[memoryview, int], None]:
    """Write at an offset from many threads: os.pwrite where it exists (POSIX), else
    seek + write under a lock (Windows has no pwrite)."""
    pwrite = getattr(os, "pwrite", None)
    lock = threading.Lock()

    def write_at(view: memoryview, position: int) -> int:
        if pwrite is not None:
            return int(pwrite(fd, view, position))
        with lock:
            os.lseek(fd, position, os.SEEK_SET)
            return os.write(fd, view)

    def sink(view: memoryview, position: int) -> None:
        while len(view):
            n = write_at(view, position)
            view, position = view[n:], position + n
    return sink


def _fileobj_sink(fileobj: Any) -> Callable[[memoryview, int], None]:
    def sink(view: memoryview, position: int) -> None:
        while len(view):
            n = fileobj.write(view)
            if n is None:
                raise BlockingIOError("the destination file object is non-blocking and full")
            view = view[n:]
    return sink


def download_file(project: "Project", bucket: str, key: str,
                  destination: Union[PathLike, BinaryIO], *,
                  concurrency: int = DEFAULT_CONCURRENCY, part_size: int = DEFAULT_PART_SIZE,
                  progress: Optional[ProgressCallback] = None) -> ObjectInfo:
    """Download object ``key`` into a path (atomically) or a binary file object (in order).

    See the module documentation for how it works. Returns the object's information.
    """
    _check_options(part_size, concurrency, 1)
    if isinstance(destination, (str, bytes, os.PathLike)):
        return _download_to_path(project, bucket, key, destination, concurrency, part_size,
                                 progress)
    if isinstance(destination, io.TextIOBase) or not hasattr(destination, "write"):
        raise TypeError(f"expected a path or a writable binary file object, "
                        f"not {type(destination).__name__}")
    info = project.stat_object(bucket, key)
    prog = _Progress(progress, info.content_length)
    if info.content_length:
        _download_range(project, bucket, key, info, 0, info.content_length,
                        _fileobj_sink(destination), prog, None)
    prog.finish()
    return info


def _download_to_path(project: "Project", bucket: str, key: str, destination: PathLike,
                      concurrency: int, part_size: int,
                      progress: Optional[ProgressCallback]) -> ObjectInfo:
    dest = os.fsdecode(os.fspath(destination))
    if os.path.isdir(dest):
        raise IsADirectoryError(f"{dest!r} is a directory")
    info = project.stat_object(bucket, key)
    prog = _Progress(progress, info.content_length)
    directory, name = os.path.split(os.path.abspath(dest))
    tmp = os.path.join(directory, f".{name[:200]}.{uuid.uuid4().hex[:12]}.part")
    # 0o666 & ~umask, like any new file; the temporary name is unique (O_EXCL).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                 0o666)
    try:
        try:
            size = info.content_length
            if size:
                os.ftruncate(fd, size)
            cancel = threading.Event()
            sink = _pwrite_sink(fd)
            parts = plan_parts(size, part_size)
            _run_parallel([_task(_download_range, project, bucket, key, info, p.offset,
                                 p.length, sink, prog, cancel) for p in parts],
                          concurrency, cancel)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    prog.finish()
    return info
