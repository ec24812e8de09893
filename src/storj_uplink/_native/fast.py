"""One native call where uplink-c takes many (uplink_fast_*): pages of object
listings, and whole small objects put and got in one call."""

from __future__ import annotations

from collections import deque
from datetime import datetime
from functools import partial
from typing import Any, Callable, Deque, Dict, Mapping, Optional, Union

from ..info import ObjectInfo
from .convert import c_str, from_unix, metadata_from_c, metadata_to_c
from .core import NULL, NativeHandle, error_from, ffi, lib, unwrap
from .ext_objects import ext_object_result

__all__ = ["ObjectPages", "PAGE_ITEMS", "put_object", "get_object"]

#: Items fetched per native call of an object listing.
PAGE_ITEMS = 256

_new = object.__new__
_set = object.__setattr__


def fast_object_info(key: str, is_prefix: bool, content_length: int,
                     created: Optional[datetime], expires: Optional[datetime],
                     metadata: Dict[str, str]) -> ObjectInfo:
    """``ObjectInfo(key, ...)`` with the other fields at their defaults, built
    without the frozen dataclass's ``__init__`` (one ``object.__setattr__`` per
    field): the same instance, equal and with the same repr."""
    info = _new(ObjectInfo)
    _set(info, "__dict__", {
        "key": key, "is_prefix": is_prefix, "content_length": content_length,
        "created": created, "expires": expires, "metadata": metadata, "version": None,
        "is_latest": True, "is_delete_marker": False, "retention": None, "legal_hold": None})
    return info


Step = Callable[[NativeHandle], Optional[ObjectInfo]]


class ObjectPages:
    """The step function of an object listing (see :class:`~storj_uplink.listing.Listing`)
    that fetches :data:`PAGE_ITEMS` items per native call and hands them out
    one by one. An error that stopped the native iterator is raised after the
    items that came before it, as the per-item calls would.

    The first item comes from ``first`` (the per-item step, e.g.
    :func:`storj_uplink._native.objects.object_iterator_next`): a listing
    often stops there (is there anything under this prefix?), and a page
    would convert items nobody reads.
    """

    __slots__ = ("_first", "_items", "_done", "_error", "_page_items")

    def __init__(self, first: Optional[Step] = None, page_items: int = PAGE_ITEMS) -> None:
        self._first = first
        self._items: Deque[ObjectInfo] = deque()
        self._done = False
        self._error: Optional[BaseException] = None
        self._page_items = page_items

    def __call__(self, iterator: NativeHandle) -> Optional[ObjectInfo]:
        if self._first is not None:
            first, self._first = self._first, None
            item = first(iterator)
            self._done = item is None
            return item
        if not self._items and not self._done:
            self._fetch(iterator)
        if self._items:
            return self._items.popleft()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        return None

    def _fetch(self, iterator: NativeHandle) -> None:
        with iterator as it:
            page = lib.uplink_fast_object_iterator_page(it, self._page_items)
        try:
            self._done = bool(page.done)
            if page.error != NULL:
                self._error = error_from(page.error)
                self._done = True
            self._items.extend(_page_items(page.items, int(page.count)))
        finally:
            lib.uplink_fast_free_object_page(page)


def _page_items(items: Any, count: int) -> Any:
    """The ObjectInfo of each C object of a page (dates decoded once per second value)."""
    dates: Dict[int, Optional[datetime]] = {0: None}
    string = ffi.string
    for i in range(count):
        obj = items[i]
        system, custom = obj.system, obj.custom
        created, expires = system.created, system.expires
        c = dates.get(created)
        if c is None and created:
            c = dates[created] = from_unix(created)
        e = dates.get(expires)
        if e is None and expires:
            e = dates[expires] = from_unix(expires)
        yield fast_object_info(
            string(obj.key).decode("utf-8", "replace") if obj.key != ffi.NULL else "",
            bool(obj.is_prefix), system.content_length, c, e,
            metadata_from_c(custom) if custom.count else {})


def put_object(project: NativeHandle, bucket: str, key: str, data: Any, length: int,
               expires: int, metadata: Optional[Mapping[str, str]]) -> Optional[ObjectInfo]:
    """Upload ``length`` bytes of a cdata buffer as a whole object with its
    metadata and expiry (Unix seconds, 0: never), in one call; the committed
    object's information (with its version)."""
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    opts = ffi.new("UplinkFastPutOptions *")
    opts.expires = expires
    custom, _keep = metadata_to_c(metadata)
    opts.custom = custom[0]
    with project as p:
        res = lib.uplink_fast_put_object(p, b, k, data, length, opts)
    return ext_object_result(res)


def get_object(project: NativeHandle, bucket: str, key: str,
               max_length: int) -> Union[bytes, NativeHandle]:
    """A whole object's bytes, in one call when it holds at most ``max_length``
    bytes; a larger object's open download handle otherwise (read it as a stream)."""
    b, k = c_str(bucket, "bucket name"), c_str(key, "object key")
    with project as p:
        res = lib.uplink_fast_get_object(p, b, k, max_length)
    res = unwrap(res, lib.uplink_fast_free_get_result)
    if res.download != NULL:
        download = ffi.new("UplinkDownloadResult *")
        download.download = res.download
        lib.uplink_fast_free_get_result(res)
        return NativeHandle(res.download, partial(lib.uplink_free_download_result, download[0]),
                            "download")
    try:
        return ffi.unpack(ffi.cast("char *", res.data), res.length) if res.length else b""
    finally:
        lib.uplink_fast_free_get_result(res)
