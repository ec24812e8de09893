"""Project (async): the object operations of a project, awaited instead of blocking."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping, Optional

from .._content_type import AUTO, ContentType, with_content_type
from ..access import Access
from ..config import Config
from ..info import ObjectInfo
from ..project import Project as SyncProject
from . import download as _download
from . import upload as _upload
from ._executor import run, run_shielded
from ._mixing import AsyncOnly, expect
from ._opening import Opening
from .bucket import Bucket
from .listing import Listing

__all__ = ["Project", "open_project", "request_access"]


async def request_access(satellite: str, api_key: str, passphrase: str,
                         config: Optional[Config] = None) -> Access:
    """:meth:`Access.request` without blocking the loop (it asks the satellite)."""
    access: Access = await run(Access.request, satellite, api_key, passphrase, config)
    return access


async def open_project(access: Access, config: Optional[Config] = None) -> "Project":
    """Open the project of ``access`` (the same :class:`Access` the sync API uses)."""
    expect(access, Access, "access")
    return Project(await run(SyncProject.open, access, config))


class Project(AsyncOnly):
    """The asyncio counterpart of :class:`storj_uplink.Project`.

    Open it with ``async with await aio.open_project(access) as project:`` (or
    ``aio.Project.open``). Every method mirrors the sync one and runs its
    native calls on a bounded thread pool (:func:`storj_uplink.aio.set_max_workers`),
    so the event loop never waits on the network. Safe to share between tasks.
    Cancelling a task that awaits a short operation (a stat, a delete...)
    returns at once and lets the operation finish on its thread; transfers
    are stopped instead (see :class:`Upload`, :class:`Download`).
    """

    _sync_name = "storj_uplink.Project"

    def __init__(self, sync: SyncProject) -> None:
        self._sync: SyncProject = expect(sync, SyncProject, "project")

    @classmethod
    async def open(cls, access: Access, config: Optional[Config] = None) -> "Project":
        """Open the project of ``access`` (same as :func:`open_project`)."""
        return await open_project(access, config)

    @property
    def sync(self) -> SyncProject:
        """The synchronous project this wraps (shared: closing one closes both)."""
        return self._sync

    @property
    def closed(self) -> bool:
        """True once closed."""
        return self._sync.closed

    async def close(self) -> None:
        """Abort open uploads, close downloads and listings, then close (idempotent)."""
        await run_shielded(self._sync.close)

    async def __aenter__(self) -> "Project":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"<aio.Project {'closed' if self.closed else 'open'}>"

    def _checked(self) -> SyncProject:
        if self._sync.closed:
            from ..errors import ClosedError

            raise ClosedError("project is closed")
        return self._sync

    # ---- buckets -----------------------------------------------------------
    def bucket(self, name: str) -> Bucket:
        """A :class:`Bucket` bound to this project, without asking the network."""
        return Bucket(self, self._sync.bucket(name))

    async def stat_bucket(self, name: str) -> Bucket:
        """The bucket, or :class:`BucketNotFoundError`."""
        return Bucket(self, await run(self._checked().stat_bucket, name))

    async def create_bucket(self, name: str) -> Bucket:
        """Create a bucket (:class:`BucketAlreadyExistsError` if it exists)."""
        return Bucket(self, await run(self._checked().create_bucket, name))

    async def ensure_bucket(self, name: str) -> Bucket:
        """Create a bucket unless it exists."""
        return Bucket(self, await run(self._checked().ensure_bucket, name))

    async def delete_bucket(self, name: str, *, with_objects: bool = False) -> Bucket:
        """Delete a bucket; it must be empty unless ``with_objects`` is true."""
        sync = self._checked()
        return Bucket(self, await run(lambda: sync.delete_bucket(name, with_objects=with_objects)))

    def list_buckets(self, cursor: Optional[str] = None) -> Listing[Bucket]:
        """``async for bucket in project.list_buckets()``."""
        sync: Any = self._checked().list_buckets(cursor)  # a storj_uplink.Listing
        return Listing(sync, lambda b: Bucket(self, b))

    # ---- objects -----------------------------------------------------------
    async def stat_object(self, bucket: str, key: str) -> ObjectInfo:
        """The object's information, or :class:`ObjectNotFoundError`."""
        info: ObjectInfo = await run(self._checked().stat_object, bucket, key)
        return info

    async def delete_object(self, bucket: str, key: str) -> Optional[ObjectInfo]:
        """Delete an object; returns what was deleted (``None`` if nothing was)."""
        info: Optional[ObjectInfo] = await run(self._checked().delete_object, bucket, key)
        return info

    def list_objects(self, bucket: str, prefix: str = "", cursor: Optional[str] = None,
                     recursive: bool = False, system: bool = True,
                     custom: bool = False) -> Listing[ObjectInfo]:
        """``async for obj in project.list_objects(...)`` (options as in the sync API)."""
        return Listing(self._checked().list_objects(bucket, prefix, cursor, recursive, system,
                                                    custom))

    async def copy_object(self, bucket: str, key: str, new_bucket: str,
                          new_key: str) -> ObjectInfo:
        """Copy an object (server side); returns the new object's information."""
        info: ObjectInfo = await run(self._checked().copy_object, bucket, key, new_bucket,
                                     new_key)
        return info

    async def move_object(self, bucket: str, key: str, new_bucket: str, new_key: str) -> None:
        """Move (rename) an object, also across buckets."""
        await run(self._checked().move_object, bucket, key, new_bucket, new_key)

    async def update_object_metadata(self, bucket: str, key: str,
                                     metadata: Mapping[str, str]) -> None:
        """Replace an object's custom metadata."""
        await run(self._checked().update_object_metadata, bucket, key, metadata)

    async def revoke_access(self, access: Access) -> None:
        """Revoke an access grant derived (shared) from this project's API key."""
        expect(access, Access, "access")
        await run(self._checked().revoke_access, access)

    # ---- streams -----------------------------------------------------------
    def upload_object(self, bucket: str, key: str, expires: Optional[datetime] = None,
                      metadata: Optional[Mapping[str, str]] = None, *,
                      content_type: ContentType = AUTO) -> Opening[_upload.Upload]:
        """Start an upload: ``async with project.upload_object(b, k) as up: await up.write(..)``.

        Committed when the block ends normally, aborted on an exception or a
        cancellation. ``await project.upload_object(...)`` gives the stream itself.
        ``content_type`` as :meth:`storj_uplink.Project.upload_object`.
        """
        metadata = with_content_type(key, metadata, content_type)
        return Opening(_upload.start(self._checked(), bucket, key, expires, metadata))

    def download_object(self, bucket: str, key: str, offset: int = 0,
                        length: int = -1) -> Opening[_download.Download]:
        """Start a download: ``async with project.download_object(b, k) as down: ...``."""
        return Opening(_download.start(self._checked(), bucket, key, offset, length))
