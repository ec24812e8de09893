"""Projects (uplink_open_project, uplink_close_project, uplink_revoke_access)."""

from __future__ import annotations

from functools import partial
from typing import Any, Optional

from .core import NativeHandle, check, lib, unwrap


def open_project(access: NativeHandle, config: Optional[Any] = None) -> NativeHandle:
    """config: None or the (cfg, keep) pair of access.config_to_c."""
    with access as a:
        if config is None:
            res = lib.uplink_open_project(a)
        else:
            res = lib.uplink_config_open_project(config[0][0], a)
    res = unwrap(res, lib.uplink_free_project_result)
    return NativeHandle(res.project, partial(lib.uplink_free_project_result, res), "project")


def close_project(project: NativeHandle) -> None:
    with project as p:
        err = lib.uplink_close_project(p)
    check(err)


def revoke_access(project: NativeHandle, access: NativeHandle) -> None:
    with project as p, access as a:
        err = lib.uplink_revoke_access(p, a)
    check(err)
