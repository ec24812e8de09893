"""Objects (stat, delete, copy, move, update metadata, uplink_list_objects)."""

from __future__ import annotations

from functools import partial
from typing import Any, Mapping, Optional

from ..info import ObjectInfo
from .convert import c_str, metadata_to_c, object_from_c, opt_c_str
from .core import NativeHandle, check, ffi, iterator_step, lib, unwrap


def object_result(res: Any) -> Optional[ObjectInfo]:
    """The ObjectInfo of an UplinkObjectResult (raising its error); frees it."""
    res = unwrap(res, lib.uplink_free_object_result)
    try:
        return object_from_c(res.object) if res.object else None
    finally:
        lib.uplink_free_object_result(res)


def stat_object(project: NativeHandle, bucket: str, key: str) -> Optional[ObjectInfo]:
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    with project as p:
        res = lib.uplink_stat_object(p, b, k)
    return object_result(res)


def delete_object(project: NativeHandle, bucket: str, key: str) -> Optional[ObjectInfo]:
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    with project as p:
        res = lib.uplink_delete_object(p, b, k)
    return object_result(res)


def copy_object(project: NativeHandle, bucket: str, key: str, new_bucket: str,
                new_key: str) -> Optional[ObjectInfo]:
    args = (c_str(bucket, "bucket name"), c_str(key, "object key"),
            c_str(new_bucket, "new bucket name"), c_str(new_key, "new object key"))
    opts = ffi.new("UplinkCopyObjectOptions *")
    with project as p:
        res = lib.uplink_copy_object(p, *args, opts)
    return object_result(res)


def move_object(project: NativeHandle, bucket: str, key: str, new_bucket: str,
                new_key: str) -> None:
    args = (c_str(bucket, "bucket name"), c_str(key, "object key"),
            c_str(new_bucket, "new bucket name"), c_str(new_key, "new object key"))
    opts = ffi.new("UplinkMoveObjectOptions *")
    with project as p:
        err = lib.uplink_move_object(p, *args, opts)
    check(err)


def update_object_metadata(project: NativeHandle, bucket: str, key: str,
                           metadata: Optional[Mapping[str, str]]) -> None:
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    custom, _keep = metadata_to_c(metadata)
    opts = ffi.new("UplinkUploadObjectMetadataOptions *")
    with project as p:
        err = lib.uplink_update_object_metadata(p, b, k, custom[0], opts)
    check(err)


def list_objects(project: NativeHandle, bucket: str, prefix: Optional[str] = None,
                 cursor: Optional[str] = None, recursive: bool = False, system: bool = True,
                 custom: bool = False) -> NativeHandle:
    b = c_str(bucket, "bucket name")
    pre, cur = opt_c_str(prefix, "prefix"), opt_c_str(cursor, "cursor")
    opts = ffi.new("UplinkListObjectsOptions *")
    opts.prefix, opts.cursor = pre, cur
    opts.recursive, opts.system, opts.custom = bool(recursive), bool(system), bool(custom)
    with project as p:
        it = lib.uplink_list_objects(p, b, opts)
    return NativeHandle(it, partial(lib.uplink_free_object_iterator, it), "object iterator")


def object_iterator_next(iterator: NativeHandle) -> Optional[ObjectInfo]:
    item: Optional[ObjectInfo] = iterator_step(iterator, lib.uplink_object_iterator_next,
                         lib.uplink_object_iterator_item, lib.uplink_free_object,
                         lib.uplink_object_iterator_err, object_from_c)
    return item
