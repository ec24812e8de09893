"""Upload: a writable stream into a new object."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Mapping, Optional, Tuple

from ._log import logger
from ._native import ext_objects as _ext_objects
from ._native import upload as _upload
from ._native.convert import from_unix
from ._writer import WriteStream
from .info import ObjectInfo

if TYPE_CHECKING:
    from .project import Project

__all__ = ["Upload"]


class Upload(WriteStream[ObjectInfo]):
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

    def _native_write(self, buf: Any, length: int) -> int:
        return _upload.upload_write(self._handle, buf, length)

    def _native_commit(self) -> None:
        _upload.upload_commit(self._handle)
        self._native_committed = True

    def _native_abort(self) -> None:
        _upload.upload_abort(self._handle)

    def _native_info(self) -> Optional[ObjectInfo]:
        if self._native_committed:  # with the version the commit gave it
            return _upload.committed_upload_info(self._handle)
        return _upload.upload_info(self._handle)

    def _native_cancel(self) -> None:
        _upload.upload_cancel(self._handle)

    def __init__(self, project: "Project", handle: Any, bucket: str, key: str) -> None:
        super().__init__(project, handle, bucket, key)
        self._expires = 0
        self._native_committed = False

    @classmethod
    def _start(cls, project: "Project", bucket: str, key: str, expires: int,
               metadata: Optional[Mapping[str, str]],
               lock: Optional[Tuple[Tuple[int, int], bool, bool]] = None) -> "Upload":
        """``lock``: (C retention, legal hold, if-none-match) for an upload beyond uplink-c."""
        if lock is None:
            handle = _upload.upload_object(project._handle, bucket, key, expires)
        else:
            handle = _ext_objects.upload_object(project._handle, bucket, key, expires, *lock)
        upload = cls(project, handle, bucket, key)
        upload._expires = expires
        logger.debug("upload of %r/%r started (expires=%d)", bucket, key, expires)
        if metadata is not None:
            try:
                upload.set_custom_metadata(metadata)
            except BaseException:
                upload.abort()
                raise
        return upload

    def set_custom_metadata(self, metadata: Mapping[str, str]) -> None:
        """Set the object's custom metadata (str → str), before commit."""
        self._check_open()
        self._exclusive(_upload.upload_set_custom_metadata, self._handle, metadata)

    def _completed_info(self, info: ObjectInfo) -> ObjectInfo:
        if info.expires is None and self._expires:
            # uplink's Upload.Info() does not carry the expiry this upload set.
            info = dataclasses.replace(info, expires=from_unix(self._expires))
        return info

    def __enter__(self) -> "Upload":
        self._check_open()
        return self
