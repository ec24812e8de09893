"""``sj://bucket/key`` locations and the local paths they are copied to and from."""

from __future__ import annotations

import os
from typing import Union

from ..url import SCHEME, StorjURL, has_scheme, parse_url
from .errors import CliError

__all__ = ["SCHEME", "RemotePath", "is_remote", "parse_remote", "parse_location",
           "Location", "local_target"]

#: A parsed ``sj://bucket/key`` location (the library's :class:`~storj_uplink.url.StorjURL`).
RemotePath = StorjURL

Location = Union[RemotePath, str]


def is_remote(text: str) -> bool:
    """True when ``text`` is an ``sj://`` location (the scheme is case-insensitive)."""
    return has_scheme(text)


def parse_remote(text: str, *, allow_root: bool = False) -> RemotePath:
    """Parse ``sj://bucket[/key]``; :class:`CliError` when it is not one.

    :param allow_root: accept ``sj://`` alone (meaning every bucket).
    """
    try:
        return parse_url(text, allow_root=allow_root)
    except ValueError as e:
        raise CliError(str(e).replace("is not a Storj URL", "is not a remote location")
                       ) from None


def parse_location(text: str) -> Location:
    """A :class:`RemotePath` for ``sj://...``, else the local path (``-``: stdin/stdout)."""
    if is_remote(text):
        return parse_remote(text)
    if not text:
        raise CliError("an empty path is not a location")
    return text


def local_target(root: str, relative_key: str) -> str:
    """The local path for an object ``relative_key`` copied below directory ``root``.

    Refuses keys that would land outside ``root`` (``..`` components, absolute
    keys): a remote listing must never write elsewhere on this machine.
    """
    parts = [p for p in relative_key.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts) or relative_key.startswith("/"):
        raise CliError(f"refusing to download key {relative_key!r}: it is not a relative path")
    path = os.path.join(root, *parts)
    base = os.path.abspath(root)
    if os.path.commonpath([base, os.path.abspath(path)]) != base:
        raise CliError(f"refusing to download key {relative_key!r} outside {root!r}")
    return path
