"""The exception tree of storj_uplink.

Every error the SDK raises for a failure reported by uplink (or for misuse of
an object, such as writing to a committed upload) is a :class:`StorjError`.
Each uplink-c error code has its own leaf, and the leaves also inherit the
builtin exception that fits, so ordinary Python code catches them naturally:

=================================  =====================  ======================
class                              uplink-c code          also a
=================================  =====================  ======================
:class:`InternalError`             ``INTERNAL``           --
:class:`AccessGrantInvalidError`   ``INTERNAL``           :class:`ValueError`
:class:`CanceledError`             ``CANCELED``           --
:class:`InvalidHandleError`        ``INVALID_HANDLE``     :class:`ValueError`
:class:`ClosedError`               (Python side)          :class:`ValueError`
:class:`ConcurrentUseError`        (Python side)          :class:`RuntimeError`
:class:`TooManyRequestsError`      ``TOO_MANY_REQUESTS``  --
:class:`BandwidthLimitExceededError` ``BANDWIDTH_...``    :class:`LimitExceededError`
:class:`StorageLimitExceededError` ``STORAGE_...``        :class:`LimitExceededError`
:class:`SegmentsLimitExceededError`  ``SEGMENTS_...``     :class:`LimitExceededError`
:class:`PermissionDeniedError`     ``PERMISSION_DENIED``  :class:`PermissionError`
:class:`BucketNameInvalidError`    ``BUCKET_NAME_INVALID`` :class:`ValueError`
:class:`BucketAlreadyExistsError`  ``BUCKET_ALREADY_...`` :class:`FileExistsError`
:class:`BucketNotEmptyError`       ``BUCKET_NOT_EMPTY``   :class:`OSError`
:class:`BucketNotFoundError`       ``BUCKET_NOT_FOUND``   :class:`KeyError`
:class:`ObjectKeyInvalidError`     ``OBJECT_KEY_INVALID`` :class:`ValueError`
:class:`ObjectNotFoundError`       ``OBJECT_NOT_FOUND``   :class:`KeyError`
:class:`UploadDoneError`           ``UPLOAD_DONE``        :class:`ValueError`
:class:`EdgeAuthDialFailedError`   ``EDGE_AUTH_DIAL_...`` :class:`ConnectionError`
:class:`EdgeRegisterAccessFailedError` ``EDGE_REGISTER_...`` --
=================================  =====================  ======================

The three usage limits share the base :class:`LimitExceededError` and no
builtin: exceeding a quota is neither a bad argument nor an OS failure.
An unknown code maps to :class:`StorjError` itself.

``str(error)`` is the message alone (also for the :class:`KeyError` leaves,
whose builtin ``str`` would add quotes). ``error.code`` is the uplink-c code
(``None`` for errors raised by the Python layer) and ``error.details`` the
text uplink reported, if any.
"""

from __future__ import annotations

from typing import Dict, Optional, Type

__all__ = [
    "StorjError",
    "InternalError",
    "AccessGrantInvalidError",
    "CanceledError",
    "InvalidHandleError",
    "ClosedError",
    "ConcurrentUseError",
    "TooManyRequestsError",
    "LimitExceededError",
    "BandwidthLimitExceededError",
    "StorageLimitExceededError",
    "SegmentsLimitExceededError",
    "PermissionDeniedError",
    "BucketNameInvalidError",
    "BucketAlreadyExistsError",
    "BucketNotEmptyError",
    "NotFoundError",
    "BucketNotFoundError",
    "ObjectKeyInvalidError",
    "ObjectNotFoundError",
    "UploadDoneError",
    "EdgeError",
    "EdgeAuthDialFailedError",
    "EdgeRegisterAccessFailedError",
    "ERROR_CODES",
    "error_class_for",
]

# The uplink-c error codes (go/include/uplink_definitions.h), by name.
ERROR_CODES: Dict[str, int] = {
    "UPLINK_ERROR_INTERNAL": 0x02,
    "UPLINK_ERROR_CANCELED": 0x03,
    "UPLINK_ERROR_INVALID_HANDLE": 0x04,
    "UPLINK_ERROR_TOO_MANY_REQUESTS": 0x05,
    "UPLINK_ERROR_BANDWIDTH_LIMIT_EXCEEDED": 0x06,
    "UPLINK_ERROR_STORAGE_LIMIT_EXCEEDED": 0x07,
    "UPLINK_ERROR_SEGMENTS_LIMIT_EXCEEDED": 0x08,
    "UPLINK_ERROR_PERMISSION_DENIED": 0x09,
    "UPLINK_ERROR_BUCKET_NAME_INVALID": 0x10,
    "UPLINK_ERROR_BUCKET_ALREADY_EXISTS": 0x11,
    "UPLINK_ERROR_BUCKET_NOT_EMPTY": 0x12,
    "UPLINK_ERROR_BUCKET_NOT_FOUND": 0x13,
    "UPLINK_ERROR_OBJECT_KEY_INVALID": 0x20,
    "UPLINK_ERROR_OBJECT_NOT_FOUND": 0x21,
    "UPLINK_ERROR_UPLOAD_DONE": 0x22,
    "EDGE_ERROR_AUTH_DIAL_FAILED": 0x30,
    "EDGE_ERROR_REGISTER_ACCESS_FAILED": 0x31,
}


