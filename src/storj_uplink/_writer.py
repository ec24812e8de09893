"""What Upload and PartUpload share: the open → committed | aborted life of a writer."""

from __future__ import annotations

import io
from typing import Any, Generic, Optional, TypeVar

from ._log import logger
from ._native.convert import readable_buffer
from ._stream import Stream
from .errors import CanceledError, UploadDoneError

InfoT = TypeVar("InfoT")

#: The most one native write call is given. Bigger writes are split so that
#: signals (Ctrl-C) are handled between calls, at least every few tenths of a
#: second even on a slow network, while the per-call cost stays negligible.
MAX_NATIVE_CALL = 8 << 20


class WriteStream(Stream, Generic[InfoT]):
    """A writable raw stream that ends committed or aborted.

    ``with`` commits when the block ends normally and aborts (then re-raises)
    when it ends with an exception; :meth:`close` commits, like closing a
    file; a writer garbage-collected while open is aborted, never committed.
    After :meth:`commit` or :meth:`abort`, writes raise :class:`UploadDoneError`.
    Subclasses make the native calls, in the four ``_native_*`` methods.
    """

    def _native_write(self, buf: Any, length: int) -> int:
        raise NotImplementedError

    def _native_commit(self) -> None:
        raise NotImplementedError

    def _native_abort(self) -> None:
        raise NotImplementedError

    def _native_info(self) -> Optional[InfoT]:
        raise NotImplementedError

    def __init__(self, project: Any, handle: Any, bucket: str, key: str) -> None:
        super().__init__(project, handle, bucket, key)
        self._state = "open"  # open | committed | aborted
        self._written = 0
        self._info: Optional[InfoT] = None

    def _describe(self) -> str:
        return f"{self._what} of {self.key!r}"

    # ---- io.RawIOBase --------------------------------------------------------
    def writable(self) -> bool:
        """True: this stream is written to."""
        return True

    def _check_open(self) -> None:
        if self._state != "open":
            raise UploadDoneError(f"{self._describe()} was already {self._state}")

    def write(self, data: Any) -> int:
        """Write all of ``data`` (bytes-like); returns the number of bytes written.

        The caller's memory goes to uplink without a copy.
        """
        self._check_open()
        with readable_buffer(data) as buf:  # released right after: the caller may resize
            size = len(buf)
            done = 0
            while done < size:
                n = min(size - done, MAX_NATIVE_CALL)
                chunk = buf if n == size else buf + done
                done += self._exclusive(self._native_write, chunk, n)
        self._written += done
        return done

    def tell(self) -> int:
        """The number of bytes written so far."""
        return self._written

    # ---- life --------------------------------------------------------------
    def _live_info(self) -> InfoT:
        info: Optional[InfoT] = self._exclusive(self._native_info)
        assert info is not None
        return info

    @property
    def info(self) -> InfoT:
        """The information uplink has (final once committed)."""
        if self._info is not None:
            return self._info
        if self._state != "open":
            raise UploadDoneError(f"{self._describe()} was {self._state}")
        return self._live_info()

    def _completed_info(self, info: InfoT) -> InfoT:
        """Hook: adjust the information read right after commit."""
        return info

    def commit(self) -> InfoT:
        """Make the data permanent; returns the final information."""
        self._check_open()
        try:
            self._exclusive(self._native_commit)
        except UploadDoneError:
            self._finish("aborted")
            raise
        except CanceledError:  # cancelled (see cancel()): never committed, so abort it
            try:
                self.abort()
            except Exception:
                pass
            raise
        try:
            info = self._live_info()
        finally:
            self._finish("committed")
        self._info = self._completed_info(info)
        return self._info

    def abort(self) -> None:
        """Discard what was written. Idempotent; after a commit it raises UploadDoneError."""
        if self._state == "aborted":
            return
        if self._state == "committed":
            raise UploadDoneError(f"{self._describe()} was already committed")
        try:
            if not self._handle.closed:
                self._exclusive(self._native_abort)
        finally:
            self._finish("aborted")

    def _finish(self, state: str) -> None:
        logger.debug("%s %s after %d bytes", self._describe(), state, self._written)
        self._state = state
        self._release_native()
        io.RawIOBase.close(self)

    @property
    def committed(self) -> bool:
        """True once committed."""
        return self._state == "committed"

    @property
    def aborted(self) -> bool:
        """True once aborted (also by its project closing)."""
        return self._state == "aborted"

    def close(self) -> None:
        """Commit (if still open), like closing a file. Idempotent."""
        if self._state == "open":
            self.commit()
        io.RawIOBase.close(self)

    def _close_for_project(self) -> None:
        if self._state == "open":
            self.abort()

    def __enter__(self) -> "WriteStream[InfoT]":
        self._check_open()
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if self._state != "open":
            return
        if exc_type is None:
            try:
                self.commit()
            except BaseException:
                if self._state == "open":  # the commit failed (a network error): abort,
                    try:                    # so nothing is left pending or open
                        self.abort()
                    except Exception:
                        pass
                raise
        else:
            try:
                self.abort()
            except Exception:
                pass  # the original exception matters more

    def __del__(self) -> None:
        try:
            if self._state == "open":
                self.abort()
        except Exception:
            pass
