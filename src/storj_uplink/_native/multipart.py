"""Multipart uploads (uplink_begin_upload, uplink_upload_part, part and upload iterators)."""

from __future__ import annotations

from functools import partial
from typing import Any, Mapping, Optional, Union

from ..info import ObjectInfo, PartInfo, UploadInfo
from .convert import c_str, metadata_to_c, object_from_c, opt_c_str, part_from_c, upload_info_from_c
from .core import NativeHandle, check, ffi, iterator_step, lib, unwrap
from .upload import write_result


def begin_upload(project: NativeHandle, bucket: str, key: str, expires: int = 0) -> UploadInfo:
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    opts = ffi.new("UplinkUploadOptions *")
    opts.expires = expires
    with project as p:
        res = lib.uplink_begin_upload(p, b, k, opts)
    res = unwrap(res, lib.uplink_free_upload_info_result)
    try:
        return upload_info_from_c(res.info)
    finally:
        lib.uplink_free_upload_info_result(res)


def commit_upload(project: NativeHandle, bucket: str, key: str, upload_id: str,
                  metadata: Optional[Mapping[str, str]] = None) -> Optional[ObjectInfo]:
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    uid = c_str(upload_id, "upload id")
    custom, _keep = metadata_to_c(metadata)
    opts = ffi.new("UplinkCommitUploadOptions *")
    opts.custom_metadata = custom[0]
    with project as p:
        res = lib.uplink_commit_upload(p, b, k, uid, opts)
    res = unwrap(res, lib.uplink_free_commit_upload_result)
    try:
        return object_from_c(res.object) if res.object else None
    finally:
        lib.uplink_free_commit_upload_result(res)


def abort_upload(project: NativeHandle, bucket: str, key: str, upload_id: str) -> None:
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    uid = c_str(upload_id, "upload id")
    with project as p:
        err = lib.uplink_abort_upload(p, b, k, uid)
    check(err)


def upload_part(project: NativeHandle, bucket: str, key: str, upload_id: str,
                part_number: int) -> NativeHandle:
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    uid = c_str(upload_id, "upload id")
    with project as p:
        res = lib.uplink_upload_part(p, b, k, uid, part_number)
    res = unwrap(res, lib.uplink_free_part_upload_result)
    return NativeHandle(res.part_upload, partial(lib.uplink_free_part_upload_result, res),
                        "part upload")


def part_upload_write(part: NativeHandle, buf: Any, length: int) -> int:
    with part as u:
        res = lib.uplink_part_upload_write(u, buf, length)
    return write_result(res)


def part_upload_commit(part: NativeHandle) -> None:
    with part as u:
        err = lib.uplink_part_upload_commit(u)
    check(err)


def part_upload_abort(part: NativeHandle) -> None:
    with part as u:
        err = lib.uplink_part_upload_abort(u)
    check(err)


def part_upload_cancel(part: NativeHandle) -> None:
    """uplink_cancel_part_upload: like upload_cancel, for one part."""
    with part as u:
        err = lib.uplink_cancel_part_upload(u)
    check(err)


def part_upload_set_etag(part: NativeHandle, etag: Union[str, bytes]) -> None:
    """Set a part's ETag: a str (sent as UTF-8) or bytes (sent as they are).

    The C API takes a NUL-terminated string, so bytes must not contain NUL.
    """
    if isinstance(etag, (bytes, bytearray, memoryview)):
        raw = bytes(etag)
        if b"\0" in raw:
            raise ValueError("etag must not contain NUL bytes")
        e = ffi.new("char[]", raw)
    else:
        e = c_str(etag, "etag")
    with part as u:
        err = lib.uplink_part_upload_set_etag(u, e)
    check(err)


def part_upload_info(part: NativeHandle) -> Optional[PartInfo]:
    with part as u:
        res = lib.uplink_part_upload_info(u)
    res = unwrap(res, lib.uplink_free_part_result)
    try:
        return part_from_c(res.part) if res.part else None
    finally:
        lib.uplink_free_part_result(res)


def list_uploads(project: NativeHandle, bucket: str, prefix: Optional[str] = None,
                 cursor: Optional[str] = None, recursive: bool = False, system: bool = True,
                 custom: bool = False) -> NativeHandle:
    b = c_str(bucket, "bucket name")
    pre, cur = opt_c_str(prefix, "prefix"), opt_c_str(cursor, "cursor")
    opts = ffi.new("UplinkListUploadsOptions *")
    opts.prefix, opts.cursor = pre, cur
    opts.recursive, opts.system, opts.custom = bool(recursive), bool(system), bool(custom)
    with project as p:
        it = lib.uplink_list_uploads(p, b, opts)
    return NativeHandle(it, partial(lib.uplink_free_upload_iterator, it), "upload iterator")


def upload_iterator_next(iterator: NativeHandle) -> Optional[UploadInfo]:
    item: Optional[UploadInfo] = iterator_step(iterator, lib.uplink_upload_iterator_next,
                         lib.uplink_upload_iterator_item, lib.uplink_free_upload_info,
                         lib.uplink_upload_iterator_err, upload_info_from_c)
    return item


def list_upload_parts(project: NativeHandle, bucket: str, key: str, upload_id: str,
                      cursor: int = 0) -> NativeHandle:
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    uid = c_str(upload_id, "upload id")
    opts = ffi.new("UplinkListUploadPartsOptions *")
    opts.cursor = cursor
    with project as p:
        it = lib.uplink_list_upload_parts(p, b, k, uid, opts)
    return NativeHandle(it, partial(lib.uplink_free_part_iterator, it), "part iterator")


def part_iterator_next(iterator: NativeHandle) -> Optional[PartInfo]:
    item: Optional[PartInfo] = iterator_step(iterator, lib.uplink_part_iterator_next,
                         lib.uplink_part_iterator_item, lib.uplink_free_part,
                         lib.uplink_part_iterator_err, part_from_c)
    return item
