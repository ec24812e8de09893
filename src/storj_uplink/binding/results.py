"""The error value of the legacy binding and the uplink-c error codes.

The result structures themselves are in :mod:`storj_uplink.binding.structs`.
"""

from __future__ import annotations

import ctypes
from typing import Dict, Type

from ..errors import ERROR_CODES, StorjError, error_class_for
from .structs import Error, error_pointer

__all__ = [
    "BindingError", "EOF", "ERROR_INTERNAL", "ERROR_CANCELED", "ERROR_INVALID_HANDLE",
    "ERROR_TOO_MANY_REQUESTS", "ERROR_BANDWIDTH_LIMIT_EXCEEDED", "ERROR_STORAGE_LIMIT_EXCEEDED",
    "ERROR_SEGMENTS_LIMIT_EXCEEDED", "ERROR_PERMISSION_DENIED", "ERROR_BUCKET_NAME_INVALID",
    "ERROR_BUCKET_ALREADY_EXISTS", "ERROR_BUCKET_NOT_EMPTY", "ERROR_BUCKET_NOT_FOUND",
    "ERROR_OBJECT_KEY_INVALID", "ERROR_OBJECT_NOT_FOUND", "ERROR_UPLOAD_DONE",
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


def _code_for(exc: StorjError) -> int:
    if exc.code is not None:
        return exc.code
    for cls in type(exc).__mro__:
        if cls in _CODE_OF:
            return _CODE_OF[cls]
    return ERROR_INTERNAL  # uplink-c's code for everything without a more specific one


class BindingError(str):
    """The error a binding function returns: its message, as a ``str``.

    ``code`` is the uplink-c error code (``ERROR_*`` of :mod:`storj_uplink.binding`,
    ``EOF`` at the end of a download, ``ERROR_INTERNAL`` when no other applies) and
    ``exception`` the :class:`storj_uplink.StorjError` it stands for, to re-raise or
    inspect. Like the ``POINTER(Error)`` the ctypes binding returned from
    ``close_project`` and the other error-only functions, it is true in ``bool()``
    and ``err.contents`` is the :class:`~storj_uplink.binding.structs.Error`
    (``.code``, ``.message`` as UTF-8 bytes); ``result.error`` of a failed call
    points to an equal one.
    """

    code: int
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

    @property
    def contents(self) -> Error:
        """The error as uplink-c's structure: ``code`` and ``message`` (bytes)."""
        return self.pointer().contents

    def pointer(self) -> "ctypes._Pointer[Error]":
        """A new ``POINTER(Error)`` to this error (what a result's ``error`` holds)."""
        return error_pointer(self.code, str(self))

    def __repr__(self) -> str:
        return f"BindingError({str(self)!r}, code={self.code!r})"
