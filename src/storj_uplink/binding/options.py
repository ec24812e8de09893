"""The input classes of the legacy binding: options, config, permission, custom metadata.

They are built the way code written for the ctypes binding built them: construct
with no argument and assign attributes (``opts = ListObjectsOptions();
opts.recursive = True``), or pass keyword arguments named after the Go fields
(``DownloadOptions(offset=0, length=-1)``). Text fields take ``str`` or, as the
ctypes ``c_char_p`` fields did, ``bytes`` (UTF-8). Times are Unix seconds
(``0``: unset); an aware :class:`~datetime.datetime` is accepted too.

The fields are checked when the object is passed to a binding function: a field
of the wrong type raises :class:`TypeError` there, a bad value (a negative
timeout, say) is reported as the function's error.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, List, Mapping, Optional, Union

from .. import config as _config
from .. import permission as _permission
from .structs import CustomMetadataEntryStruct, CustomMetadataStruct

__all__ = [
    "Config", "ListBucketsOptions", "ListObjectsOptions", "UploadOptions", "DownloadOptions",
    "Permission", "CustomMetadataEntry", "CustomMetadata",
]

#: A text field: ``str``, UTF-8 ``bytes`` (what a ctypes ``c_char_p`` field held), or None.
Text = Union[str, bytes, None]
#: A time field: Unix seconds (0: unset), an aware datetime, or None (unset).
Time = Union[int, datetime, None]

_INT64_MAX = 2**63 - 1


# ---- field conversions (TypeError for a wrong type, ValueError for a bad value) -----------
def _text(value: object, what: str) -> Optional[str]:
    """A str (or None) from str, UTF-8 bytes or a ctypes ``c_char_p``."""
    if isinstance(value, ctypes.c_char_p):
        value = value.value
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"{what} is not valid UTF-8") from None
    raise TypeError(f"{what} must be a str or bytes, not {type(value).__name__}")


def _flag(value: object, what: str) -> bool:
    """A bool from a bool or an int (what a ctypes ``c_bool`` field accepted)."""
    if isinstance(value, int):
        return bool(value)
    raise TypeError(f"{what} must be a bool, not {type(value).__name__}")


def _integer(value: object, what: str, minimum: int = -_INT64_MAX - 1,
             maximum: int = _INT64_MAX) -> int:
    """An int within [minimum, maximum] (bools refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if not minimum <= value <= maximum:
        raise ValueError(f"{what} must be between {minimum} and {maximum}, not {value}")
    return value


def _time(value: object, what: str) -> Optional[datetime]:
    """An aware datetime from Unix seconds (0 → None) or an aware datetime."""
    if value is None or isinstance(value, datetime):
        return value
    seconds = _integer(value, what, minimum=0)
    if seconds == 0:
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"{what} is out of range: {seconds}") from None


def _unix(value: Optional[datetime]) -> int:
    """Unix seconds of an aware datetime, 0 for None (the legacy results' convention)."""
    return 0 if value is None else math.floor(value.timestamp())


# ---- options ----------------------------------------------------------------------------
@dataclass
class Config:
    """Connection settings (Go's ``uplink.Config``); see :class:`storj_uplink.Config`.

    :param user_agent: prepended to the SDK's user agent.
    :param dial_timeout_milliseconds: 0 leaves uplink's default.
    :param temp_directory: directory for temporary files, or None.
    """

    user_agent: Text = ""
    dial_timeout_milliseconds: int = 0
    temp_directory: Text = None

    def to_config(self) -> _config.Config:
        """The equivalent :class:`storj_uplink.Config`."""
        ms = _integer(self.dial_timeout_milliseconds, "dial_timeout_milliseconds", minimum=0)
        return _config.Config(
            user_agent=_text(self.user_agent, "user_agent") or "",
            dial_timeout=ms / 1000.0 if ms else None,
            temp_directory=_text(self.temp_directory, "temp_directory"))


@dataclass
class ListBucketsOptions:
    """Options of ``list_buckets``: list the buckets after ``cursor`` (None or "": all)."""

    cursor: Text = None


@dataclass
class ListObjectsOptions:
    """Options of ``list_objects``, with Go's zero values as defaults.

    ``system`` and ``custom`` ask for system (size, times) and custom metadata;
    without them a listing gives keys only, as uplink does.
    """

    prefix: Text = None
    cursor: Text = None
    recursive: bool = False
    system: bool = False
    custom: bool = False


@dataclass
class UploadOptions:
    """Options of ``upload_object``: ``expires`` in Unix seconds (0: never)."""

    expires: Time = 0


@dataclass
class DownloadOptions:
    """Options of ``download_object``: ``length`` bytes (-1: to the end) from ``offset``.

    A negative ``offset`` counts from the end of the object, as in uplink.
    """

    offset: int = 0
    length: int = -1


