"""``sj://bucket/key`` URLs: one parser for the command line and the fsspec filesystem.

::

    >>> from storj_uplink.url import parse_url
    >>> parse_url("sj://photos/2024/cat.jpg")
    StorjURL(bucket='photos', key='2024/cat.jpg')
    >>> parse_url("photos/2024/", require_scheme=False).is_prefix
    True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SCHEME", "StorjURL", "has_scheme", "parse_url"]

#: The prefix of every Storj URL (matched case-insensitively).
SCHEME = "sj://"


@dataclass(frozen=True)
class StorjURL:
    """A parsed ``sj://bucket/key``.

    ``key`` is ``""`` for a bare bucket (``sj://bucket`` or ``sj://bucket/``)
    and keeps a trailing slash when given one (``sj://bucket/dir/`` has key
    ``"dir/"``). ``bucket`` is ``""`` only for ``sj://`` itself (every bucket).
    """

    bucket: str
    key: str = ""

    @property
    def is_bucket(self) -> bool:
        """True for ``sj://bucket`` (no key)."""
        return self.key == ""

    @property
    def is_prefix(self) -> bool:
        """True when the URL names a "directory": a bare bucket or a key ending in ``/``."""
        return self.key == "" or self.key.endswith("/")

    @property
    def dir_prefix(self) -> str:
        """The key as a listing prefix: ``""`` or ending with ``/``."""
        return self.key if self.is_prefix else self.key + "/"

    @property
    def name(self) -> str:
        """The last component of the key (``""`` for a prefix)."""
        return self.key.rsplit("/", 1)[-1]

    def child(self, relative: str) -> "StorjURL":
        """The URL ``relative`` below this one taken as a directory."""
        return type(self)(self.bucket, self.dir_prefix + relative)

    def __str__(self) -> str:
        if not self.bucket:
            return SCHEME
        return f"{SCHEME}{self.bucket}/{self.key}" if self.key else f"{SCHEME}{self.bucket}"


def has_scheme(text: str) -> bool:
    """True when ``text`` starts with ``sj://`` (in any case)."""
    return isinstance(text, str) and text[:len(SCHEME)].lower() == SCHEME


def parse_url(text: str, *, require_scheme: bool = True, allow_root: bool = False) -> StorjURL:
    """Parse ``sj://bucket[/key]``.

    :param require_scheme: when False, ``bucket/key`` (no ``sj://``) is accepted too,
        as fsspec paths are.
    :param allow_root: accept ``sj://`` alone (``bucket == ""``: every bucket).
    :raises ValueError: not a Storj URL, no bucket, or a bucket name with spaces.
    """
    if not isinstance(text, str):
        raise TypeError(f"a Storj URL must be a str, not {type(text).__name__}")
    if has_scheme(text):
        rest = text[len(SCHEME):]
    elif require_scheme:
        raise ValueError(f"{text!r} is not a Storj URL: expected sj://BUCKET[/KEY]")
    else:
        rest = text.lstrip("/")
    bucket, _, key = rest.partition("/")
    if not bucket:
        if rest == "" and allow_root:
            return StorjURL("")
        if rest == "":
            raise ValueError(f"{text!r} names no bucket: expected sj://BUCKET[/KEY]")
        raise ValueError(f"{text!r} has an empty bucket name: expected sj://BUCKET[/KEY]")
    if any(c.isspace() for c in bucket):
        raise ValueError(f"invalid bucket name {bucket!r} in {text!r}")
    return StorjURL(bucket, key)
