"""Whole small objects in one native call each (Bucket.put / Bucket.get).

A put of at most :data:`~storj_uplink._writer.MAX_NATIVE_CALL` bytes begins,
writes, commits and reads back the information of its upload in one call,
and a get downloads and closes an object of at most that size in one call,
where the streaming classes take four or five; larger objects (and the
options only the streaming upload has) go through
:class:`~storj_uplink.upload.Upload` and :class:`~storj_uplink.download.Download`.
The results and errors are the streaming path's.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING, Any, Mapping, Optional

from ._native import fast as _fast
from ._native.convert import from_unix, readable_buffer, to_unix
from ._writer import MAX_NATIVE_CALL
from .download import Download
from .info import ObjectInfo

if TYPE_CHECKING:
    from .project import Project

__all__ = ["put", "get"]


def put(project: "Project", bucket: str, key: str, data: Any,
        metadata: Optional[Mapping[str, str]], expires: Optional[datetime]) -> Optional[ObjectInfo]:
    """The committed object's information, or None when ``data`` is too big for one call."""
    seconds = to_unix(expires, "expires")
    with readable_buffer(data) as buf:  # the errors of Upload.write for a bad ``data``
        size = len(buf)
        if size > MAX_NATIVE_CALL:
            return None
        info = _fast.put_object(project._handle, bucket, key, buf, size, seconds, metadata)
    assert info is not None
    if info.expires is None and seconds:  # as Upload: uplink's info lacks the expiry it set
        info = dataclasses.replace(info, expires=from_unix(seconds))
    return info


def get(project: "Project", bucket: str, key: str) -> bytes:
    """All of an object's bytes."""
    got = _fast.get_object(project._handle, bucket, key, MAX_NATIVE_CALL)
    if isinstance(got, bytes):
        return got
    with Download(project, got, bucket, key, 0, -1) as download:  # a larger object
        return download.read()
