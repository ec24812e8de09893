"""Bucket: a bucket name bound to its project, with the object operations as methods."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, BinaryIO, Dict, Iterable, List, Mapping, Optional, Union

from . import _small
from . import transfer as _transfer
from ._content_type import AUTO, ContentType, with_content_type
from .info import DeleteResult, ObjectInfo, UploadInfo, VersioningState
from .objectlock import DefaultRetention, ObjectLockConfiguration, Retention
from .retry import DEFAULT_RETRY, RetryPolicy

if TYPE_CHECKING:
    from .download import Download
    from .listing import Listing
    from .multipart import MultipartUpload
    from .project import Project
    from .project_ext import KeyOrVersion
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
               metadata: Optional[Mapping[str, str]] = None, *,
               retention: Optional[Retention] = None, legal_hold: bool = False,
               if_none_match: bool = False, content_type: ContentType = AUTO) -> "Upload":
        """Start an upload (see :meth:`Project.upload_object`; ``content_type``
        ``"auto"`` guesses it from the key, ``None`` stores none)."""
        return self.project.upload_object(self.name, key, expires, metadata,
                                          retention=retention, legal_hold=legal_hold,
                                          if_none_match=if_none_match, content_type=content_type)

    def download(self, key: str, offset: int = 0, length: int = -1,
                 version: Optional[str] = None) -> "Download":
        """Start a download (see :meth:`Project.download_object`)."""
        return self.project.download_object(self.name, key, offset, length, version)

    def stat(self, key: str, version: Optional[str] = None) -> ObjectInfo:
        """The object's information (of ``version``), or :class:`ObjectNotFoundError`."""
        return self.project.stat_object(self.name, key, version)

    def delete(self, key: str, version: Optional[str] = None, *,
               bypass_governance: bool = False) -> Optional[ObjectInfo]:
        """Delete an object or one version of it (see :meth:`Project.delete_object`)."""
        return self.project.delete_object(self.name, key, version,
                                          bypass_governance=bypass_governance)

    def list(self, prefix: str = "", cursor: Optional[str] = None, recursive: bool = False,
             system: bool = True, custom: bool = False) -> "Listing[ObjectInfo]":
        """A lazy iterator over the bucket's objects (see :meth:`Project.list_objects`)."""
        return self.project.list_objects(self.name, prefix, cursor, recursive, system, custom)

    def put(self, key: str, data: Any, *, metadata: Optional[Mapping[str, str]] = None,
            expires: Optional[datetime] = None, retention: Optional[Retention] = None,
            legal_hold: bool = False, if_none_match: bool = False,
            content_type: ContentType = AUTO) -> ObjectInfo:
        """Upload a small object from a bytes-like value in one call (options as
        :meth:`Project.upload_object`; ``content_type`` ``"auto"`` guesses it from the key)."""
        metadata = with_content_type(key, metadata, content_type)
        if retention is None and not legal_hold and not if_none_match:
            info = _small.put(self.project, self.name, key, data, metadata, expires)
            if info is not None:
                return info
        with self.upload(key, expires, metadata, retention=retention, legal_hold=legal_hold,
                         if_none_match=if_none_match, content_type=content_type) as upload:
            upload.write(data)
        return upload.info

    def get(self, key: str, version: Optional[str] = None) -> bytes:
        """Download a whole (small) object (``version`` of it) as bytes."""
        if version is None:
            return _small.get(self.project, self.name, key)
        with self.download(key, version=version) as download:
            return download.read()

    # ---- versions, batch delete, Object Lock, tags (beyond uplink-c) -----------------
    def list_versions(self, prefix: str = "", cursor: Optional[str] = None,
                      recursive: bool = False, system: bool = True,
                      custom: bool = False) -> "Listing[ObjectInfo]":
        """Every version of the objects (see :meth:`Project.list_object_versions`)."""
        return self.project.list_object_versions(self.name, prefix, cursor, recursive, system,
                                                 custom)

    def delete_objects(self, items: Iterable["KeyOrVersion"], *,
                       bypass_governance: bool = False) -> List[DeleteResult]:
        """Delete many objects at once (see :meth:`Project.delete_objects`)."""
        return self.project.delete_objects(self.name, items, bypass_governance=bypass_governance)

    @property
    def versioning(self) -> VersioningState:
        """The bucket's versioning state (asks the satellite)."""
        return self.project.get_bucket_versioning(self.name)

    def enable_versioning(self) -> None:
        """Keep every version of overwritten and deleted objects from now on."""
        self.project.set_bucket_versioning(self.name, True)

    def suspend_versioning(self) -> None:
        """Stop creating new versions (existing versions stay)."""
        self.project.set_bucket_versioning(self.name, False)

    @property
    def object_lock(self) -> ObjectLockConfiguration:
        """The bucket's Object Lock configuration (asks the satellite)."""
        return self.project.get_object_lock_configuration(self.name)

    def set_default_retention(self, default_retention: Optional[DefaultRetention]) -> None:
        """Set (None: remove) the default retention of new objects."""
        self.project.set_object_lock_configuration(self.name, default_retention)

    def get_retention(self, key: str, version: Optional[str] = None) -> Optional[Retention]:
        """An object's retention (see :meth:`Project.get_object_retention`)."""
        return self.project.get_object_retention(self.name, key, version)

    def set_retention(self, key: str, retention: Retention, version: Optional[str] = None, *,
                      bypass_governance: bool = False) -> None:
        """Place or change an object's retention (see :meth:`Project.set_object_retention`)."""
        self.project.set_object_retention(self.name, key, retention, version,
                                          bypass_governance=bypass_governance)

    def get_legal_hold(self, key: str, version: Optional[str] = None) -> bool:
        """Whether an object is under legal hold."""
        return self.project.get_object_legal_hold(self.name, key, version)

    def set_legal_hold(self, key: str, enabled: bool, version: Optional[str] = None) -> None:
        """Put or remove a legal hold on an object."""
        self.project.set_object_legal_hold(self.name, key, enabled, version)

    @property
    def tags(self) -> Dict[str, str]:
        """The bucket's tags (asks the satellite)."""
        return self.project.get_bucket_tags(self.name)

    def set_tags(self, tags: Mapping[str, str]) -> None:
        """Replace the bucket's tags."""
        self.project.set_bucket_tags(self.name, tags)

    @property
    def location(self) -> str:
        """The bucket's placement location (asks the satellite)."""
        return self.project.get_bucket_location(self.name)

    def __eq__(self, other: object) -> bool:
        # isinstance narrows on every mypy target; the exact type check keeps subclasses apart
        return (isinstance(other, Bucket) and type(other) is type(self)
                and other.project is self.project and other.name == self.name)

    def __hash__(self) -> int:
        return hash((id(self.project), self.name))

    def __repr__(self) -> str:
        created = self.created.isoformat() if self.created else None
        return f"{self._repr_name}(name={self.name!r}, created={created!r})"

    _repr_name = "Bucket"

    # ---- object management, multipart and whole-file transfers -----------------
    def copy(self, key: str, new_key: str, new_bucket: Optional[str] = None,
             version: Optional[str] = None) -> ObjectInfo:
        """Copy an object (``version`` of it) server-side to ``new_key`` (in
        ``new_bucket``, default this bucket)."""
        return self.project.copy_object(self.name, key, self._other(new_bucket), new_key,
                                        version)

    def move(self, key: str, new_key: str, new_bucket: Optional[str] = None) -> None:
        """Move (rename) an object to ``new_key`` (in ``new_bucket``, default this bucket)."""
        self.project.move_object(self.name, key, self._other(new_bucket), new_key)

    def update_metadata(self, key: str, metadata: Mapping[str, str]) -> None:
        """Replace an object's custom metadata (str → str)."""
        self.project.update_object_metadata(self.name, key, metadata)

    def _other(self, bucket: Optional[str]) -> str:
        return self.name if bucket is None else bucket

    def begin_upload(self, key: str, expires: Optional[datetime] = None,
                     metadata: Optional[Mapping[str, str]] = None) -> "MultipartUpload":
        """Start a multipart upload (see :meth:`Project.begin_upload`)."""
        return self.project.begin_upload(self.name, key, expires, metadata)

    def list_uploads(self, prefix: str = "", cursor: Optional[str] = None,
                     recursive: bool = False, system: bool = True,
                     custom: bool = False) -> "Listing[UploadInfo]":
        """A lazy iterator over the bucket's pending multipart uploads."""
        return self.project.list_uploads(self.name, prefix, cursor, recursive, system, custom)

    def upload_file(self, path_or_fileobj: Union[_transfer.PathLike, BinaryIO], key: str, *,
                    part_size: int = _transfer.DEFAULT_PART_SIZE,
                    concurrency: int = _transfer.DEFAULT_CONCURRENCY,
                    metadata: Optional[Mapping[str, str]] = None,
                    expires: Optional[datetime] = None,
                    progress: Optional[_transfer.ProgressCallback] = None,
                    retry: Optional[RetryPolicy] = DEFAULT_RETRY,
                    resume: bool = False, content_type: ContentType = AUTO) -> ObjectInfo:
        """Upload a whole file (a path or a binary file object) to ``key``, in parallel parts.

        Files of at most ``part_size`` bytes (and non-seekable sources) go
        through one streaming upload; larger ones through a multipart upload
        of ``part_size`` parts, ``concurrency`` at a time. A failure aborts
        everything: no object and no pending upload are left behind.
        ``progress(bytes_done, bytes_total)`` is called as bytes go out (from
        worker threads, in order); its last call reports the file's size.
        A part failing with a transient error is retried as ``retry`` says
        (:mod:`storj_uplink.retry`; ``None``: no retries). ``resume=True``
        continues a pending multipart upload of ``key`` (parts already there
        whole are skipped; another part size is a ValueError) and keeps the
        pending upload if this attempt fails too. ``content_type`` as
        :meth:`Project.upload_object` (``"auto"``: guessed from ``key``).
        See :mod:`storj_uplink.transfer` for the defaults and the memory bound.
        """
        return _transfer.upload_file(self.project, self.name, path_or_fileobj, key,
                                     part_size=part_size, concurrency=concurrency,
                                     metadata=metadata, expires=expires, progress=progress,
                                     retry=retry, resume=resume, content_type=content_type)

    def download_file(self, key: str, path_or_fileobj: Union[_transfer.PathLike, BinaryIO], *,
                      concurrency: int = _transfer.DEFAULT_CONCURRENCY,
                      part_size: int = _transfer.DEFAULT_PART_SIZE,
                      progress: Optional[_transfer.ProgressCallback] = None,
                      retry: Optional[RetryPolicy] = DEFAULT_RETRY,
                      resume: bool = False) -> ObjectInfo:
        """Download object ``key`` into a path or a binary file object; returns its information.

        A path is written through a temporary file in the same directory,
        filled by ``concurrency`` ranged downloads of ``part_size`` bytes and
        renamed over the path only on success (so a failure never leaves a
        partial file). A file object is written sequentially. A range failing
        with a transient error continues after a backoff (``retry``; ``None``:
        no retries). With ``resume=True`` (paths only) the partial file and a
        record of its finished ranges are kept on failure and continued by the
        next ``resume=True`` download of the same, unchanged object.
        """
        return _transfer.download_file(self.project, self.name, key, path_or_fileobj,
                                       concurrency=concurrency, part_size=part_size,
                                       progress=progress, retry=retry, resume=resume)
