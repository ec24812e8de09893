"""Multipart uploads: one object uploaded as numbered parts, in any order, from any process.

::

    with project.begin_upload("bucket", "big.bin") as mpu:   # commits at the end of the block
        with mpu.part(2) as part:                           # parts in any order, in parallel
            part.write(second_half)
        with mpu.part(1) as part:
            part.write(first_half)
    # an exception in the block aborts the whole upload instead

A multipart upload lives on the satellite until it is committed or aborted,
so another process (or a later run) can continue it with
:meth:`Project.resume_upload` and its ``upload_id``. Parts are ordered by
their number when the object is committed; except the last, each part must be
at least 5 MiB on a production satellite.
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Union

from ._native import multipart as _multipart
from ._native.convert import check_int, metadata_to_c
from ._writer import WriteStream
from .errors import UploadDoneError
from .info import ObjectInfo, PartInfo, UploadInfo
from .listing import Listing

if TYPE_CHECKING:
    from .project import Project

__all__ = ["MultipartUpload", "PartUpload", "MAX_PART_NUMBER"]

#: The largest part number the C API can carry (``uint32_t``). storj.io/uplink
#: itself refuses numbers from 2**31 - 1 on, with an error at :meth:`MultipartUpload.part`.
MAX_PART_NUMBER = 2**32 - 1


def check_part_number(number: object) -> int:
    """``number`` if it is an int in [0, 2**32); TypeError/ValueError otherwise."""
    return check_int(number, "part number", minimum=0, maximum=MAX_PART_NUMBER)


def _check_name(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    return value


class PartUpload(WriteStream[PartInfo]):
    """A writable raw stream (:class:`io.RawIOBase`) of one part of a multipart upload.

    It behaves like :class:`Upload`: ``with mpu.part(n) as part:`` commits the
    part when the block ends normally and aborts it (then re-raises) when it
    ends with an exception; :meth:`close` commits; a part garbage-collected
    while open is aborted. ``write`` passes the caller's memory to uplink
    without copying. Set :attr:`etag` (an S3-style entity tag, str or bytes)
    before committing, if you want one stored with the part.
    One PartUpload must not be used by two threads at once
    (:class:`ConcurrentUseError`); different parts may be written in parallel.
    """

    _what = "part upload"

    def _native_write(self, buf: Any, length: int) -> int:
        return _multipart.part_upload_write(self._handle, buf, length)

    def _native_commit(self) -> None:
        _multipart.part_upload_commit(self._handle)

    def _native_abort(self) -> None:
        _multipart.part_upload_abort(self._handle)

    def _native_info(self) -> Optional[PartInfo]:
        return _multipart.part_upload_info(self._handle)

    def _native_cancel(self) -> None:
        _multipart.part_upload_cancel(self._handle)

    def __init__(self, upload: "MultipartUpload", handle: Any, part_number: int) -> None:
        super().__init__(upload.project, handle, upload.bucket, upload.key)
        self.upload_id = upload.upload_id
        self.part_number = part_number
        self._etag = b""

    def _describe(self) -> str:
        return f"part {self.part_number} of {self.key!r}"

    @property
    def etag(self) -> bytes:
        """The part's ETag as set so far (``b""`` when none was set)."""
        return self._etag

    @etag.setter
    def etag(self, value: Union[str, bytes]) -> None:
        """Store an ETag with the part (once, before commit): str (UTF-8) or bytes without NUL."""
        if not isinstance(value, (str, bytes, bytearray, memoryview)):
            raise TypeError(f"etag must be str or bytes, not {type(value).__name__}")
        self._check_open()
        self._exclusive(_multipart.part_upload_set_etag, self._handle, value)
        self._etag = value.encode("utf-8") if isinstance(value, str) else bytes(value)

    def __enter__(self) -> "PartUpload":
        self._check_open()
        return self

    def __repr__(self) -> str:
        return (f"<PartUpload {self.bucket!r}/{self.key!r} part={self.part_number} "
                f"{self._state}>")


