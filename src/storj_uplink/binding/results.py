"""The result classes of the legacy binding, and its error value.

Each ``*Result`` has the field that code written for the ctypes binding read
(``access_result.access``, ``bucket_result.bucket.name``...). Handles are the
objects of the OO API (:class:`storj_uplink.Access`, :class:`~storj_uplink.Project`,
:class:`~storj_uplink.Upload`, :class:`~storj_uplink.Download`); descriptions of
buckets and objects are plain Python values whose times are Unix seconds
(0: unset), as the ctypes binding gave them. Names and keys are ``str``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Optional, Type

from .. import access as _access
from .. import bucket as _bucket
from .. import download as _download
from .. import info as _info
from .. import project as _project
from .. import upload as _upload
from ..errors import ERROR_CODES, StorjError, error_class_for
from .options import CustomMetadata, _unix

__all__ = [
    "BindingError", "EOF", "ERROR_INTERNAL", "ERROR_CANCELED", "ERROR_INVALID_HANDLE",
    "ERROR_TOO_MANY_REQUESTS", "ERROR_BANDWIDTH_LIMIT_EXCEEDED", "ERROR_STORAGE_LIMIT_EXCEEDED",
    "ERROR_SEGMENTS_LIMIT_EXCEEDED", "ERROR_PERMISSION_DENIED", "ERROR_BUCKET_NAME_INVALID",
    "ERROR_BUCKET_ALREADY_EXISTS", "ERROR_BUCKET_NOT_EMPTY", "ERROR_BUCKET_NOT_FOUND",
    "ERROR_OBJECT_KEY_INVALID", "ERROR_OBJECT_NOT_FOUND", "ERROR_UPLOAD_DONE",
    "Bucket", "SystemMetadata", "Object",
    "AccessResult", "ShareResult", "ProjectResult", "BucketResult", "ObjectResult",
    "UploadResult", "DownloadResult", "WriteResult", "ReadResult", "StringResult",
]

# The uplink-c error codes, under the names the ctypes binding exported.
ERROR_INTERNAL: int = ERROR_CODES["UPLINK_ERROR_INTERNAL"]
ERROR_CANCELED: int = ERROR_CODES["UPLINK_ERROR_CANCELED"]
ERROR_INVALID_HANDLE: int = ERROR_CODES["UPLINK_ERROR_INVALID_HANDLE"]
ERROR_TOO_MANY_REQUESTS: int = ERROR_CODES["UPLINK_ERROR_TOO_MANY_REQUESTS"]
ERROR_BANDWIDTH_LIMIT_EXCEEDED: int = ERROR_CODES["UPLINK_ERROR_BANDWIDTH_LIMIT_EXCEEDED"]
ERROR_STORAGE_LIMIT_EXCEEDED: int = ERROR_CODES["UPLINK_ERROR_STORAGE_LIMIT_EXCEEDED"]
ERROR_SEGMENTS_LIMIT_EXCEEDED: int = ERROR_CODES["UPLINK_ERROR_SEGMENTS_LIMIT_EXCEEDED"]
ERROR_PERMISSION_DENIED: int = ERROR_CODES["UPLINK_ERROR_PERMISSION_DENIED"]
ERROR_BUCKET_NAME_INVALID: int = ERROR_CODES["UPLINK_ERROR_BUCKET_NAME_INVALID"]
ERROR_BUCKET_ALREADY_EXISTS: int = ERROR_CODES["UPLINK_ERROR_BUCKET_ALREADY_EXISTS"]
ERROR_BUCKET_NOT_EMPTY: int = ERROR_CODES["UPLINK_ERROR_BUCKET_NOT_EMPTY"]
ERROR_BUCKET_NOT_FOUND: int = ERROR_CODES["UPLINK_ERROR_BUCKET_NOT_FOUND"]
ERROR_OBJECT_KEY_INVALID: int = ERROR_CODES["UPLINK_ERROR_OBJECT_KEY_INVALID"]
ERROR_OBJECT_NOT_FOUND: int = ERROR_CODES["UPLINK_ERROR_OBJECT_NOT_FOUND"]
ERROR_UPLOAD_DONE: int = ERROR_CODES["UPLINK_ERROR_UPLOAD_DONE"]
#: The code of the error ``download_read`` returns at the end of the object (C's EOF).
EOF: int = -1

# The uplink-c code of each error class (the most specific one wins along the MRO).
_CODE_OF: Dict[Type[StorjError], int] = {error_class_for(c): c for c in ERROR_CODES.values()}


def _code_for(exc: StorjError) -> Optional[int]:
    if exc.code is not None:
        return exc.code
    for cls in type(exc).__mro__:
        if cls in _CODE_OF:
            return _CODE_OF[cls]
    return None


class BindingError(str):
    """The error a binding function returns: its message, as a ``str``.

    ``code`` is the uplink-c error code (``ERROR_*`` of :mod:`storj_uplink.binding`,
    ``EOF`` at the end of a download; None when no code applies) and ``exception``
    the :class:`storj_uplink.StorjError` it stands for, to re-raise or inspect.
    """

    code: Optional[int]
    exception: StorjError

    def __new__(cls, exception: BaseException) -> "BindingError":
        if isinstance(exception, StorjError):
            storj = exception
        else:  # a ValueError from a value uplink would reject: keep it as the cause
            storj = StorjError(str(exception) or type(exception).__name__)
            storj.__cause__ = exception
        self = super().__new__(cls, str(storj) or f"{type(storj).__name__} (no message)")
        self.exception = storj
        self.code = _code_for(storj)
        return self

    def __repr__(self) -> str:
        return f"BindingError({str(self)!r}, code={self.code!r})"


# ---- descriptions (plain values) ---------------------------------------------------------
@dataclass
class Bucket:
    """A bucket: ``name`` and ``created`` (Unix seconds). ``oo`` is the OO Bucket."""

    name: str
    created: int
    oo: Optional[_bucket.Bucket] = field(default=None, repr=False, compare=False)

    @classmethod
    def from_oo(cls, bucket: _bucket.Bucket) -> "Bucket":
        """The description of a :class:`storj_uplink.Bucket`."""
        return cls(name=bucket.name, created=_unix(bucket.created), oo=bucket)


@dataclass
class SystemMetadata:
    """An object's system metadata: times in Unix seconds (0: unset), size in bytes."""

    created: int = 0
    expires: int = 0
    content_length: int = 0


