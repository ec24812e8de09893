"""Bucket: a bucket name bound to its project, with the object operations as methods."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Mapping, Optional

from .info import ObjectInfo

if TYPE_CHECKING:
    from .download import Download
    from .listing import Listing
    from .project import Project
    from .upload import Upload

__all__ = ["Bucket"]


class Bucket:
    """A bucket of a :class:`Project`.

    ``name`` and ``created`` (an aware UTC datetime, ``None`` when the bucket
    came from :meth:`Project.bucket` without asking the network) describe it;
    the methods are the project's object operations with the bucket filled in.
    """

    __slots__ = ("project", "name", "created")

    def __init__(self, project: "Project", name: str, created: Optional[datetime]) -> None:
        self.project = project
        self.name = name
        self.created = created

    def upload(self, key: str, expires: Optional[datetime] = None,
               metadata: Optional[Mapping[str, str]] = None) -> "Upload":
        """Start an upload (see :meth:`Project.upload_object`)."""
        return self.project.upload_object(self.name, key, expires, metadata)

    def download(self, key: str, offset: int = 0, length: int = -1) -> "Download":
        """Start a download (see :meth:`Project.download_object`)."""
        return self.project.download_object(self.name, key, offset, length)

    def stat(self, key: str) -> ObjectInfo:
        """The object's information, or :class:`ObjectNotFoundError`."""
        return self.project.stat_object(self.name, key)

    def delete(self, key: str) -> Optional[ObjectInfo]:
        """Delete an object."""
        return self.project.delete_object(self.name, key)

    def list(self, prefix: str = "", cursor: Optional[str] = None, recursive: bool = False,
             system: bool = True, custom: bool = False) -> "Listing[ObjectInfo]":
        """A lazy iterator over the bucket's objects (see :meth:`Project.list_objects`)."""
        return self.project.list_objects(self.name, prefix, cursor, recursive, system, custom)

    def put(self, key: str, data: Any, *, metadata: Optional[Mapping[str, str]] = None,
            expires: Optional[datetime] = None) -> ObjectInfo:
        """Upload a small object from a bytes-like value in one call."""
        with self.upload(key, expires, metadata) as upload:
            upload.write(data)
        return upload.info

    def get(self, key: str) -> bytes:
        """Download a whole (small) object as bytes."""
        with self.download(key) as download:
            return download.read()

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Bucket) and other.project is self.project
                and other.name == self.name)

    def __hash__(self) -> int:
        return hash((id(self.project), self.name))

    def __repr__(self) -> str:
        created = self.created.isoformat() if self.created else None
        return f"Bucket(name={self.name!r}, created={created!r})"