class MultipartUpload:
    """A pending multipart upload of ``bucket``/``key``, known by its ``upload_id``.

    Made by :meth:`Project.begin_upload` (or :meth:`Project.resume_upload`
    for an id from elsewhere). Upload parts with :meth:`part`, then
    :meth:`commit` to make the object visible, or :meth:`abort` to discard
    everything. As a context manager it commits when the block ends normally
    and aborts when it ends with an exception.

    The object holds no native resource of its own (the upload lives on the
    satellite), so it is safe to share between threads: each thread writes
    its own :class:`PartUpload`.
    """

    def __init__(self, project: "Project", bucket: str, key: str, upload_id: str,
                 info: Optional[UploadInfo] = None,
                 metadata: Optional[Mapping[str, str]] = None) -> None:
        self.project = project
        self.bucket = _check_name(bucket, "bucket name")
        self.key = _check_name(key, "object key")
        self.upload_id = _check_name(upload_id, "upload id")
        #: What :meth:`Project.begin_upload` returned (``None`` for a resumed upload).
        self.info = info
        self._metadata: Optional[Dict[str, str]] = None if metadata is None else dict(metadata)
        self._state = "open"  # open | committed | aborted
        self._lock = threading.Lock()
        self._parts: "weakref.WeakSet[PartUpload]" = weakref.WeakSet()
        self._object: Optional[ObjectInfo] = None

    @classmethod
    def _begin(cls, project: "Project", bucket: str, key: str, expires: int,
               metadata: Optional[Mapping[str, str]]) -> "MultipartUpload":
        metadata_to_c(metadata)  # validate now: it is only sent at commit, after the data
        info = _multipart.begin_upload(project._handle, bucket, key, expires)
        return cls(project, bucket, key, info.upload_id, info, metadata)

    # ---- parts -------------------------------------------------------------
    def _check_open(self) -> None:
        if self._state != "open":
            raise UploadDoneError(f"multipart upload of {self.key!r} was already {self._state}")

    def part(self, number: int) -> PartUpload:
        """Start uploading part ``number`` (an int in [0, 2**32); parts are joined in order)."""
        number = check_part_number(number)
        self._check_open()
        handle = _multipart.upload_part(self.project._handle, self.bucket, self.key,
                                        self.upload_id, number)
        part = PartUpload(self, handle, number)
        with self._lock:
            self._parts.add(part)
        return part

    def list_parts(self, cursor: int = 0) -> Listing[PartInfo]:
        """A lazy iterator over the uploaded parts with a number above ``cursor``."""
        return self.project.list_upload_parts(self.bucket, self.key, self.upload_id, cursor)

    def _open_parts(self) -> List[PartUpload]:
        with self._lock:
            return [p for p in self._parts if not p.committed and not p.aborted]

    # ---- end -----------------------------------------------------------------
    def commit(self, metadata: Optional[Mapping[str, str]] = None) -> ObjectInfo:
        """Join the committed parts into the object and make it visible; returns its information.

        :param metadata: the object's custom metadata; ``None`` uses what
            :meth:`Project.begin_upload` was given.
        :raises ValueError: if a part started here is still open (commit or abort it first).
        """
        self._check_open()
        open_parts = self._open_parts()
        if open_parts:
            numbers = sorted(p.part_number for p in open_parts)
            raise ValueError(f"parts {numbers} of {self.key!r} are still open: commit or abort "
                             "them before committing the upload")
        if metadata is None:
            metadata = self._metadata
        info = _multipart.commit_upload(self.project._handle, self.bucket, self.key,
                                        self.upload_id, metadata)
        self._state = "committed"
        self._object = info if info is not None else self.project.stat_object(self.bucket,
                                                                              self.key)
        return self._object

    def abort(self) -> None:
        """Discard the upload and every part of it (open parts here are aborted first).

        Idempotent; after a commit it raises :class:`UploadDoneError`.
        """
        if self._state == "aborted":
            return
        if self._state == "committed":
            raise UploadDoneError(f"multipart upload of {self.key!r} was already committed")
        for part in self._open_parts():
            try:
                part.abort()
            except Exception:
                pass  # the upload's abort below discards the part anyway
        _multipart.abort_upload(self.project._handle, self.bucket, self.key, self.upload_id)
        self._state = "aborted"

    @property
    def committed(self) -> bool:
        """True once :meth:`commit` succeeded."""
        return self._state == "committed"

    @property
    def aborted(self) -> bool:
        """True once :meth:`abort` succeeded."""
        return self._state == "aborted"

    @property
    def object(self) -> Optional[ObjectInfo]:
        """The committed object's information (``None`` until :meth:`commit`)."""
        return self._object

    def __enter__(self) -> "MultipartUpload":
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

    def __repr__(self) -> str:
        return (f"<MultipartUpload {self.bucket!r}/{self.key!r} upload_id={self.upload_id!r} "
                f"{self._state}>")

    def __getstate__(self) -> Any:
        raise TypeError("a MultipartUpload cannot be pickled; pickle its bucket, key and "
                        "upload_id and use Project.resume_upload")
