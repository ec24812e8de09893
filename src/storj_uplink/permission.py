"""What a shared access may do (Permission) and where (SharePrefix)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Dict, Optional

from ._native.convert import to_unix

__all__ = ["Permission", "SharePrefix"]


@dataclass(frozen=True)
class Permission:
    """The operations a shared access grant allows, optionally within a time window.

    ``not_before`` / ``not_after`` are timezone-aware datetimes, or ``None``
    for no bound.

    Beyond uplink-c's four flags, the Object Lock permissions of
    storj.io/uplink: placing (``allow_put_*``) and reading (``allow_get_*``)
    object retention, legal holds and a bucket's Object Lock configuration,
    and bypassing governance retention. ``max_object_ttl`` (a positive
    :class:`~datetime.timedelta`, whole seconds) makes every object uploaded
    with the shared access expire within that time; an upload asking for a
    later expiry (or none) is refused.
    """

    allow_download: bool = False
    allow_upload: bool = False
    allow_list: bool = False
    allow_delete: bool = False
    not_before: Optional[datetime] = None
    not_after: Optional[datetime] = None
    allow_put_object_retention: bool = False
    allow_get_object_retention: bool = False
    allow_put_object_legal_hold: bool = False
    allow_get_object_legal_hold: bool = False
    allow_bypass_governance_retention: bool = False
    allow_put_bucket_object_lock_configuration: bool = False
    allow_get_bucket_object_lock_configuration: bool = False
    max_object_ttl: Optional[timedelta] = None

    def __post_init__(self) -> None:
        for name in self.flags():
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be a bool")
        to_unix(self.not_before, "not_before")
        to_unix(self.not_after, "not_after")
        ttl = self.max_object_ttl
        if ttl is not None:
            if not isinstance(ttl, timedelta):
                raise TypeError(f"max_object_ttl must be a timedelta or None, "
                                f"not {type(ttl).__name__}")
            if ttl.total_seconds() < 1 or ttl.microseconds:
                raise ValueError(f"max_object_ttl must be a positive whole number of seconds, "
                                 f"got {ttl!r}")

    def flags(self) -> Dict[str, bool]:
        """Every ``allow_*`` flag by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name.startswith("allow_")}

    @property
    def max_object_ttl_seconds(self) -> int:
        """``max_object_ttl`` in seconds (0: no limit)."""
        return int(self.max_object_ttl.total_seconds()) if self.max_object_ttl else 0

    @property
    def needs_extensions(self) -> bool:
        """True when it uses more than uplink-c's Permission (Object Lock flags, TTL)."""
        basic = ("allow_download", "allow_upload", "allow_list", "allow_delete")
        return bool(self.max_object_ttl) or any(
            value for name, value in self.flags().items() if name not in basic)

    @classmethod
    def read_only(cls, *, not_before: Optional[datetime] = None,
                  not_after: Optional[datetime] = None) -> "Permission":
        """Download and list only."""
        return cls(allow_download=True, allow_list=True, not_before=not_before,
                   not_after=not_after)

    @classmethod
    def write_only(cls, *, not_before: Optional[datetime] = None,
                   not_after: Optional[datetime] = None) -> "Permission":
        """Upload only."""
        return cls(allow_upload=True, not_before=not_before, not_after=not_after)

    @classmethod
    def full(cls, *, not_before: Optional[datetime] = None,
             not_after: Optional[datetime] = None) -> "Permission":
        """Every operation."""
        return cls(True, True, True, True, not_before, not_after)


@dataclass(frozen=True)
class SharePrefix:
    """A bucket, and optionally a key prefix in it, that a shared access covers."""

    bucket: str
    prefix: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.bucket, str) or not isinstance(self.prefix, str):
            raise TypeError("SharePrefix bucket and prefix must be str")
        if not self.bucket:
            raise ValueError("SharePrefix bucket must not be empty")
