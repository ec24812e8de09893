"""The byte ends of whole-file transfers: sources, sinks and progress reporting."""

from __future__ import annotations

import io
import os
import stat
import threading
from typing import Any, Callable, Optional, Union

from .retry import RetryEvent, notify

__all__ = ["ProgressCallback", "PathLike", "Progress", "Source", "FdSource", "FileObjSource",
           "open_source", "pwrite_sink", "fileobj_sink", "AttemptProgress"]

#: ``progress(bytes_done, bytes_total)``; ``bytes_total`` is None while unknown.
ProgressCallback = Callable[[int, Optional[int]], Any]
PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


class Progress:
    """Thread-safe, monotonic progress reporting.

    A retried part gives back the bytes its failed attempt had counted
    (:meth:`rewind`); the callback is then not called again until the count
    passes what it last reported, so ``bytes_done`` never goes backwards.
    """

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
            if self._callback is not None and self._done > self._reported:
                self._callback(self._done, self._total)
                self._reported = self._done

    def rewind(self, n: int) -> None:
        """Take back ``n`` bytes that will be transferred again."""
        with self._lock:
            self._done -= n

    def retry(self, event: RetryEvent) -> None:
        """Report a retry to the callback's ``retry`` method, if it has one."""
        notify(self._callback, event)

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


class AttemptProgress:
    """The bytes one attempt of one part added to a :class:`Progress` (to rewind on retry)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.count = 0

    def add(self, n: int) -> None:
        self.count += n
        self.progress.add(n)

    def rewind(self) -> int:
        """Take this attempt's bytes back; returns how many."""
        n, self.count = self.count, 0
        self.progress.rewind(n)
        return n


class Source:
    """Bytes to upload: ``size`` (None if unknown) and ``read_into(view, offset)``."""

    size: Optional[int] = None
    random_access = False

    def read_into(self, view: memoryview, offset: int) -> int:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def done(self) -> None:
        """Called after a successful upload."""


class FdSource(Source):
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


class FileObjSource(Source):
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


def open_source(source: Any) -> Source:
    if isinstance(source, (str, bytes, os.PathLike)):
        return FdSource(source)
    return FileObjSource(source)


def pwrite_sink(fd: int) -> Callable[[memoryview, int], None]:
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


def fileobj_sink(fileobj: Any) -> Callable[[memoryview, int], None]:
    def sink(view: memoryview, position: int) -> None:
        while len(view):
            n = fileobj.write(view)
            if n is None:
                raise BlockingIOError("the destination file object is non-blocking and full")
            view = view[n:]
    return sink
