"""What a shared access may do (Permission) and where (SharePrefix)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from ._native.convert import to_unix

__all__ = ["Permission", "SharePrefix"]


@dataclass(frozen=True)
class Permission:
    """The operations a shared access grant allows, optionally within a time window.

    ``not_before`` / ``not_after`` are timezone-aware datetimes, or ``None``
    for no bound.
    """

    allow_download: bool = False
    allow_upload: bool = False
    allow_list: bool = False
    allow_delete: bool = False
    not_before: Optional[datetime] = None
    not_after: Optional[datetime] = None

    def __post_init__(self) -> None:
        for name in ("allow_download", "allow_upload", "allow_list", "allow_delete"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be a bool")
        to_unix(self.not_before, "not_before")
        to_unix(self.not_after, "not_after")

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
