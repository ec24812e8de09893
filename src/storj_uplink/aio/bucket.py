"""Bucket (async): a bucket name bound to its async project, with awaitable object operations."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, BinaryIO, Mapping, Optional, Union

from .. import transfer as _transfer
from .._content_type import AUTO, ContentType
from ..bucket import Bucket as SyncBucket
from ..info import ObjectInfo
from ..retry import DEFAULT_RETRY, RetryPolicy
from . import transfer as _aio_transfer
from ._opening import Opening
from .listing import Listing

if TYPE_CHECKING:
    from .download import Download
    from .project import Project
    from .upload import Upload

__all__ = ["Bucket"]


class Bucket:
    """The asyncio counterpart of :class:`storj_uplink.Bucket`.

    ``name`` and ``created`` describe it; the methods are the async project's
    object operations with the bucket filled in.
    """

    __slots__ = ("project", "name", "created")
    _repr_name = "aio.Bucket"

    def __init__(self, project: "Project", sync: SyncBucket) -> None:
        self.project = project
        self.name = sync.name
        self.created = sync.created

    def upload(self, key: str, expires: Optional[datetime] = None,
               metadata: Optional[Mapping[str, str]] = None, *,
               content_type: ContentType = AUTO) -> Opening["Upload"]:
        """Start an upload (see :meth:`Project.upload_object`)."""
        return self.project.upload_object(self.name, key, expires, metadata,
                                          content_type=content_type)

    def download(self, key: str, offset: int = 0, length: int = -1) -> Opening["Download"]:
        """Start a download (see :meth:`Project.download_object`)."""
        return self.project.download_object(self.name, key, offset, length)

    async def stat(self, key: str) -> ObjectInfo:
        """The object's information, or :class:`ObjectNotFoundError`."""
        return await self.project.stat_object(self.name, key)

    async def delete(self, key: str) -> Optional[ObjectInfo]:
        """Delete an object."""
        return await self.project.delete_object(self.name, key)

    def list(self, prefix: str = "", cursor: Optional[str] = None, recursive: bool = False,
             system: bool = True, custom: bool = False) -> Listing[ObjectInfo]:
        """``async for obj in bucket.list()`` (see :meth:`Project.list_objects`)."""
        return self.project.list_objects(self.name, prefix, cursor, recursive, system, custom)

    async def put(self, key: str, data: Any, *, metadata: Optional[Mapping[str, str]] = None,
                  expires: Optional[datetime] = None,
                  content_type: ContentType = AUTO) -> ObjectInfo:
        """Upload a small object from a bytes-like value (``content_type`` as
        :meth:`storj_uplink.Project.upload_object`)."""
        async with self.upload(key, expires, metadata, content_type=content_type) as upload:
            await upload.write(data)
        info: ObjectInfo = upload.info
        return info

    async def get(self, key: str) -> bytes:
        """Download a whole (small) object as bytes."""
        async with self.download(key) as download:
            return await download.read()

    async def copy(self, key: str, new_key: str, new_bucket: Optional[str] = None) -> ObjectInfo:
        """Copy an object server-side to ``new_key`` (in ``new_bucket``, default this bucket)."""
        return await self.project.copy_object(self.name, key, new_bucket or self.name, new_key)

    async def move(self, key: str, new_key: str, new_bucket: Optional[str] = None) -> None:
        """Move (rename) an object to ``new_key`` (in ``new_bucket``, default this bucket)."""
        await self.project.move_object(self.name, key, new_bucket or self.name, new_key)

    async def update_metadata(self, key: str, metadata: Mapping[str, str]) -> None:
        """Replace an object's custom metadata (str → str)."""
        await self.project.update_object_metadata(self.name, key, metadata)

    async def upload_file(self, path_or_fileobj: Union[_transfer.PathLike, BinaryIO], key: str,
                          *, part_size: int = _transfer.DEFAULT_PART_SIZE,
                          concurrency: int = _transfer.DEFAULT_CONCURRENCY,
                          metadata: Optional[Mapping[str, str]] = None,
                          expires: Optional[datetime] = None,
                          progress: Optional[_transfer.ProgressCallback] = None,
                          retry: Optional[RetryPolicy] = DEFAULT_RETRY,
                          resume: bool = False, content_type: ContentType = AUTO) -> ObjectInfo:
        """:meth:`storj_uplink.Bucket.upload_file`, awaitable; cancelling commits nothing."""
        return await _aio_transfer.upload_file(
            self.project._checked(), self.name, path_or_fileobj, key, part_size=part_size,
            concurrency=concurrency, metadata=metadata, expires=expires, progress=progress,
            retry=retry, resume=resume, content_type=content_type)

    async def download_file(self, key: str,
                            path_or_fileobj: Union[_transfer.PathLike, BinaryIO], *,
                            concurrency: int = _transfer.DEFAULT_CONCURRENCY,
                            part_size: int = _transfer.DEFAULT_PART_SIZE,
                            progress: Optional[_transfer.ProgressCallback] = None,
                            retry: Optional[RetryPolicy] = DEFAULT_RETRY,
                            resume: bool = False) -> ObjectInfo:
        """:meth:`storj_uplink.Bucket.download_file`, awaitable and cancellable."""
        return await _aio_transfer.download_file(
            self.project._checked(), self.name, key, path_or_fileobj, concurrency=concurrency,
            part_size=part_size, progress=progress, retry=retry, resume=resume)

    # equality, hash and repr as the sync Bucket's (by project and name)
    __eq__ = SyncBucket.__eq__
    __hash__ = SyncBucket.__hash__
    __repr__ = SyncBucket.__repr__
