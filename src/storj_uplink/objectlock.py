"""Object Lock values: retention modes, retention periods, a bucket's default retention.

Object Lock keeps object versions from being deleted or overwritten: until a
*retain-until* date (a retention, in governance or compliance mode) or while a
legal hold is on. A bucket must be created with Object Lock enabled
(``project.create_bucket(name, object_lock=True)``, which also enables
versioning) before its objects can be locked.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional, Union

__all__ = ["RetentionMode", "Retention", "DefaultRetention", "ObjectLockConfiguration"]


class RetentionMode(str, enum.Enum):
    """How strictly a retention protects an object version.

    ``GOVERNANCE``: an access with the bypass-governance permission may delete
    the version or shorten the retention by passing ``bypass_governance=True``.
    ``COMPLIANCE``: nobody can, until the retain-until date has passed.
    """

    COMPLIANCE = "compliance"
    GOVERNANCE = "governance"

    @classmethod
    def parse(cls, value: Union["RetentionMode", str]) -> "RetentionMode":
        """A mode from a RetentionMode or its name (any case); ValueError otherwise."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            try:
                return cls(value.lower())
            except ValueError:
                pass
        raise ValueError(f"unknown retention mode {value!r}: use 'governance' or 'compliance'")


# The C values of the modes (go/include/uplink_ext.h, UPLINK_EXT_RETENTION_*).
MODE_TO_C = {None: 0, RetentionMode.COMPLIANCE: 1, RetentionMode.GOVERNANCE: 2}
MODE_FROM_C = {v: k for k, v in MODE_TO_C.items()}


def _aware(value: object, what: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{what} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware (e.g. datetime.now(timezone.utc))")
    return value


@dataclass(frozen=True)
class Retention:
    """An object version's retention: ``mode`` until ``retain_until`` (an aware datetime)."""

    mode: RetentionMode
    retain_until: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", RetentionMode.parse(self.mode))
        _aware(self.retain_until, "retain_until")

    def check_future(self) -> None:
        """Raise ValueError unless ``retain_until`` is in the future."""
        if self.retain_until <= datetime.now(timezone.utc):
            raise ValueError(f"retain_until must be in the future, got "
                             f"{self.retain_until.isoformat()}")


@dataclass(frozen=True)
class DefaultRetention:
    """A bucket's default retention for new objects: ``mode`` for ``days`` or ``years``.

    Exactly one of ``days`` and ``years`` is a positive number.
    """

    mode: RetentionMode
    days: int = 0
    years: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", RetentionMode.parse(self.mode))
        for name in ("days", "years"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an int, not {type(value).__name__}")
            if not 0 <= value < 2**31:
                raise ValueError(f"{name} must be between 0 and 2**31-1, got {value}")
        if (self.days > 0) == (self.years > 0):
            raise ValueError("a default retention needs either days or years (not both, not none)")


@dataclass(frozen=True)
class ObjectLockConfiguration:
    """A bucket's Object Lock configuration: whether it is enabled, and its default retention."""

    enabled: bool
    default_retention: Optional[DefaultRetention] = None
