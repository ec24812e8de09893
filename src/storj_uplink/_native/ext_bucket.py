"""Buckets beyond uplink-c: Object Lock, versioning, tags, location (uplink_ext_*)."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from ..objectlock import MODE_FROM_C, MODE_TO_C, DefaultRetention, ObjectLockConfiguration
from .bucket import BucketTuple, bucket_result
from .convert import c_str, py_str
from .core import NativeHandle, check, ffi, lib, unwrap


def create_bucket(project: NativeHandle, name: str, object_lock: bool) -> BucketTuple:
    n = c_str(name, "bucket name")
    opts = ffi.new("UplinkExtCreateBucketOptions *")
    opts.object_lock_enabled = bool(object_lock)
    with project as p:
        res = lib.uplink_ext_create_bucket(p, n, opts)
    return bucket_result(res, name)


def delete_bucket_with_objects(project: NativeHandle, name: str,
                               bypass_governance: bool) -> BucketTuple:
    n = c_str(name, "bucket name")
    with project as p:
        res = lib.uplink_ext_delete_bucket_with_objects(p, n, bool(bypass_governance))
    return bucket_result(res, name)


def get_bucket_versioning(project: NativeHandle, name: str) -> int:
    n = c_str(name, "bucket name")
    with project as p:
        res = lib.uplink_ext_get_bucket_versioning(p, n)
    res = unwrap(res, lib.uplink_ext_free_int_result)
    value = int(res.value)
    lib.uplink_ext_free_int_result(res)
    return value


def set_bucket_versioning(project: NativeHandle, name: str, enabled: bool) -> None:
    n = c_str(name, "bucket name")
    with project as p:
        err = lib.uplink_ext_set_bucket_versioning(p, n, bool(enabled))
    check(err)


def get_object_lock_configuration(project: NativeHandle, name: str) -> ObjectLockConfiguration:
    n = c_str(name, "bucket name")
    with project as p:
        res = lib.uplink_ext_get_bucket_object_lock_configuration(p, n)
    res = unwrap(res, lib.uplink_ext_free_object_lock_configuration_result)
    c = res.configuration
    mode = MODE_FROM_C.get(int(c.default_retention_mode))
    default = None if mode is None else DefaultRetention(
        mode, int(c.default_retention_days), int(c.default_retention_years))
    enabled = bool(c.enabled)
    lib.uplink_ext_free_object_lock_configuration_result(res)
    return ObjectLockConfiguration(enabled, default)


def set_object_lock_configuration(project: NativeHandle, name: str, enabled: bool,
                                  default: Optional[DefaultRetention]) -> None:
    n = c_str(name, "bucket name")
    c = ffi.new("UplinkExtObjectLockConfiguration *")
    c.enabled = bool(enabled)
    if default is not None:
        c.default_retention_mode = MODE_TO_C[default.mode]
        c.default_retention_days, c.default_retention_years = default.days, default.years
    with project as p:
        err = lib.uplink_ext_set_bucket_object_lock_configuration(p, n, c[0])
    check(err)


def get_bucket_tags(project: NativeHandle, name: str) -> Dict[str, str]:
    n = c_str(name, "bucket name")
    with project as p:
        res = lib.uplink_ext_get_bucket_tagging(p, n)
    res = unwrap(res, lib.uplink_ext_free_bucket_tags_result)
    try:
        return {py_str(res.tags[i].key): py_str(res.tags[i].value) for i in range(res.count)}
    finally:
        lib.uplink_ext_free_bucket_tags_result(res)


def set_bucket_tags(project: NativeHandle, name: str, tags: Mapping[str, str]) -> None:
    n = c_str(name, "bucket name")
    arr = ffi.new("UplinkExtBucketTag[]", max(len(tags), 1))
    keep: List[Any] = []
    for i, (key, value) in enumerate(tags.items()):
        k, v = c_str(key, "tag key"), c_str(value, "tag value")
        keep += [k, v]
        arr[i].key, arr[i].value = k, v
    with project as p:
        err = lib.uplink_ext_set_bucket_tagging(p, n, arr, len(tags))
    check(err)


def get_bucket_location(project: NativeHandle, name: str) -> str:
    n = c_str(name, "bucket name")
    with project as p:
        res = lib.uplink_ext_get_bucket_location(p, n)
    res = unwrap(res, lib.uplink_free_string_result)
    try:
        return py_str(res.string)
    finally:
        lib.uplink_free_string_result(res)
