"""Projects (uplink_open_project, uplink_close_project and its ext twin, uplink_revoke_access)."""

from __future__ import annotations

from functools import partial
from typing import Any, Optional, Tuple

from ..errors import StorjError
from .core import NativeHandle, check, error_from, lib, unwrap


def open_project(access: NativeHandle, config: Optional[Any] = None) -> NativeHandle:
    """config: None or the (cfg, keep) pair of access.config_to_c."""
    with access as a:
        if config is None:
            res = lib.uplink_open_project(a)
        else:
            res = lib.uplink_config_open_project(config[0][0], a)
    res = unwrap(res, lib.uplink_free_project_result)
    return NativeHandle(res.project, partial(lib.uplink_free_project_result, res), "project")


def close_project(project: NativeHandle) -> Optional[StorjError]:
    """uplink_close_project: its error (None if it closed cleanly), not raised."""
    with project as p:
        err = lib.uplink_close_project(p)
    if not err:
        return None
    try:
        return error_from(err)
    finally:
        lib.uplink_free_error(err)


def close_project_ext(project: NativeHandle) -> Tuple[Optional[StorjError], bool]:
    """uplink_ext_close_project: ``(error, only_closed_connections)``, not raised.

    ``error`` is what uplink_close_project would report (same code and message);
    ``only_closed_connections`` is true when it is made only of connections that
    were already closed (Go's net.ErrClosed). The caller decides what to raise.
    """
    with project as p:
        res = lib.uplink_ext_close_project(p)
    try:
        if not res.error:
            return None, False
        return error_from(res.error), bool(res.only_closed_connections)
    finally:
        lib.uplink_ext_free_close_result(res)


def revoke_access(project: NativeHandle, access: NativeHandle) -> None:
    with project as p, access as a:
        err = lib.uplink_revoke_access(p, a)
    check(err)
