"""Conversions between Python values and the C values of the uplink-c API.

Strings are validated before they reach C: a NUL byte would silently cut a
bucket name or key, so it is a ValueError here, as are unencodable surrogates.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from ..info import ObjectInfo, PartInfo, UploadInfo
from .core import ffi

__all__ = [
    "c_str", "opt_c_str", "py_str", "to_unix", "from_unix", "metadata_to_c",
    "metadata_from_c", "object_from_c", "upload_info_from_c", "part_from_c", "check_int",
    "readable_buffer", "writable_buffer",
]

INT64_MAX = 2**63 - 1


def _encode(value: object, what: str) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} is not valid Unicode (it contains a lone surrogate)") from None


def c_str(value: object, what: str) -> Any:
    """A NUL-terminated C copy of a str (kept alive by the returned cdata)."""
    data = _encode(value, what)
    if b"\0" in data:
        raise ValueError(f"{what} must not contain NUL characters")
    return ffi.new("char[]", data)


def opt_c_str(value: Optional[object], what: str) -> Any:
    """Like :func:`c_str`, with ``None`` → NULL."""
    return ffi.NULL if value is None else c_str(value, what)


def py_str(ptr: Any) -> str:
    """A Python str from a C string (NULL → "")."""
    return "" if not ptr else ffi.string(ptr).decode("utf-8", "replace")


def readable_buffer(data: Any, what: str = "write()") -> Any:
    """A zero-copy cdata view of a bytes-like object (bytes, bytearray, memoryview,
    array, numpy array...), or TypeError/ValueError. Use it in a ``with`` block:
    the view pins the caller's buffer until it is released. ``what`` names the
    argument in the error messages."""
    if isinstance(data, str):
        raise TypeError(f"{what} needs a bytes-like object, not str (encode it first)")
    try:
        return ffi.from_buffer(data)
    except TypeError:
        raise TypeError(
            f"{what}: a bytes-like object is required, not {type(data).__name__}") from None
    except BufferError as exc:  # e.g. a strided (non-contiguous) memoryview
        raise ValueError(f"{what}: the buffer must be C-contiguous (pass bytes(view) or a "
                         f"copy): {exc}") from None


def writable_buffer(data: Any) -> Any:
    """A zero-copy cdata view of a writable bytes-like object."""
    try:
        return ffi.from_buffer(data, require_writable=True)
    except (TypeError, BufferError):  # not a buffer, read-only, or not C-contiguous
        raise TypeError("a writable, C-contiguous bytes-like object (bytearray, memoryview, "
                        f"array) is required, not {type(data).__name__}") from None


def check_int(value: object, what: str, *, minimum: int = 0, maximum: int = INT64_MAX) -> int:
    """An int in [minimum, maximum], or TypeError/ValueError (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if not minimum <= value <= maximum:
        raise ValueError(f"{what} must be between {minimum} and {maximum}, not {value}")
    return value


def to_unix(value: Optional[datetime], what: str) -> int:
    """Unix seconds for an aware datetime; ``None`` → 0 (unset)."""
    if value is None:
        return 0
    if not isinstance(value, datetime):
        raise TypeError(f"{what} must be a datetime or None, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware (e.g. datetime.now(timezone.utc))")
    seconds = math.floor(value.timestamp())
    if seconds <= 0:
        raise ValueError(f"{what} must be after 1970-01-01T00:00:01Z")
    return seconds


def from_unix(seconds: int) -> Optional[datetime]:
    """An aware UTC datetime for Unix seconds; 0 → None."""
    if seconds == 0:
        return None
    try:
        return datetime.fromtimestamp(seconds, timezone.utc)  # positional: ~40% cheaper
    except (OverflowError, OSError, ValueError):
        return None


def metadata_to_c(metadata: Optional[Mapping[str, str]]) -> Tuple[Any, List[Any]]:
    """An ``UplinkCustomMetadata`` value for a str→str mapping, and its keep-alive list.

    Keys must not be empty; neither keys nor values may contain NUL (uplink
    refuses them, so they are a ValueError here, before anything is sent).
    """
    custom = ffi.new("UplinkCustomMetadata *")
    keep: List[Any] = [custom]
    if metadata is None:
        return custom, keep
    if not isinstance(metadata, Mapping):
        raise TypeError(f"metadata must be a mapping of str to str, not {type(metadata).__name__}")
    items = list(metadata.items())
    entries = ffi.new("UplinkCustomMetadataEntry[]", max(len(items), 1))
    keep.append(entries)
    for i, (key, value) in enumerate(items):
        kb = _encode(key, "metadata key")
        vb = _encode(value, f"metadata value of {key!r}")
        if not kb:
            raise ValueError("metadata keys must not be empty")
        if b"\0" in kb or b"\0" in vb:
            raise ValueError(f"metadata entry {key!r} must not contain NUL characters")
        kbuf, vbuf = ffi.new("char[]", kb), ffi.new("char[]", vb)
        keep += [kbuf, vbuf]
        entries[i].key, entries[i].key_length = kbuf, len(kb)
        entries[i].value, entries[i].value_length = vbuf, len(vb)
    custom.entries = entries if items else ffi.NULL
    custom.count = len(items)
    return custom, keep


def metadata_from_c(custom: Any) -> Dict[str, str]:
    out: Dict[str, str] = {}
    for i in range(custom.count):
        e = custom.entries[i]
        key = ffi.unpack(e.key, e.key_length).decode("utf-8", "replace") if e.key_length else ""
        val = ffi.unpack(e.value, e.value_length).decode("utf-8", "replace") \
            if e.value_length else ""
        out[key] = val
    return out


#: Every field of an ObjectInfo with its default (what an uplink-c object does
#: not carry). :func:`object_info` copies it: a dict copy is much cheaper than
#: the frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field).
OBJECT_DEFAULTS: Dict[str, Any] = {
    "key": "", "is_prefix": False, "content_length": 0, "created": None, "expires": None,
    "metadata": None, "version": None, "is_latest": True, "is_delete_marker": False,
    "retention": None, "legal_hold": None}

_new = object.__new__
#: Sets an ObjectInfo's ``__dict__`` through the class's own descriptor: about
#: half the cost of ``object.__setattr__(info, "__dict__", fields)``, which
#: looks the descriptor up on every call.
set_object_dict: Callable[[ObjectInfo, Dict[str, Any]], None] = \
    vars(ObjectInfo)["__dict__"].__set__


def object_info(fields: Dict[str, Any]) -> ObjectInfo:
    """The ObjectInfo whose ``__dict__`` is ``fields`` (a copy of
    :data:`OBJECT_DEFAULTS` with some values set): the same instance
    ``ObjectInfo(**fields)`` gives, equal and with the same repr."""
    info = _new(ObjectInfo)
    set_object_dict(info, fields)
    return info


def object_fields(obj: Any) -> Dict[str, Any]:
    """Every ObjectInfo field of an ``UplinkObject *`` or ``UplinkExtObject *``:
    a copy of :data:`OBJECT_DEFAULTS` with the key, prefix flag, system and
    custom metadata set (the caller sets what an ``UplinkExtObject`` adds)."""
    system = obj.system
    fields = OBJECT_DEFAULTS.copy()
    fields["key"] = py_str(obj.key)
    fields["is_prefix"] = bool(obj.is_prefix)
    fields["content_length"] = int(system.content_length)
    fields["created"] = from_unix(system.created)
    fields["expires"] = from_unix(system.expires)
    fields["metadata"] = metadata_from_c(obj.custom)
    return fields


def object_from_c(obj: Any) -> ObjectInfo:
    """An ObjectInfo from an ``UplinkObject *`` (which the caller frees)."""
    return object_info(object_fields(obj))


def upload_info_from_c(info: Any) -> UploadInfo:
    return UploadInfo(
        upload_id=py_str(info.upload_id),
        key=py_str(info.key),
        is_prefix=bool(info.is_prefix),
        content_length=int(info.system.content_length),
        created=from_unix(info.system.created),
        expires=from_unix(info.system.expires),
        metadata=metadata_from_c(info.custom),
    )


def part_from_c(part: Any) -> PartInfo:
    etag = ffi.unpack(part.etag, part.etag_length) if part.etag and part.etag_length \
        else b""
    return PartInfo(part_number=int(part.part_number), size=int(part.size),
                    modified=from_unix(part.modified), etag=etag)
