"""Objects beyond uplink-c: versions, batch delete, conditional upload (uplink_ext_*)."""

from __future__ import annotations

import binascii
import dataclasses
from functools import partial
from typing import Any, List, Optional, Sequence, Tuple

from ..info import DeleteResult, DeleteStatus, ObjectInfo
from ..objectlock import MODE_FROM_C, Retention
from .convert import c_str, from_unix, object_fields, object_info, opt_c_str, py_str
from .core import NativeHandle, ffi, iterator_step, lib, unwrap

_STATUS = {0: DeleteStatus.ERROR, 1: DeleteStatus.UNAUTHORIZED, 2: DeleteStatus.NOT_FOUND,
           3: DeleteStatus.DELETED, 4: DeleteStatus.LOCKED}


def version_arg(version: Optional[str]) -> Tuple[Any, int]:
    """A (uint8_t buffer, length) for a version string; None → (NULL, 0): the latest."""
    if version is None:
        return ffi.NULL, 0
    if not isinstance(version, str):
        raise TypeError(f"version must be a str (ObjectInfo.version) or None, "
                        f"not {type(version).__name__}")
    try:
        raw = binascii.unhexlify(version)
    except (binascii.Error, ValueError):
        raise ValueError(f"version must be a hex string as ObjectInfo.version gives, "
                         f"got {version!r}") from None
    if not raw:
        raise ValueError("version must not be empty (use None for the latest version)")
    return ffi.new("uint8_t[]", raw), len(raw)


def object_args(bucket: str, key: str, version: Optional[str]) -> Tuple[Any, Any, Any, int]:
    """The C (bucket, key, version, version length) arguments of the per-version functions."""
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    return (b, k, *version_arg(version))


def version_from_c(ptr: Any, length: int) -> Optional[str]:
    """The hex string of a C version (None when there is none)."""
    if not ptr or not length:
        return None
    return bytes(ffi.unpack(ffi.cast("char *", ptr), length)).hex()


def ext_object_from_c(obj: Any) -> ObjectInfo:
    """An ObjectInfo from an ``UplinkExtObject *`` (which the caller frees)."""
    mode = MODE_FROM_C.get(int(obj.retention.mode))
    until = from_unix(obj.retention.retain_until)
    hold = int(obj.legal_hold)
    fields = object_fields(obj)
    fields["version"] = version_from_c(obj.version, obj.version_length)
    fields["is_latest"] = bool(obj.is_latest)
    fields["is_delete_marker"] = bool(obj.is_delete_marker)
    fields["retention"] = Retention(mode, until) if mode is not None and until is not None \
        else None
    fields["legal_hold"] = None if hold < 0 else bool(hold)
    return object_info(fields)


def ext_object_result(res: Any) -> Optional[ObjectInfo]:
    """The ObjectInfo of an UplinkExtObjectResult (raising its error); frees it."""
    res = unwrap(res, lib.uplink_ext_free_object_result)
    try:
        return ext_object_from_c(res.object) if res.object else None
    finally:
        lib.uplink_ext_free_object_result(res)


def _latest_unknown(info: Optional[ObjectInfo]) -> Optional[ObjectInfo]:
    # the satellite does not report is_latest for a stat or a delete of a version
    return None if info is None else dataclasses.replace(info, is_latest=None)


def stat_object(project: NativeHandle, bucket: str, key: str,
                version: Optional[str]) -> Optional[ObjectInfo]:
    b, k, v, n = object_args(bucket, key, version)
    with project as p:
        res = lib.uplink_ext_stat_object(p, b, k, v, n)
    return _latest_unknown(ext_object_result(res))


def delete_object(project: NativeHandle, bucket: str, key: str, version: Optional[str],
                  bypass_governance: bool) -> Optional[ObjectInfo]:
    b, k, v, n = object_args(bucket, key, version)
    opts = ffi.new("UplinkExtDeleteObjectOptions *")
    opts.bypass_governance_retention = bool(bypass_governance)
    with project as p:
        res = lib.uplink_ext_delete_object(p, b, k, v, n, opts)
    return _latest_unknown(ext_object_result(res))


def copy_object(project: NativeHandle, bucket: str, key: str, version: Optional[str],
                new_bucket: str, new_key: str) -> Optional[ObjectInfo]:
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    nb, nk = c_str(new_bucket, "new bucket name"), c_str(new_key, "new object key")
    v, n = version_arg(version)
    with project as p:
        res = lib.uplink_ext_copy_object(p, b, k, v, n, nb, nk)
    return ext_object_result(res)


