"""Upload: a writable stream into a new object."""

from __future__ import annotations

import dataclasses
import io
from typing import TYPE_CHECKING, Any, Mapping, Optional

from ._native import upload as _upload
from ._native.convert import from_unix
from ._stream import Stream, readable_buffer
from .errors import UploadDoneError
from .info import ObjectInfo

if TYPE_CHECKING:
    from .project import Project

__all__ = ["Upload"]


class Upload(Stream):
    """A writable raw stream (:class:`io.RawIOBase`) into a new object.

    ``with project.upload_object(bucket, key) as upload:`` commits when the
    block ends normally and aborts (then re-raises) when it ends with an
    exception. :meth:`close` commits too, like closing a file; an upload that
    is garbage-collected without being closed is aborted, never committed.
    After :meth:`commit` or :meth:`abort`, writes raise :class:`UploadDoneError`.

    ``write`` takes any bytes-like object (bytes, bytearray, memoryview,
    numpy arrays) and passes its memory to uplink without copying.
    One Upload must not be used by two threads at once
    (:class:`ConcurrentUseError`).
    """

    _what = "upload"

    def __init__(self, project: "Project", handle: Any, bucket: str, key: str) -> None:
        super().__init__(project, handle, bucket, key)
        self._state = "open"  # open | committed | aborted
        self._written = 0
        self._info: Optional[ObjectInfo] = None
        self._expires = 0

    @classmethod
    def _start(cls, project: "Project", bucket: str, key: str, expires: int,
               metadata: Optional[Mapping[str, str]]) -> "Upload":
        upload = cls(project, _upload.upload_object(project._handle, bucket, key, expires),
                     bucket, key)
        upload._expires = expires
        if metadata is not None:
            try:
                upload.set_custom_metadata(metadata)
            except BaseException:
                upload.abort()
                raise
        return upload

    # ---- io.RawIOBase --------------------------------------------------------
    def writable(self) -> bool:
        return True

    def _check_open(self) -> None:
        if self._state != "open":
            raise UploadDoneError(f"upload of {self.key!r} was already {self._state}")

    def write(self, data: Any) -> int:
        """Write all of ``data`` (bytes-like); returns the number of bytes written."""
        self._check_open()
        with readable_buffer(data) as buf:  # released right after: the caller may resize
            size = len(buf)
            if size == 0:
                return 0
            n: int = self._exclusive(_upload.upload_write, self._handle, buf, size)
        self._written += n
        return n

    def tell(self) -> int:
        """The number of bytes written so far."""
        return self._written

    # ---- upload --------------------------------------------------------------
    def set_custom_metadata(self, metadata: Mapping[str, str]) -> None:
        """Set the object's custom metadata (str → str), before commit."""
        self._check_open()
        self._exclusive(_upload.upload_set_custom_metadata, self._handle, metadata)

    @property
    def info(self) -> ObjectInfo:
        """The object's information (final once committed)."""
        if self._info is not None:
            return self._info
        if self._state != "open":
            raise UploadDoneError(f"upload of {self.key!r} was {self._state}")
        info: Optional[ObjectInfo] = self._exclusive(_upload.upload_info, self._handle)
        assert info is not None
        return info

    def commit(self) -> ObjectInfo:
        """Make the object visible; returns its information."""
        self._check_open()
        try:
            self._exclusive(_upload.upload_commit, self._handle)
        except UploadDoneError:
            self._finish("aborted")
            raise
        try:
            info: Optional[ObjectInfo] = self._exclusive(_upload.upload_info, self._handle)
        finally:
            self._finish("committed")
        assert info is not None
        if info.expires is None and self._expires:
            # uplink's Upload.Info() does not carry the expiry this upload set.
            info = dataclasses.replace(info, expires=from_unix(self._expires))
        self._info = info
        return info

    def abort(self) -> None:
        """Discard the upload. Idempotent; after a commit it raises UploadDoneError."""
        if self._state == "aborted":
            return
        if self._state == "committed":
            raise UploadDoneError(f"upload of {self.key!r} was already committed")
        try:
            if not self._handle.closed:
                self._exclusive(_upload.upload_abort, self._handle)
        finally:
            self._finish("aborted")

    def _finish(self, state: str) -> None:
        self._state = state
        self._release_native()
        io.RawIOBase.close(self)

    @property
    def committed(self) -> bool:
        return self._state == "committed"

    @property
    def aborted(self) -> bool:
        return self._state == "aborted"

    def close(self) -> None:
        """Commit (if still open), like closing a file. Idempotent."""
        if self._state == "open":
            self.commit()
        io.RawIOBase.close(self)

    def _close_for_project(self) -> None:
        if self._state == "open":
            self.abort()

    def __enter__(self) -> "Upload":
        self._check_open()
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if self._state != "open":
            return
        if exc_type is None:
            self.commit()
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
