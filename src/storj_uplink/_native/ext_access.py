"""Access and project beyond uplink-c: the full Permission, project info (uplink_ext_*)."""

from __future__ import annotations

from typing import Mapping, Sequence, Tuple

from ..info import ProjectInfo
from .access import access_handle, prefixes_to_c
from .convert import check_int, from_unix, py_str
from .core import NativeHandle, ffi, lib, unwrap


def share(access: NativeHandle, flags: Mapping[str, bool], not_before: int, not_after: int,
          max_object_ttl_seconds: int, prefixes: Sequence[Tuple[str, str]]) -> NativeHandle:
    """``flags``: the allow_* fields of UplinkExtPermission by name."""
    perm = ffi.new("UplinkExtPermission *")
    for name, value in flags.items():
        setattr(perm, name, bool(value))
    perm.not_before = check_int(not_before, "not_before")
    perm.not_after = check_int(not_after, "not_after")
    perm.max_object_ttl_seconds = check_int(max_object_ttl_seconds, "max_object_ttl")
    arr, _keep = prefixes_to_c(prefixes)
    with access as a:
        res = lib.uplink_ext_access_share(a, perm[0], arr, len(prefixes))
    return access_handle(unwrap(res, lib.uplink_free_access_result))


def project_info(access: NativeHandle) -> ProjectInfo:
    with access as a:
        res = lib.uplink_ext_get_project_info(a)
    res = unwrap(res, lib.uplink_ext_free_project_info_result)
    try:
        info = res.info
        if not info:  # pragma: no cover - the C function never does this
            raise RuntimeError("project info missing")
        return ProjectInfo(public_id=py_str(info.public_id), created=from_unix(info.created))
    finally:
        lib.uplink_ext_free_project_info_result(res)