@dataclass
class Object:
    """An object (or, in a listing, a prefix). ``oo`` is the :class:`storj_uplink.ObjectInfo`."""

    key: str
    is_prefix: bool = False
    system: SystemMetadata = field(default_factory=SystemMetadata)
    custom: CustomMetadata = field(default_factory=CustomMetadata)
    oo: Optional[_info.ObjectInfo] = field(default=None, repr=False, compare=False)

    @classmethod
    def from_oo(cls, info: _info.ObjectInfo) -> "Object":
        """The description of a :class:`storj_uplink.ObjectInfo`."""
        return cls(key=info.key, is_prefix=info.is_prefix,
                   system=SystemMetadata(created=_unix(info.created), expires=_unix(info.expires),
                                         content_length=info.content_length),
                   custom=CustomMetadata.from_dict(info.metadata), oo=info)


# ---- results -----------------------------------------------------------------------------
# ``error`` is None in a result: a failure returns None and the error beside it (only
# download_read, which always returns a ReadResult, puts its error there too).
@dataclass
class AccessResult:
    """``access``: the :class:`storj_uplink.Access` (freed by its finalizer or ``close()``)."""

    access: _access.Access
    error: None = None


@dataclass
class ShareResult(AccessResult):
    """What ``access_share`` returns: the new ``access`` and, as documented, its serialized
    form in ``string``."""

    string: str = ""


@dataclass
class ProjectResult:
    """``project``: the open :class:`storj_uplink.Project` (free it with ``close_project``)."""

    project: _project.Project
    error: None = None


@dataclass
class BucketResult:
    """``bucket``: a :class:`Bucket` description."""

    bucket: Bucket
    error: None = None


@dataclass
class ObjectResult:
    """``object``: an :class:`Object` description (None when ``delete_object`` found none)."""

    object: Optional[Object]
    error: None = None


@dataclass
class UploadResult:
    """``upload``: the :class:`storj_uplink.Upload` (``upload_commit`` or ``upload_abort`` it)."""

    upload: _upload.Upload
    error: None = None


@dataclass
class DownloadResult:
    """``download``: the :class:`storj_uplink.Download` (free it with ``close_download``)."""

    download: _download.Download
    error: None = None


@dataclass
class WriteResult:
    """``bytes_written`` by one ``upload_write``."""

    bytes_written: int
    error: None = None


@dataclass
class ReadResult:
    """``bytes_read`` by one ``download_read``; ``error`` is the error returned beside it."""

    bytes_read: int
    error: Optional[BindingError] = None


@dataclass
class StringResult:
    """``string``: a ``str`` (a serialized access grant)."""

    string: str
    error: None = None
