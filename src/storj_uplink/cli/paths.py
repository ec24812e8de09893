"""``sj://bucket/key`` locations and the local paths they are copied to and from."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Union

from .errors import CliError

__all__ = ["SCHEME", "RemotePath", "is_remote", "parse_remote", "parse_location",
           "Location", "local_target"]

#: The prefix of every remote location.
SCHEME = "sj://"


@dataclass(frozen=True)
class RemotePath:
    """A parsed ``sj://bucket/key`` location.

    ``key`` is ``""`` for a bare bucket (``sj://bucket`` or ``sj://bucket/``)
    and keeps a trailing slash when given one (``sj://bucket/dir/`` has key
    ``"dir/"``). ``bucket`` is ``""`` only for ``sj://`` itself (all buckets).
    """

    bucket: str
    key: str = ""

    @property
    def is_bucket(self) -> bool:
        """True for ``sj://bucket`` (no key)."""
        return self.key == ""

    @property
    def is_prefix(self) -> bool:
        """True when the location names a "directory": a bare bucket or a key ending in ``/``."""
        return self.key == "" or self.key.endswith("/")

    @property
    def dir_prefix(self) -> str:
        """The key as a listing prefix: ``""`` or ending with ``/``."""
        return self.key if self.is_prefix else self.key + "/"

    @property
    def name(self) -> str:
        """The last component of the key (``""`` for a prefix)."""
        return self.key.rsplit("/", 1)[-1]

    def child(self, relative: str) -> "RemotePath":
        """The location ``relative`` below this one taken as a directory."""
        return RemotePath(self.bucket, self.dir_prefix + relative)

    def __str__(self) -> str:
        if not self.bucket:
            return SCHEME
        return f"{SCHEME}{self.bucket}/{self.key}" if self.key else f"{SCHEME}{self.bucket}"


Location = Union[RemotePath, str]


def is_remote(text: str) -> bool:
    """True when ``text`` is an ``sj://`` location (the scheme is case-insensitive)."""
    return text[:len(SCHEME)].lower() == SCHEME


def parse_remote(text: str, *, allow_root: bool = False) -> RemotePath:
    """Parse ``sj://bucket[/key]``; :class:`CliError` when it is not one.

    :param allow_root: accept ``sj://`` alone (meaning every bucket).
    """
    if not is_remote(text):
        raise CliError(f"{text!r} is not a remote location: expected sj://BUCKET[/KEY]")
    rest = text[len(SCHEME):]
    bucket, _, key = rest.partition("/")
    if not bucket:
        if rest == "" and allow_root:
            return RemotePath("")
        if rest == "":
            raise CliError(f"{text!r} names no bucket: expected sj://BUCKET[/KEY]")
        raise CliError(f"{text!r} has an empty bucket name: expected sj://BUCKET[/KEY]")
    if any(c.isspace() for c in bucket):
        raise CliError(f"invalid bucket name {bucket!r} in {text!r}")
    return RemotePath(bucket, key)


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