class StorjError(Exception):
    """Base class of every error raised by storj_uplink.

    :param message: the human-readable message (what ``str()`` returns).
    :param code: the uplink-c error code, or ``None`` for Python-side errors.
    :param details: the text uplink reported, when there is one.
    """

    code: Optional[int]
    details: Optional[str]

    def __init__(self, message: str = "", *, code: Optional[int] = None,
                 details: Optional[str] = None) -> None:
        super().__init__(message)
        self.code = code
        self.details = details

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r}, code={self.code!r})"


class InternalError(StorjError):
    """uplink failed for a reason without a more specific class."""


class AccessGrantInvalidError(InternalError, ValueError):
    """A serialized access grant could not be parsed (bad input).

    uplink-c reports it with the code ``INTERNAL``, which ``code`` keeps; the
    class is also an :class:`InternalError` for code written before it existed.
    """


class CanceledError(StorjError):
    """The operation was canceled (for example because its project closed)."""


class InvalidHandleError(StorjError, ValueError):
    """A native handle was unknown or already freed."""


class ClosedError(InvalidHandleError):
    """The object was closed (or its project was) and cannot be used any more."""


class ConcurrentUseError(StorjError, RuntimeError):
    """An object that is not thread-safe (an upload, a download) was used by
    two threads at once."""


class TooManyRequestsError(StorjError):
    """The satellite rate-limited the request."""


class LimitExceededError(StorjError):
    """A project usage limit was exceeded."""


class BandwidthLimitExceededError(LimitExceededError):
    """The project's bandwidth limit was exceeded."""


class StorageLimitExceededError(LimitExceededError):
    """The project's storage limit was exceeded."""


class SegmentsLimitExceededError(LimitExceededError):
    """The project's segment limit was exceeded."""


class PermissionDeniedError(StorjError, PermissionError):
    """The access grant does not allow the operation."""


class BucketNameInvalidError(StorjError, ValueError):
    """The bucket name is not valid."""


class BucketAlreadyExistsError(StorjError, FileExistsError):
    """A bucket with that name already exists."""


class BucketNotEmptyError(StorjError, OSError):
    """The bucket still holds objects."""


class NotFoundError(StorjError, KeyError):
    """Base class of the not-found errors."""


class BucketNotFoundError(NotFoundError):
    """The bucket does not exist."""


class ObjectKeyInvalidError(StorjError, ValueError):
    """The object key is not valid."""


class ObjectNotFoundError(NotFoundError):
    """The object does not exist."""


class UploadDoneError(StorjError, ValueError):
    """The upload was already committed or aborted."""


class EdgeError(StorjError):
    """Base class of the errors of Storj's edge services."""


class EdgeAuthDialFailedError(EdgeError, ConnectionError):
    """The edge auth service could not be reached."""


class EdgeRegisterAccessFailedError(EdgeError):
    """The edge auth service refused to register the access."""


_BY_CODE: Dict[int, Type[StorjError]] = {
    0x02: InternalError,
    0x03: CanceledError,
    0x04: InvalidHandleError,
    0x05: TooManyRequestsError,
    0x06: BandwidthLimitExceededError,
    0x07: StorageLimitExceededError,
    0x08: SegmentsLimitExceededError,
    0x09: PermissionDeniedError,
    0x10: BucketNameInvalidError,
    0x11: BucketAlreadyExistsError,
    0x12: BucketNotEmptyError,
    0x13: BucketNotFoundError,
    0x20: ObjectKeyInvalidError,
    0x21: ObjectNotFoundError,
    0x22: UploadDoneError,
    0x30: EdgeAuthDialFailedError,
    0x31: EdgeRegisterAccessFailedError,
}


def error_class_for(code: int) -> Type[StorjError]:
    """The exception class for an uplink-c error code (``StorjError`` if unknown)."""
    return _BY_CODE.get(code, StorjError)