@dataclass
class Permission:
    """What a shared access may do; ``not_before``/``not_after`` in Unix seconds (0: unbounded)."""

    allow_download: bool = False
    allow_upload: bool = False
    allow_list: bool = False
    allow_delete: bool = False
    not_before: Time = 0
    not_after: Time = 0

    def to_permission(self) -> _permission.Permission:
        """The equivalent :class:`storj_uplink.Permission`."""
        return _permission.Permission(
            allow_download=_flag(self.allow_download, "allow_download"),
            allow_upload=_flag(self.allow_upload, "allow_upload"),
            allow_list=_flag(self.allow_list, "allow_list"),
            allow_delete=_flag(self.allow_delete, "allow_delete"),
            not_before=_time(self.not_before, "not_before"),
            not_after=_time(self.not_after, "not_after"))


# ---- custom metadata --------------------------------------------------------------------
def _entry_part(value: object, length: object, what: str) -> str:
    """The first ``length`` bytes of a key or value (all of it when length is None)."""
    if isinstance(value, ctypes.c_char_p):
        value = value.value or b""
    if isinstance(value, str):
        data = value.encode("utf-8")
    elif isinstance(value, (bytes, bytearray)):
        data = bytes(value)
    else:
        raise TypeError(f"metadata {what} must be a str or bytes, not {type(value).__name__}")
    if length is not None:
        n = _integer(length, f"metadata {what}_length", minimum=0)
        if n > len(data):
            raise ValueError(f"metadata {what}_length {n} exceeds the {len(data)} bytes of "
                             f"{what} {value!r}")
        data = data[:n]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"metadata {what} {value!r} is not valid UTF-8") from None


@dataclass
class CustomMetadataEntry:
    """One key/value pair of custom metadata.

    ``key_length``/``value_length`` are byte lengths (UTF-8); None (the default)
    means the whole key/value. In results they are always set.
    """

    key: Text = ""
    key_length: Optional[int] = None
    value: Text = ""
    value_length: Optional[int] = None


@dataclass
class CustomMetadata:
    """Custom metadata as a list of entries; ``count`` entries are used (None: all).

    A plain ``dict`` of str to str is accepted wherever a CustomMetadata is.
    """

    entries: List[CustomMetadataEntry] = field(default_factory=list)
    count: Optional[int] = None

    @classmethod
    def from_dict(cls, metadata: Mapping[str, str]) -> "CustomMetadata":
        """Entries (with byte lengths) for a str → str mapping."""
        entries = [CustomMetadataEntry(key=k, key_length=len(k.encode("utf-8")),
                                       value=v, value_length=len(v.encode("utf-8")))
                   for k, v in metadata.items()]
        return cls(entries=entries, count=len(entries))

    def to_dict(self) -> Dict[str, str]:
        """The metadata as a str → str dict (a later duplicate key wins).

        ``entries`` may also be what ctypes code built: a ctypes array of, or a
        pointer to, :class:`~storj_uplink.binding.structs.CustomMetadataEntryStruct`
        (a pointer needs ``count``).
        """
        entries: Any = self.entries
        if isinstance(entries, ctypes._Pointer) and self.count is None:
            raise ValueError("metadata count is required when entries is a pointer")
        if entries is None or (isinstance(entries, ctypes._Pointer) and not entries):
            entries = []  # a NULL pointer: no entries (count 0 expected)
        if isinstance(entries, ctypes._Pointer):
            count = _integer(self.count, "metadata count", minimum=0)
            entries = [entries[i] for i in range(count)]
        entries = list(entries)
        count = len(entries) if self.count is None else \
            _integer(self.count, "metadata count", minimum=0)
        if count > len(entries):
            raise ValueError(f"metadata count {count} exceeds its {len(entries)} entries")
        out: Dict[str, str] = {}
        for entry in entries[:count]:
            if not isinstance(entry, (CustomMetadataEntry, CustomMetadataEntryStruct)):
                raise TypeError(f"metadata entries must be CustomMetadataEntry, "
                                f"not {type(entry).__name__}")
            key = _entry_part(entry.key, entry.key_length, "key")
            out[key] = _entry_part(entry.value, entry.value_length, "value")
        return out


def _metadata(value: Any) -> Dict[str, str]:
    """A str → str dict from a CustomMetadata, an object's ``custom``, a mapping (str or
    bytes), or None (empty)."""
    if value is None:
        return {}
    if isinstance(value, (CustomMetadata, CustomMetadataStruct)):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {_entry_part(k, None, "key"): _entry_part(v, None, "value")
                for k, v in value.items()}
    raise TypeError(f"custom metadata must be a CustomMetadata or a dict, "
                    f"not {type(value).__name__}")
