"""Buckets (uplink_*_bucket, uplink_list_buckets and its iterator)."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any, Callable, Optional, Tuple

from .convert import c_str, from_unix, opt_c_str, py_str
from .core import NativeHandle, ffi, iterator_step, lib, unwrap

BucketTuple = Tuple[str, Optional[datetime]]


def _bucket(b: Any) -> BucketTuple:
    return py_str(b.name), from_unix(b.created)


def _call(fn: Callable[[Any, Any], Any], project: NativeHandle, name: str) -> BucketTuple:
    n = c_str(name, "bucket name")
    with project as p:
        res = fn(p, n)
    return bucket_result(res, name)


def bucket_result(res: Any, name: str) -> BucketTuple:
    """The bucket of an UplinkBucketResult (raising its error); frees it."""
    res = unwrap(res, lib.uplink_free_bucket_result)
    try:
        return _bucket(res.bucket) if res.bucket else (name, None)
    finally:
        lib.uplink_free_bucket_result(res)


def stat_bucket(project: NativeHandle, name: str) -> BucketTuple:
    return _call(lib.uplink_stat_bucket, project, name)


def create_bucket(project: NativeHandle, name: str) -> BucketTuple:
    return _call(lib.uplink_create_bucket, project, name)


def ensure_bucket(project: NativeHandle, name: str) -> BucketTuple:
    return _call(lib.uplink_ensure_bucket, project, name)


def delete_bucket(project: NativeHandle, name: str) -> BucketTuple:
    return _call(lib.uplink_delete_bucket, project, name)


def delete_bucket_with_objects(project: NativeHandle, name: str) -> BucketTuple:
    return _call(lib.uplink_delete_bucket_with_objects, project, name)


def list_buckets(project: NativeHandle, cursor: Optional[str] = None) -> NativeHandle:
    opts = ffi.new("UplinkListBucketsOptions *")
    cur = opt_c_str(cursor, "cursor")
    opts.cursor = cur
    with project as p:
        it = lib.uplink_list_buckets(p, opts)
    return NativeHandle(it, partial(lib.uplink_free_bucket_iterator, it), "bucket iterator")


def bucket_iterator_next(iterator: NativeHandle) -> Optional[BucketTuple]:
    item: Optional[BucketTuple] = iterator_step(iterator, lib.uplink_bucket_iterator_next,
                         lib.uplink_bucket_iterator_item, lib.uplink_free_bucket,
                         lib.uplink_bucket_iterator_err, _bucket)
    return item
