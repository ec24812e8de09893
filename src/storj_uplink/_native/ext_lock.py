"""Object Lock on objects: retention and legal hold (uplink_ext_*_object_retention/legal_hold)."""

from __future__ import annotations

from typing import Optional, Tuple

from ..objectlock import MODE_FROM_C, Retention
from .convert import from_unix
from .core import NativeHandle, check, ffi, lib, unwrap
from .ext_objects import object_args


def get_object_retention(project: NativeHandle, bucket: str, key: str,
                         version: Optional[str]) -> Optional[Retention]:
    b, k, v, n = object_args(bucket, key, version)
    with project as p:
        res = lib.uplink_ext_get_object_retention(p, b, k, v, n)
    res = unwrap(res, lib.uplink_ext_free_retention_result)
    mode = MODE_FROM_C.get(int(res.retention.mode))
    until = from_unix(res.retention.retain_until)
    lib.uplink_ext_free_retention_result(res)
    return Retention(mode, until) if mode is not None and until is not None else None


def set_object_retention(project: NativeHandle, bucket: str, key: str, version: Optional[str],
                         retention: Tuple[int, int], bypass_governance: bool) -> None:
    """``retention`` is (C mode, retain-until Unix seconds); (0, 0) removes it."""
    b, k, v, n = object_args(bucket, key, version)
    r = ffi.new("UplinkExtRetention *")
    r.mode, r.retain_until = retention
    with project as p:
        err = lib.uplink_ext_set_object_retention(p, b, k, v, n, r[0], bool(bypass_governance))
    check(err)


def get_object_legal_hold(project: NativeHandle, bucket: str, key: str,
                          version: Optional[str]) -> bool:
    b, k, v, n = object_args(bucket, key, version)
    with project as p:
        res = lib.uplink_ext_get_object_legal_hold(p, b, k, v, n)
    res = unwrap(res, lib.uplink_ext_free_int_result)
    value = int(res.value)
    lib.uplink_ext_free_int_result(res)
    return bool(value)


def set_object_legal_hold(project: NativeHandle, bucket: str, key: str, version: Optional[str],
                          enabled: bool) -> None:
    b, k, v, n = object_args(bucket, key, version)
    with project as p:
        err = lib.uplink_ext_set_object_legal_hold(p, b, k, v, n, bool(enabled))
    check(err)
