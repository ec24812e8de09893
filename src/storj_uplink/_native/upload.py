"""Single uploads (uplink_upload_object, uplink_upload_write, ...)."""

from __future__ import annotations

from functools import partial
from typing import Any, Mapping, Optional

from ..info import ObjectInfo
from .convert import c_str, metadata_to_c
from .core import NativeHandle, check, ffi, lib, unwrap
from .ext_objects import ext_object_result
from .objects import object_result


def upload_object(project: NativeHandle, bucket: str, key: str, expires: int = 0) -> NativeHandle:
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    opts = ffi.new("UplinkUploadOptions *")
    opts.expires = expires
    with project as p:
        res = lib.uplink_upload_object(p, b, k, opts)
    res = unwrap(res, lib.uplink_free_upload_result)
    return NativeHandle(res.upload, partial(lib.uplink_free_upload_result, res), "upload")


def write_result(res: Any) -> int:
    """bytes_written of an UplinkWriteResult, raising (and freeing) its error."""
    n = int(res.bytes_written)
    unwrap(res, lib.uplink_free_write_result)
    return n


def upload_write(upload: NativeHandle, buf: Any, length: int) -> int:
    """Write ``length`` bytes from a cdata buffer (e.g. ffi.from_buffer(...))."""
    with upload as u:
        res = lib.uplink_upload_write(u, buf, length)
    return write_result(res)


def upload_commit(upload: NativeHandle) -> None:
    with upload as u:
        err = lib.uplink_upload_commit(u)
    check(err)


def upload_abort(upload: NativeHandle) -> None:
    with upload as u:
        err = lib.uplink_upload_abort(u)
    check(err)


def upload_cancel(upload: NativeHandle) -> None:
    """uplink_cancel_upload: a write in progress (on another thread) and every later
    write or commit fail with CanceledError; a cancelled upload is never committed."""
    with upload as u:
        err = lib.uplink_cancel_upload(u)
    check(err)


def upload_info(upload: NativeHandle) -> Optional[ObjectInfo]:
    with upload as u:
        res = lib.uplink_upload_info(u)
    return object_result(res)


def committed_upload_info(upload: NativeHandle) -> Optional[ObjectInfo]:
    """uplink_upload_info plus the version: the information of a committed upload
    (uplink_ext_upload_info)."""
    with upload as u:
        res = lib.uplink_ext_upload_info(u)
    return ext_object_result(res)


def upload_set_custom_metadata(upload: NativeHandle, metadata: Mapping[str, str]) -> None:
    custom, _keep = metadata_to_c(metadata)
    with upload as u:
        err = lib.uplink_upload_set_custom_metadata(u, custom[0])
    check(err)
