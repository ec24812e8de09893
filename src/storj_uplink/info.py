"""Plain values returned by the SDK: object, pending-upload and part information."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, Optional

__all__ = ["ObjectInfo", "UploadInfo", "PartInfo"]


@dataclass(frozen=True)
class ObjectInfo:
    """What the satellite knows of an object (or of a prefix, in a listing).

    Times are timezone-aware UTC; ``None`` means never (``expires``) or unknown.
    ``content_length`` and the times are 0/``None`` when a listing did not ask
    for system metadata; ``metadata`` is empty when it did not ask for custom.
    """

    key: str
    is_prefix: bool = False
    content_length: int = 0
    created: Optional[datetime] = None
    expires: Optional[datetime] = None
    metadata: Dict[str, str] = field(default_factory=dict)


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
