"""Project: the connection to a satellite project, and the home of every object operation."""

from __future__ import annotations

import threading
import weakref
from datetime import datetime
from typing import Any, Iterator, List, Mapping, Optional

from ._content_type import AUTO, ContentType, with_content_type
from ._log import logger
from ._native import bucket as _bucket
from ._native import ext_bucket as _ext_bucket
from ._native import ext_objects as _ext_objects
from ._native import fast as _fast
from ._native import multipart as _multipart
from ._native import objects as _objects
from ._native import project as _project
from ._native.convert import check_int, to_unix
from .access import Access
from .bucket import Bucket
from .config import Config
from .download import Download
from .errors import ClosedError
from .info import ObjectInfo, PartInfo, UploadInfo
from .listing import Listing
from .multipart import MultipartUpload, check_part_number
from .objectlock import Retention
from .project_ext import ProjectExtensions, listing_args, lock_args
from .upload import Upload

__all__ = ["Project"]


class Project(ProjectExtensions):
    """An open project. Safe to share between threads.

    Use it as a context manager (or call :meth:`close`): closing a project
    first ends what is still open on it -- pending uploads are aborted,
    downloads and listings closed -- then closes the connection.

    Each method mirrors the uplink-c function of the same name; the methods
    beyond uplink-c (versions, Object Lock, batch delete, bucket tags) come
    from :class:`~storj_uplink.project_ext.ProjectExtensions`.
    """

    def __init__(self, handle: Any, access: Access) -> None:
        self._handle = handle
        self._access = access
        self._children: "weakref.WeakSet[Any]" = weakref.WeakSet()
        self._lock = threading.Lock()

    @classmethod
    def open(cls, access: Access, config: Optional[Config] = None) -> "Project":
        """Open the project of ``access`` (same as ``access.open_project(config)``)."""
        if not isinstance(access, Access):
            raise TypeError(f"access must be an Access, not {type(access).__name__}")
        if config is not None and not isinstance(config, Config):
            raise TypeError(f"config must be a Config, not {type(config).__name__}")
        handle = _project.open_project(access._handle,
                                       None if config is None else config._to_c())
        logger.debug("project opened (config=%r)", config)
        return cls(handle, access)

    # ---- lifecycle ---------------------------------------------------------
    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return bool(self._handle.closed)

    def _adopt(self, child: Any) -> None:
        with self._lock:
            if self._handle.closed:
                raise ClosedError("project is closed")
            self._children.add(child)

    def _forget(self, child: Any) -> None:
        with self._lock:
            self._children.discard(child)

    def close(self) -> None:
        """Abort open uploads, close downloads and listings, then close. Idempotent.

        Closing also closes the idle connections the project kept for reuse. One
        that the satellite or a node had already hung up (a restart, an idle
        timeout) reports "use of closed network connection": that says nothing
        about any operation, so it is logged at debug level, not raised. Any
        other close error is raised.
        """
        self._close(uplink_c_errors=False)

    def _close(self, *, uplink_c_errors: bool) -> None:
        """:meth:`close`; with ``uplink_c_errors`` it calls uplink_close_project and raises
        every error that reports (the documented binding's close_project returns them all)."""
        with self._lock:
            if self._handle.closed:
                return
            children: List[Any] = list(self._children)
            self._children.clear()
        logger.debug("closing project (%d open streams/listings)", len(children))
        for child in children:
            try:
                child._close_for_project()
            except Exception:  # best effort: the project closing ends them all anyway
                pass
        only_closed_connections = False
        try:
            if uplink_c_errors:
                error = _project.close_project(self._handle)
            else:
                error, only_closed_connections = _project.close_project_ext(self._handle)
        except ClosedError:
            return
        finally:
            self._handle.close()
        if error is None:
            return
        if only_closed_connections:
            logger.debug("project closed; closing its idle connections reported: %s", error)
            return
        raise error

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Project {'closed' if self.closed else 'open'}>"

    # ---- buckets -----------------------------------------------------------
    def bucket(self, name: str) -> Bucket:
        """A :class:`Bucket` bound to this project, without asking the network."""
        if not isinstance(name, str):
            raise TypeError(f"bucket name must be a str, not {type(name).__name__}")
        return Bucket(self, name, None)

    def stat_bucket(self, name: str) -> Bucket:
        """The bucket, or :class:`BucketNotFoundError`."""
        return Bucket(self, *_bucket.stat_bucket(self._handle, name))

    def create_bucket(self, name: str, *, object_lock: bool = False) -> Bucket:
        """Create a bucket (:class:`BucketAlreadyExistsError` if it exists).

        ``object_lock=True`` enables Object Lock on it (which also enables versioning).
        """
        if not isinstance(object_lock, bool):
            raise TypeError("object_lock must be a bool")
        if object_lock:
            return Bucket(self, *_ext_bucket.create_bucket(self._handle, name, True))
        return Bucket(self, *_bucket.create_bucket(self._handle, name))

    def ensure_bucket(self, name: str) -> Bucket:
        """Create a bucket unless it exists."""
        return Bucket(self, *_bucket.ensure_bucket(self._handle, name))

    def delete_bucket(self, name: str, *, with_objects: bool = False,
                      bypass_governance: bool = False) -> Bucket:
        """Delete a bucket; it must be empty unless ``with_objects`` is true.

        ``bypass_governance`` (with ``with_objects``) also deletes objects under
        governance retention, if the access allows bypassing it.
        """
        if bypass_governance:
            if not with_objects:
                raise ValueError("bypass_governance needs with_objects=True")
            return Bucket(self, *_ext_bucket.delete_bucket_with_objects(self._handle, name, True))
        if with_objects:
            return Bucket(self, *_bucket.delete_bucket_with_objects(self._handle, name))
        return Bucket(self, *_bucket.delete_bucket(self._handle, name))

    def list_buckets(self, cursor: Optional[str] = None) -> Iterator[Bucket]:
        """A lazy iterator over the buckets (after ``cursor``, if given)."""
        handle = _bucket.list_buckets(self._handle, cursor)
        return Listing(self, handle, _bucket.bucket_iterator_next,
                       lambda t: Bucket(self, t[0], t[1]))

    # ---- objects -----------------------------------------------------------
    def stat_object(self, bucket: str, key: str, version: Optional[str] = None) -> ObjectInfo:
        """The object's information (of ``version``, default the latest), or
        :class:`ObjectNotFoundError`. With a version, the information carries
        the version, its Object Lock state and whether it is the latest."""
        if version is None:
            info = _objects.stat_object(self._handle, bucket, key)
        else:
            info = _ext_objects.stat_object(self._handle, bucket, key, version)
        assert info is not None
        return info

    def delete_object(self, bucket: str, key: str, version: Optional[str] = None, *,
                      bypass_governance: bool = False) -> Optional[ObjectInfo]:
        """Delete an object; returns what was deleted (``None`` if nothing was).

        Without ``version`` this deletes the latest version: in a versioned
        bucket that adds a delete marker and keeps the older versions (the
        returned information is then the marker's). With ``version``, that
        version is removed for good. ``bypass_governance`` deletes through a
        governance retention (the access must allow it); a version under
        compliance retention or legal hold raises :class:`ObjectLockedError`.
        """
        if version is None and not bypass_governance:
            return _objects.delete_object(self._handle, bucket, key)
        return _ext_objects.delete_object(self._handle, bucket, key, version,
                                          bypass_governance)

    def list_objects(self, bucket: str, prefix: str = "", cursor: Optional[str] = None,
                     recursive: bool = False, system: bool = True,
                     custom: bool = False) -> Listing[ObjectInfo]:
        """A lazy iterator over the objects of ``bucket`` under ``prefix``.

        Without ``recursive``, keys are listed one level deep and deeper
        "directories" come back as prefixes (``is_prefix``). A non-empty
        ``prefix`` must end with ``/`` (ValueError otherwise). ``cursor`` is a
        key from an earlier listing: the listing starts after it. Listings come
        in the order of the *encrypted* keys, not alphabetically.
        ``system``/``custom`` ask for system and custom metadata.
        """
        pre, cur = listing_args(prefix, cursor)
        handle = _objects.list_objects(self._handle, bucket, pre, cur, recursive, system, custom)
        return Listing(self, handle, _objects.object_iterator_next, lambda o: o,
                       _fast.ObjectPages(_objects.object_iterator_next))

    def copy_object(self, bucket: str, key: str, new_bucket: str, new_key: str,
                    version: Optional[str] = None) -> ObjectInfo:
        """Copy an object (``version`` of it, default the latest) server side;
        returns the new object's information."""
        if version is None:
            info = _objects.copy_object(self._handle, bucket, key, new_bucket, new_key)
        else:
            info = _ext_objects.copy_object(self._handle, bucket, key, version, new_bucket,
                                            new_key)
        assert info is not None
        return info

    def move_object(self, bucket: str, key: str, new_bucket: str, new_key: str) -> None:
        """Move (rename) an object, also across buckets."""
        _objects.move_object(self._handle, bucket, key, new_bucket, new_key)

    def update_object_metadata(self, bucket: str, key: str,
                               metadata: Mapping[str, str]) -> None:
        """Replace an object's custom metadata."""
        _objects.update_object_metadata(self._handle, bucket, key, metadata)

    def revoke_access(self, access: Access) -> None:
        """Revoke an access grant derived (shared) from this project's API key."""
        if not isinstance(access, Access):
            raise TypeError(f"access must be an Access, not {type(access).__name__}")
        _project.revoke_access(self._handle, access._handle)

    # ---- streams -----------------------------------------------------------
    def upload_object(self, bucket: str, key: str, expires: Optional[datetime] = None,
                      metadata: Optional[Mapping[str, str]] = None, *,
                      retention: Optional[Retention] = None, legal_hold: bool = False,
                      if_none_match: bool = False,
                      content_type: ContentType = AUTO) -> Upload:
        """Start an upload: a writable stream, committed when its ``with`` block ends.

        :param expires: a timezone-aware datetime after which the object is
            deleted, or ``None`` for never.
        :param metadata: custom metadata (str → str), set before commit.
        :param retention: lock the new version until a date (Object Lock buckets).
        :param legal_hold: put a legal hold on the new version (Object Lock buckets).
        :param if_none_match: refuse to overwrite: the commit raises
            :class:`ObjectAlreadyExistsError` if the key exists, leaving it untouched.
        :param content_type: stored as the ``content-type`` custom metadata the
            S3 gateway and linksharing serve: ``"auto"`` (default) guesses it
            from the key's extension, a MIME type string is kept as given,
            ``None`` stores none. A ``content-type`` in ``metadata`` wins.
        """
        lock = lock_args(retention, legal_hold, if_none_match)
        metadata = with_content_type(key, metadata, content_type)
        return Upload._start(self, bucket, key, to_unix(expires, "expires"), metadata, lock)

    def download_object(self, bucket: str, key: str, offset: int = 0,
                        length: int = -1, version: Optional[str] = None) -> Download:
        """Start a download of ``length`` bytes (-1: to the end) from ``offset``
        of ``version`` (default the latest).

        A negative ``offset`` counts from the end of the object (with
        ``length=-1``), like uplink's DownloadOptions.
        """
        check_int(offset, "offset", minimum=-(2**63))
        check_int(length, "length", minimum=-1)
        if offset < 0 and length != -1:
            raise ValueError("a negative offset (a suffix of the object) needs length=-1")
        return Download._start(self, bucket, key, offset, length, version)

    # ---- multipart uploads (storj_uplink.multipart) ---------------------------
    def begin_upload(self, bucket: str, key: str, expires: Optional[datetime] = None,
                     metadata: Optional[Mapping[str, str]] = None) -> MultipartUpload:
        """Start a multipart upload of ``key``: upload numbered parts, then commit.

        :param expires: a timezone-aware datetime after which the object is
            deleted, or ``None`` for never.
        :param metadata: custom metadata (str → str) for the object, applied
            when it is committed (uplink takes it at commit time).
        """
        return MultipartUpload._begin(self, bucket, key, to_unix(expires, "expires"), metadata)

    def resume_upload(self, bucket: str, key: str, upload_id: str) -> MultipartUpload:
        """The pending multipart upload ``upload_id`` of ``key`` (from :meth:`begin_upload`
        or :meth:`list_uploads`), to add parts to, commit or abort. Asks nothing of the network.
        """
        if self.closed:
            raise ClosedError("project is closed")
        return MultipartUpload(self, bucket, key, upload_id)

    def list_uploads(self, bucket: str, prefix: str = "", cursor: Optional[str] = None,
                     recursive: bool = False, system: bool = True,
                     custom: bool = False) -> Listing[UploadInfo]:
        """A lazy iterator over the pending multipart uploads of ``bucket`` under ``prefix``.

        The options work as in :meth:`list_objects`.
        """
        pre, cur = listing_args(prefix, cursor)
        handle = _multipart.list_uploads(self._handle, bucket, pre, cur, recursive, system, custom)
        return Listing(self, handle, _multipart.upload_iterator_next, lambda u: u)

    def list_upload_parts(self, bucket: str, key: str, upload_id: str,
                          cursor: int = 0) -> Listing[PartInfo]:
        """A lazy iterator over the parts uploaded so far, from part number ``cursor + 1``."""
        handle = _multipart.list_upload_parts(self._handle, bucket, key, upload_id,
                                              check_part_number(cursor))
        return Listing(self, handle, _multipart.part_iterator_next, lambda p: p)
