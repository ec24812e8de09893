"""The Project methods beyond uplink-c: versions, Object Lock, batch delete, bucket tags.

They use the extension C functions of ``go/include/uplink_ext.h`` (storj.io/uplink's
``private/object``, ``private/bucket`` and ``private/project`` packages).
:class:`~storj_uplink.Project` inherits them; see ``docs/concepts/versions-object-lock.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from ._native import ext_access as _ext_access
from ._native import ext_bucket as _ext_bucket
from ._native import ext_lock as _ext_lock
from ._native import ext_objects as _ext_objects
from ._native.convert import to_unix
from .info import DeleteResult, ObjectInfo, ProjectInfo, VersioningState
from .listing import Listing
from .objectlock import MODE_TO_C, DefaultRetention, ObjectLockConfiguration, Retention

if TYPE_CHECKING:
    from .access import Access

__all__ = ["ProjectExtensions", "DELETE_BATCH"]

#: Keys per DeleteObjects request (the satellite's limit); longer lists are split.
DELETE_BATCH = 1000

KeyOrVersion = Union[str, Tuple[str, Optional[str]], ObjectInfo]


def listing_args(prefix: str, cursor: Optional[str]) -> Tuple[Optional[str], Optional[str]]:
    """Checked (prefix, cursor) for uplink: the prefix ends with '/', and the cursor
    (a full key, as listings return them) is made relative to the prefix, as
    uplink expects it."""
    if not isinstance(prefix, str):
        raise TypeError(f"prefix must be a str, not {type(prefix).__name__}")
    if prefix and not prefix.endswith("/"):
        raise ValueError(f"a listing prefix must end with '/' (got {prefix!r}); "
                         "to filter by a partial name, list the parent and compare keys")
    if cursor is not None and not isinstance(cursor, str):
        raise TypeError(f"cursor must be a str or None, not {type(cursor).__name__}")
    if cursor is not None and prefix and cursor.startswith(prefix):
        cursor = cursor[len(prefix):]
    return prefix or None, cursor


def retention_to_c(retention: Optional[Retention]) -> Tuple[int, int]:
    """(C mode, retain-until seconds) of a retention to place (in the future); None → (0, 0)."""
    if retention is None:
        return 0, 0
    if not isinstance(retention, Retention):
        raise TypeError(f"retention must be a Retention or None, not {type(retention).__name__}")
    retention.check_future()
    return MODE_TO_C[retention.mode], to_unix(retention.retain_until, "retain_until")


def lock_args(retention: Optional[Retention], legal_hold: bool,
              if_none_match: bool) -> Optional[Tuple[Tuple[int, int], bool, bool]]:
    """The extension options of an upload, or None for a plain uplink-c upload."""
    for name, value in (("legal_hold", legal_hold), ("if_none_match", if_none_match)):
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be a bool")
    if retention is None and not legal_hold and not if_none_match:
        return None
    return retention_to_c(retention), legal_hold, if_none_match


def _delete_item(item: KeyOrVersion) -> Tuple[str, Optional[str]]:
    if isinstance(item, str):
        return item, None
    if isinstance(item, ObjectInfo):
        return item.key, item.version
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
        return item[0], item[1]
    raise TypeError(f"each item must be a key, a (key, version) pair or an ObjectInfo, "
                    f"not {item!r}")


class ProjectExtensions:
    """Mixin of :class:`~storj_uplink.Project`: the operations beyond uplink-c."""

    _handle: Any
    _access: "Access"

    # ---- versions and batch delete --------------------------------------------------
    def list_object_versions(self, bucket: str, prefix: str = "", cursor: Optional[str] = None,
                             recursive: bool = False, system: bool = True,
                             custom: bool = False) -> Listing[ObjectInfo]:
        """A lazy iterator over every version of the objects under ``prefix``
        (delete markers included), newest first within a key.

        Options as in :meth:`Project.list_objects`; each item carries
        ``version``, ``is_latest`` and ``is_delete_marker``. In a bucket that
        was never versioned, each object has exactly one version.
        """
        pre, cur = listing_args(prefix, cursor)
        handle = _ext_objects.list_object_versions(self._handle, bucket, pre, cur, recursive,
                                                   system, custom)
        return Listing(self, handle, _ext_objects.object_version_iterator_next,  # type: ignore
                       lambda o: o)

    def delete_objects(self, bucket: str, items: Iterable[KeyOrVersion], *,
                       bypass_governance: bool = False) -> List[DeleteResult]:
        """Delete many objects, :data:`DELETE_BATCH` per request; one result per item.

        ``items`` are keys (the latest version), ``(key, version)`` pairs or
        :class:`ObjectInfo` values (their version). A missing key is reported
        (``NOT_FOUND``), not raised; a locked version is ``LOCKED``.
        """
        if isinstance(items, (str, bytes)):
            raise TypeError("items must be an iterable of keys, not a single key")
        pairs = [_delete_item(item) for item in items]
        results: List[DeleteResult] = []
        for start in range(0, len(pairs), DELETE_BATCH):
            results += _ext_objects.delete_objects(self._handle, bucket,
                                                   pairs[start:start + DELETE_BATCH],
                                                   bypass_governance)
        return results

    # ---- Object Lock on objects ----------------------------------------------------------
    def get_object_retention(self, bucket: str, key: str,
                             version: Optional[str] = None) -> Optional[Retention]:
        """The retention of the object (``version``, default the latest); None if it has none."""
        return _ext_lock.get_object_retention(self._handle, bucket, key, version)

    def set_object_retention(self, bucket: str, key: str, retention: Retention,
                             version: Optional[str] = None, *,
                             bypass_governance: bool = False) -> None:
        """Place or change a retention. Lengthening is always allowed; shortening
        or changing a governance retention needs ``bypass_governance`` (and the
        permission); a compliance retention can never be shortened
        (:class:`ObjectLockedError`). ``retain_until`` must be in the future."""
        _ext_lock.set_object_retention(self._handle, bucket, key, version,
                                       retention_to_c(retention), bypass_governance)

    def get_object_legal_hold(self, bucket: str, key: str, version: Optional[str] = None) -> bool:
        """Whether the object (``version``, default the latest) is under legal hold."""
        return _ext_lock.get_object_legal_hold(self._handle, bucket, key, version)

    def set_object_legal_hold(self, bucket: str, key: str, enabled: bool,
                              version: Optional[str] = None) -> None:
        """Put (True) or remove (False) a legal hold: while on, the version cannot be deleted."""
        if not isinstance(enabled, bool):
            raise TypeError("enabled must be a bool")
        _ext_lock.set_object_legal_hold(self._handle, bucket, key, version, enabled)

    # ---- buckets ---------------------------------------------------------------------------
    def get_bucket_versioning(self, bucket: str) -> VersioningState:
        """The bucket's versioning state."""
        return VersioningState(_ext_bucket.get_bucket_versioning(self._handle, bucket))

    def set_bucket_versioning(self, bucket: str, enabled: bool) -> None:
        """Enable (True) or suspend (False) versioning of the bucket."""
        if not isinstance(enabled, bool):
            raise TypeError("enabled must be a bool")
        _ext_bucket.set_bucket_versioning(self._handle, bucket, enabled)

    def get_object_lock_configuration(self, bucket: str) -> ObjectLockConfiguration:
        """The bucket's Object Lock configuration
        (:class:`ObjectLockNotEnabledError` for a bucket without Object Lock)."""
        return _ext_bucket.get_object_lock_configuration(self._handle, bucket)

    def set_object_lock_configuration(self, bucket: str,
                                      default_retention: Optional[DefaultRetention]) -> None:
        """Set (or, with None, remove) the default retention of new objects of an
        Object Lock bucket."""
        if default_retention is not None and not isinstance(default_retention, DefaultRetention):
            raise TypeError("default_retention must be a DefaultRetention or None")
        _ext_bucket.set_object_lock_configuration(self._handle, bucket, True, default_retention)

    def get_bucket_tags(self, bucket: str) -> Dict[str, str]:
        """The bucket's tags (empty when it has none)."""
        return _ext_bucket.get_bucket_tags(self._handle, bucket)

    def set_bucket_tags(self, bucket: str, tags: Mapping[str, str]) -> None:
        """Replace the bucket's tags (an empty mapping removes them)."""
        if not isinstance(tags, Mapping):
            raise TypeError(f"tags must be a mapping of str to str, not {type(tags).__name__}")
        _ext_bucket.set_bucket_tags(self._handle, bucket, tags)

    def get_bucket_location(self, bucket: str) -> str:
        """The bucket's placement location ("" when it has none)."""
        return _ext_bucket.get_bucket_location(self._handle, bucket)

    def info(self) -> ProjectInfo:
        """The project's public id and creation time (asks the satellite)."""
        return _ext_access.project_info(self._access._handle)
