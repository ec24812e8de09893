"""One native call where uplink-c takes many (uplink_fast_*): pages of object
listings, and whole small objects put and got in one call."""

from __future__ import annotations

from functools import partial
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Union

from ..info import ObjectInfo
from .convert import (
    OBJECT_DEFAULTS,
    c_str,
    from_unix,
    metadata_from_c,
    metadata_to_c,
    set_object_dict,
)
from .core import NativeHandle, error_from, ffi, lib, unwrap
from .ext_objects import ext_object_result

__all__ = ["ObjectPages", "PAGE_ITEMS", "put_object", "get_object"]

#: Items fetched per native call of an object listing.
PAGE_ITEMS = 256
#: The numbers per item of a packed page: UPLINK_FAST_PAGE_FIELDS (a literal,
#: so that importing loads no native code; a unit test compares them).
FIELDS = 5

Step = Callable[[NativeHandle], Optional[ObjectInfo]]


class ObjectPages:
    """The pages of an object listing (see :class:`~storj_uplink.listing.Listing`'s
    ``pages``): each call fetches up to :data:`PAGE_ITEMS` items per native
    call, packed (their keys in one buffer, their numbers in one array), and
    gives an iterator over their ObjectInfo, converted in one pass. An
    error that stopped the native iterator is raised after the items that came
    before it, as the per-item calls would.

    ``first``, when given, is the per-item step used for the first item
    (e.g. :func:`storj_uplink._native.objects.object_iterator_next`); the
    pages take over after it.
    """

    __slots__ = ("_first", "_page", "_done", "_error", "_page_items")

    def __init__(self, first: Optional[Step] = None, page_items: int = PAGE_ITEMS) -> None:
        self._first = first
        self._page: Iterator[ObjectInfo] = iter(())
        self._done = False
        self._error: Optional[BaseException] = None
        self._page_items = page_items

    def __call__(self, iterator: NativeHandle) -> Optional[Iterator[ObjectInfo]]:
        """The next page's items (possibly none), or None once the listing has ended."""
        if self._first is not None:
            first, self._first = self._first, None
            item = first(iterator)
            if item is None:
                self._done = True
                return None
            return iter((item,))
        if self._done:
            if self._error is not None:
                error, self._error = self._error, None
                raise error
            return None
        self._fetch(iterator)
        return self._page

    def _fetch(self, iterator: NativeHandle) -> None:
        with iterator as it:
            page = lib.uplink_fast_object_iterator_page(it, self._page_items)
        try:
            self._done = bool(page.done)
            if page.error:
                self._error = error_from(page.error)
                self._done = True
            count = int(page.count)
            if not count:
                self._page = iter(())
                return
            numbers = ffi.unpack(page.numbers, count * FIELDS)
            keys = ffi.unpack(page.keys, numbers[(count - 1) * FIELDS])
            custom = page.custom
            metadata = None if not custom else [
                metadata_from_c(custom[i]) if custom[i].count else {} for i in range(count)]
            self._page = iter(_page_items(keys, numbers, metadata))
        finally:
            lib.uplink_fast_free_object_page(page)


def _page_items(keys: bytes, numbers: List[int],
                metadata: Optional[List[Dict[str, str]]]) -> List[ObjectInfo]:
    """The ObjectInfo of each item of a packed page (each distinct date decoded
    once), built as :func:`~storj_uplink._native.convert.object_info` does
    (inlined)."""
    ends = numbers[0::FIELDS]
    starts = [0]
    starts += ends[:-1]
    if keys.isascii():
        text = keys.decode("ascii")
        names = [text[a:b] for a, b in zip(starts, ends)]
    else:
        names = [keys[a:b].decode("utf-8", "replace") for a, b in zip(starts, ends)]
    created, expires = numbers[3::FIELDS], numbers[4::FIELDS]
    dates = {seconds: from_unix(seconds) for seconds in {*created, *expires}}
    if metadata is None:
        metadata = [{} for _ in ends]
    template, new, set_dict, cls = OBJECT_DEFAULTS, object.__new__, set_object_dict, ObjectInfo
    items = []
    for key, is_prefix, length, c, e, custom in zip(names, numbers[1::FIELDS],
                                                    numbers[2::FIELDS], created, expires,
                                                    metadata):
        fields = template.copy()
        fields["key"] = key
        fields["is_prefix"] = is_prefix == 1
        fields["content_length"] = length
        fields["created"] = dates[c]
        fields["expires"] = dates[e]
        fields["metadata"] = custom
        info = new(cls)  # object_info(fields), inlined: this loop runs once per item
        set_dict(info, fields)
        items.append(info)
    return items


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
    if res.download:
        download = ffi.new("UplinkDownloadResult *")
        download.download = res.download
        lib.uplink_fast_free_get_result(res)
        return NativeHandle(res.download, partial(lib.uplink_free_download_result, download[0]),
                            "download")
    try:
        return ffi.unpack(ffi.cast("char *", res.data), res.length) if res.length else b""
    finally:
        lib.uplink_fast_free_get_result(res)
