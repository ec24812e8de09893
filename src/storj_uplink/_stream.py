"""What Upload and Download share: buffers, one-thread-at-a-time use, project membership."""

from __future__ import annotations

import io
import threading
from typing import TYPE_CHECKING, Any, Callable, Optional

from ._native.core import ffi
from .errors import ConcurrentUseError

if TYPE_CHECKING:
    from .project import Project


def readable_buffer(data: Any) -> Any:
    """A zero-copy cdata view of a bytes-like object (bytes, bytearray, memoryview,
    array, numpy array...), or TypeError/ValueError. Use it in a ``with`` block:
    the view pins the caller's buffer until it is released."""
    if isinstance(data, str):
        raise TypeError("write() needs a bytes-like object, not str (encode it first)")
    try:
        return ffi.from_buffer(data)
    except TypeError:
        raise TypeError(
            f"a bytes-like object is required, not {type(data).__name__}") from None
    except BufferError as exc:  # e.g. a strided (non-contiguous) memoryview
        raise ValueError(f"the buffer must be C-contiguous (pass bytes(view) or a copy): "
                         f"{exc}") from None


def writable_buffer(data: Any) -> Any:
    """A zero-copy cdata view of a writable bytes-like object."""
    try:
        return ffi.from_buffer(data, require_writable=True)
    except (TypeError, BufferError):  # not a buffer, read-only, or not C-contiguous
        raise TypeError("a writable, C-contiguous bytes-like object (bytearray, memoryview, "
                        f"array) is required, not {type(data).__name__}") from None


class Stream(io.RawIOBase):
    """Base of Upload and Download: a raw stream over one native handle of a project."""

    _what = "stream"

    def __init__(self, project: "Project", handle: Any, bucket: str, key: str) -> None:
        super().__init__()
        self._handle = handle
        self._project = project
        self._busy = threading.Lock()
        self.bucket = bucket
        self.key = key
        try:
            project._adopt(self)
        except BaseException:
            handle.close()
            raise

    def _exclusive(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run fn(*args) unless another thread is using this stream."""
        if not self._busy.acquire(blocking=False):
            raise ConcurrentUseError(
                f"this {self._what} is being used by another thread; "
                f"use one {self._what} per thread")
        try:
            return fn(*args)
        finally:
            self._busy.release()

    def _release_native(self) -> None:
        self._handle.close()
        self._project._forget(self)

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<{type(self).__name__} {self.bucket!r}/{self.key!r} {state}>"

    def _close_for_project(self) -> None:
        raise NotImplementedError

    def __getstate__(self) -> Optional[Any]:
        raise TypeError(f"a {self._what} cannot be pickled")
