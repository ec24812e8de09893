"""What Upload and Download share: one-thread-at-a-time use, project membership.

The zero-copy buffer views they use are in _native/convert.py.
"""

from __future__ import annotations

import io
import threading
from typing import TYPE_CHECKING, Any, Callable, Optional

from .errors import ClosedError, ConcurrentUseError

if TYPE_CHECKING:
    from .project import Project


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

    def _native_cancel(self) -> None:
        raise NotImplementedError

    def cancel(self) -> None:
        """Stop this stream's transfer; safe to call from any thread while another uses it.

        The read or write in progress, and every later read, write and commit,
        raise :class:`CanceledError` promptly: a cancelled upload is never
        committed (abort or close it as usual). Idempotent; a no-op once closed.
        """
        try:
            if not self._handle.closed:
                self._native_cancel()
        except ClosedError:
            pass  # closed meanwhile: nothing left to stop

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
