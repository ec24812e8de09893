"""Plain values returned by the SDK: object, pending-upload and part information,
batch-delete results, bucket versioning states and project information."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, Optional

from .objectlock import Retention

__all__ = ["ObjectInfo", "UploadInfo", "PartInfo", "DeleteStatus", "DeleteResult",
           "VersioningState", "ProjectInfo"]


@dataclass(frozen=True)
class ObjectInfo:
    """What the satellite knows of an object (or of a prefix, in a listing).

    Times are timezone-aware UTC; ``None`` means never (``expires``) or unknown.
    ``content_length`` and the times are 0/``None`` when a listing did not ask
    for system metadata; ``metadata`` is empty when it did not ask for custom.

    ``version`` identifies this version of the object: an opaque hex string to
    pass back as ``version=`` (``None`` when the call that returned the object
    does not report versions). ``is_latest`` and ``is_delete_marker`` describe
    it within its key's versions (``is_latest`` is ``None`` when unknown: the
    satellite does not say it for a stat or a delete of a given version);
    ``retention`` and ``legal_hold`` are its Object Lock state when the call
    reports it (``None``: none or unknown).
    """

    key: str
    is_prefix: bool = False
    content_length: int = 0
    created: Optional[datetime] = None
    expires: Optional[datetime] = None
    metadata: Dict[str, str] = field(default_factory=dict)
    version: Optional[str] = None
    is_latest: Optional[bool] = True
    is_delete_marker: bool = False
    retention: Optional[Retention] = None
    legal_hold: Optional[bool] = None


@dataclass(frozen=True)
class UploadInfo:
    """A pending multipart upload: its id, key and metadata."""

    upload_id: str
    key: str
    is_prefix: bool = False
    content_length: int = 0
    created: Optional[datetime] = None
    expires: Optional[datetime] = None
    metadata: Dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PartInfo:
    """One uploaded part of a multipart upload."""

    part_number: int
    size: int
    modified: Optional[datetime]
    etag: bytes = b""


class DeleteStatus(str, enum.Enum):
    """The outcome of one key of a batch delete."""

    DELETED = "deleted"
    NOT_FOUND = "not_found"
    LOCKED = "locked"
    UNAUTHORIZED = "unauthorized"
    ERROR = "error"


@dataclass(frozen=True)
class DeleteResult:
    """One key of :meth:`Project.delete_objects`.

    ``version`` is the version asked for (``None``: the latest);
    ``deleted_version`` the version removed and ``marker_version`` the delete
    marker created (in a versioned bucket, deleting the latest adds one).
    """

    key: str
    status: DeleteStatus
    version: Optional[str] = None
    deleted_version: Optional[str] = None
    marker_version: Optional[str] = None

    @property
    def ok(self) -> bool:
        """True when the key was deleted."""
        return self.status is DeleteStatus.DELETED


class VersioningState(enum.IntEnum):
    """A bucket's versioning state (the satellite's values)."""

    UNSUPPORTED = 0
    UNVERSIONED = 1
    ENABLED = 2
    SUSPENDED = 3


@dataclass(frozen=True)
class ProjectInfo:
    """A project's public id (a UUID string, safe to show) and creation time."""

    public_id: str
    created: Optional[datetime]
