"""Downloads (uplink_download_object, uplink_download_read, ...)."""

from __future__ import annotations

from functools import partial
from typing import Any, Optional, Tuple

from ..info import ObjectInfo
from .convert import c_str
from .core import EOF_CODE, NativeHandle, check, ffi, lib, unwrap
from .objects import object_result


def download_object(project: NativeHandle, bucket: str, key: str, offset: int = 0,
                    length: int = -1) -> NativeHandle:
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    opts = ffi.new("UplinkDownloadOptions *")
    opts.offset, opts.length = offset, length
    with project as p:
        res = lib.uplink_download_object(p, b, k, opts)
    res = unwrap(res, lib.uplink_free_download_result)
    return NativeHandle(res.download, partial(lib.uplink_free_download_result, res), "download")


def download_read(download: NativeHandle, buf: Any, length: int) -> Tuple[int, bool]:
    """Read up to ``length`` bytes into a cdata buffer: (bytes read, reached the end).

    As in uplink-c, go/ fills the buffer as far as the object goes and reports
    the end (code EOF) alone, on the next call, with 0 bytes; an error met after
    some bytes also comes on the next call. The end costs one extra call per
    download, never bytes.
    """
    with download as d:
        res = lib.uplink_download_read(d, buf, length)
    n = int(res.bytes_read)
    if res.error and res.error.code == EOF_CODE:
        lib.uplink_free_read_result(res)
        return n, True
    unwrap(res, lib.uplink_free_read_result)
    return n, False


def download_info(download: NativeHandle) -> Optional[ObjectInfo]:
    with download as d:
        res = lib.uplink_download_info(d)
    return object_result(res)


def download_cancel(download: NativeHandle) -> None:
    """uplink_cancel_download: a read in progress (on another thread) and every later
    read fail with CanceledError."""
    with download as d:
        err = lib.uplink_cancel_download(d)
    check(err)


def close_download(download: NativeHandle) -> None:
    with download as d:
        err = lib.uplink_close_download(d)
    check(err)
