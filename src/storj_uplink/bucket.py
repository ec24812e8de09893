"""Bucket: a bucket name bound to its project, with the object operations as methods."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, BinaryIO, Mapping, Optional, Union

from . import transfer as _transfer
from .info import ObjectInfo, UploadInfo
from .retry import DEFAULT_RETRY, RetryPolicy

if TYPE_CHECKING:
    from .download import Download
    from .listing import Listing
    from .multipart import MultipartUpload
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
        return (type(other) is type(self) and other.project is self.project
                and other.name == self.name)

    def __hash__(self) -> int:
        return hash((id(self.project), self.name))

    def __repr__(self) -> str:
        created = self.created.isoformat() if self.created else None
        return f"{self._repr_name}(name={self.name!r}, created={created!r})"

    _repr_name = "Bucket"

    # ---- object management, multipart and whole-file transfers -----------------
    def copy(self, key: str, new_key: str, new_bucket: Optional[str] = None) -> ObjectInfo:
        """Copy an object server-side to ``new_key`` (in ``new_bucket``, default this bucket)."""
        return self.project.copy_object(self.name, key, self._other(new_bucket), new_key)

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
                    resume: bool = False) -> ObjectInfo:
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
        pending upload if this attempt fails too.
        See :mod:`storj_uplink.transfer` for the defaults and the memory bound.
        """
        return _transfer.upload_file(self.project, self.name, path_or_fileobj, key,
                                     part_size=part_size, concurrency=concurrency,
                                     metadata=metadata, expires=expires, progress=progress,
                                     retry=retry, resume=resume)

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