def download_object(project: NativeHandle, bucket: str, key: str, version: Optional[str],
                    offset: int, length: int) -> NativeHandle:
    """A download handle, read and freed by the functions of :mod:`.download`."""
    b, k, v, n = object_args(bucket, key, version)
    opts = ffi.new("UplinkDownloadOptions *")
    opts.offset, opts.length = offset, length
    with project as p:
        res = lib.uplink_ext_download_object(p, b, k, v, n, opts)
    res = unwrap(res, lib.uplink_free_download_result)
    return NativeHandle(res.download, partial(lib.uplink_free_download_result, res), "download")


def upload_object(project: NativeHandle, bucket: str, key: str, expires: int,
                  retention: Tuple[int, int], legal_hold: bool,
                  if_none_match: bool) -> NativeHandle:
    """An upload handle (written, committed and freed by :mod:`.upload`).

    ``retention`` is (C mode, retain-until Unix seconds), (0, 0) for none.
    """
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    opts = ffi.new("UplinkExtUploadOptions *")
    opts.expires = expires
    opts.retention.mode, opts.retention.retain_until = retention
    opts.legal_hold, opts.if_none_match = bool(legal_hold), bool(if_none_match)
    with project as p:
        res = lib.uplink_ext_upload_object(p, b, k, opts)
    res = unwrap(res, lib.uplink_free_upload_result)
    return NativeHandle(res.upload, partial(lib.uplink_free_upload_result, res), "upload")


def _delete_result(item: Any) -> DeleteResult:
    return DeleteResult(
        key=py_str(item.object_key),
        status=_STATUS.get(int(item.status), DeleteStatus.ERROR),
        version=version_from_c(item.requested_version, item.requested_version_length),
        deleted_version=version_from_c(item.removed_version, item.removed_version_length),
        marker_version=version_from_c(item.marker_version, item.marker_version_length),
    )


def delete_objects(project: NativeHandle, bucket: str,
                   items: Sequence[Tuple[str, Optional[str]]],
                   bypass_governance: bool) -> List[DeleteResult]:
    """One batch delete request of (key, version) items."""
    b = c_str(bucket, "bucket name")
    arr = ffi.new("UplinkExtDeleteObjectsItem[]", max(len(items), 1))
    keep: List[Any] = []
    for i, (key, version) in enumerate(items):
        k = c_str(key, "object key")
        v, n = version_arg(version)
        keep += [k, v]
        arr[i].object_key, arr[i].version, arr[i].version_length = k, v, n
    opts = ffi.new("UplinkExtDeleteObjectsOptions *")
    opts.bypass_governance_retention = bool(bypass_governance)
    with project as p:
        res = lib.uplink_ext_delete_objects(p, b, arr, len(items), opts)
    res = unwrap(res, lib.uplink_ext_free_delete_objects_result)
    try:
        return [_delete_result(res.items[i]) for i in range(res.count)]
    finally:
        lib.uplink_ext_free_delete_objects_result(res)


def list_object_versions(project: NativeHandle, bucket: str, prefix: Optional[str],
                         cursor: Optional[str], recursive: bool, system: bool,
                         custom: bool) -> NativeHandle:
    b = c_str(bucket, "bucket name")
    pre, cur = opt_c_str(prefix, "prefix"), opt_c_str(cursor, "cursor")
    opts = ffi.new("UplinkExtListObjectVersionsOptions *")
    opts.prefix, opts.cursor = pre, cur
    opts.recursive, opts.system, opts.custom = bool(recursive), bool(system), bool(custom)
    with project as p:
        it = lib.uplink_ext_list_object_versions(p, b, opts)
    return NativeHandle(it, partial(lib.uplink_ext_free_object_iterator, it),
                        "object version iterator")


def object_version_iterator_next(iterator: NativeHandle) -> Optional[ObjectInfo]:
    item: Optional[ObjectInfo] = iterator_step(
        iterator, lib.uplink_ext_object_iterator_next, lib.uplink_ext_object_iterator_item,
        lib.uplink_ext_free_object, lib.uplink_ext_object_iterator_err, ext_object_from_c)
    return item
