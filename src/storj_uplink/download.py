"""Download: a readable stream of an object's bytes."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, Optional

from ._log import logger
from ._native import download as _download
from ._native import ext_objects as _ext_objects
from ._native.convert import writable_buffer
from ._stream import Stream
from ._writer import MAX_NATIVE_CALL
from .errors import ClosedError
from .info import ObjectInfo

if TYPE_CHECKING:
    from .project import Project

__all__ = ["Download"]

_READ_CHUNK = 1 << 20


class Download(Stream):
    """A readable raw stream (:class:`io.RawIOBase`) of an object's bytes.

    ``readinto`` reads straight into the caller's buffer (no copy), so
    ``io.BufferedReader(download)``, ``shutil.copyfileobj`` and iteration in
    chunks work efficiently. Use it as a context manager or call :meth:`close`.
    One Download must not be used by two threads at once
    (:class:`ConcurrentUseError`).
    """

    _what = "download"

    def __init__(self, project: "Project", handle: Any, bucket: str, key: str,
                 offset: int, length: int) -> None:
        super().__init__(project, handle, bucket, key)
        self._offset = offset
        self._length = length
        self._eof = False
        self._pos = 0
        self._info: Optional[ObjectInfo] = None

    @classmethod
    def _start(cls, project: "Project", bucket: str, key: str, offset: int,
               length: int, version: Optional[str] = None) -> "Download":
        if version is None:
            handle = _download.download_object(project._handle, bucket, key, offset, length)
        else:
            handle = _ext_objects.download_object(project._handle, bucket, key, version,
                                                  offset, length)
        logger.debug("download of %r/%r started (offset=%d, length=%d)", bucket, key, offset,
                     length)
        return cls(project, handle, bucket, key, offset, length)

    def readable(self) -> bool:
        return True

    def _native_cancel(self) -> None:
        _download.download_cancel(self._handle)

    def _read_native(self, buf: Any, size: int) -> int:
        # A reader returning 0 bytes means the end to io; uplink may return
        # (0, no error) in between, so read again until bytes or the end come.
        # The end comes alone (0 bytes, EOF), after the last bytes.
        while True:
            n, eof = _download.download_read(self._handle, buf, size)
            if eof:
                self._eof = True
            if n or eof:
                return n

    def readinto(self, buffer: Any) -> int:
        """Read up to ``len(buffer)`` bytes into ``buffer``; 0 at the end."""
        if self.closed:
            raise ClosedError("download is closed")
        with writable_buffer(buffer) as buf:  # released right after: the caller may resize
            # One native call at most MAX_NATIVE_CALL bytes, so Ctrl-C is seen between calls.
            size = min(len(buf), MAX_NATIVE_CALL)
            if size == 0 or self._eof:
                return 0
            n: int = self._exclusive(self._read_native, buf, size)
        self._pos += n
        return n

    def read(self, size: Optional[int] = -1) -> bytes:
        """Read up to ``size`` bytes (all that is left when size is -1 or None)."""
        if size is None or size < 0:
            return self.readall()
        if isinstance(size, bool) or not isinstance(size, int):
            raise TypeError(f"size must be an int, not {type(size).__name__}")
        # readinto reads at most MAX_NATIVE_CALL bytes per call: allocating more
        # would only zero-fill memory that is never used (read(2**34) once
        # zero-filled 16 GiB before reading 4 bytes, or before raising ClosedError).
        buf = bytearray(min(size, MAX_NATIVE_CALL))
        n = self.readinto(buf)
        del buf[n:]
        return bytes(buf)

    def readall(self) -> bytes:
        """Read everything that is left."""
        expected = self._expected_remaining()
        buf = bytearray(max(expected, 0) + 1 if expected >= 0 else _READ_CHUNK)
        view = memoryview(buf)
        filled = 0
        while True:
            if filled == len(buf):
                view.release()
                buf.extend(bytes(max(len(buf), _READ_CHUNK)))
                view = memoryview(buf)
            n = self.readinto(view[filled:])
            if n == 0:
                break
            filled += n
        view.release()
        del buf[filled:]
        return bytes(buf)

    def _expected_remaining(self) -> int:
        try:
            total = self.info.content_length
        except Exception:
            return -1
        if self._offset < 0:
            start = max(total + self._offset, 0)
        else:
            start = min(self._offset, total)
        end = total if self._length < 0 else min(start + self._length, total)
        return max(end - start - self._pos, 0)

    def tell(self) -> int:
        """Bytes read so far."""
        return self._pos

    @property
    def info(self) -> ObjectInfo:
        """The downloaded object's information."""
        if self._info is None:
            info = self._exclusive(_download.download_info, self._handle)
            assert info is not None
            self._info = info
        return self._info

    def close(self) -> None:
        """Close the download. Idempotent."""
        if self.closed:
            return
        logger.debug("download of %r/%r closed after %d bytes", self.bucket, self.key, self._pos)
        try:
            if not self._handle.closed:
                self._exclusive(_download.close_download, self._handle)
        except ClosedError:
            pass
        finally:
            self._release_native()
            io.RawIOBase.close(self)

    def _close_for_project(self) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass
