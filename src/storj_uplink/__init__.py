"""storj_uplink: the Python SDK for the Storj decentralized object storage network.

A cffi binding of the uplink-c C API (implemented in Go over storj.io/uplink)
with an object-oriented API::

    import storj_uplink as sj

    access = sj.Access.request(satellite, api_key, passphrase)
    with access.open_project() as project:
        bucket = project.ensure_bucket("photos")
        bucket.put("cat.jpg", data)
        assert bucket.get("cat.jpg") == data
"""

from pathlib import Path as _Path

from ._shadow import check_not_shadowed as _check_not_shadowed

_check_not_shadowed(_Path(__file__).resolve().parent)

from typing import Any as _Any

from . import transfer_manager
from ._native import C_API_VERSION
from ._native import native_counts as _native_counts  # noqa: F401  (leak checks)
from ._native import universe_is_empty as _universe_is_empty  # noqa: F401  (leak checks)
from ._version import __version__
from .access import Access, AccessNotFoundError, EncryptionKey
from .bucket import Bucket
from .config import Config
from .download import Download
from .edge import EdgeCredentials, join_share_url, register_access
from .errors import (
    AccessGrantInvalidError,
    BandwidthLimitExceededError,
    BucketAlreadyExistsError,
    BucketNameInvalidError,
    BucketNotEmptyError,
    BucketNotFoundError,
    BucketTagInvalidError,
    CanceledError,
    ClosedError,
    ConcurrentUseError,
    EdgeAuthDialFailedError,
    EdgeError,
    EdgeRegisterAccessFailedError,
    InternalError,
    InvalidHandleError,
    LimitExceededError,
    MethodNotAllowedError,
    NotFoundError,
    ObjectAlreadyExistsError,
    ObjectKeyInvalidError,
    ObjectLockedError,
    ObjectLockInvalidError,
    ObjectLockNotEnabledError,
    ObjectNotFoundError,
    ObjectVersionInvalidError,
    PermissionDeniedError,
    PreconditionFailedError,
    SegmentsLimitExceededError,
    StorageLimitExceededError,
    StorjError,
    TooManyRequestsError,
    UnsupportedError,
    UploadDoneError,
)
from .info import (
    DeleteResult,
    DeleteStatus,
    ObjectInfo,
    PartInfo,
    ProjectInfo,
    UploadInfo,
    VersioningState,
)
from .listing import Listing
from .multipart import MultipartUpload, PartUpload
from .objectlock import DefaultRetention, ObjectLockConfiguration, Retention, RetentionMode
from .permission import Permission, SharePrefix
from .project import Project
from .upload import Upload

#: The uplink-c C API version the native core implements.
UPLINK_C_API_VERSION = C_API_VERSION


def __getattr__(name: str) -> _Any:
    """``STORJ_UPLINK_GO_VERSION``: the version of the Go library storj.io/uplink compiled
    into the native core. Reading it loads the native extension (importing does not)."""
    if name in ("STORJ_UPLINK_GO_VERSION", "GO_UPLINK_VERSION"):
        from ._native import core

        return core.GO_UPLINK_VERSION
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AccessNotFoundError",
    "__version__", "UPLINK_C_API_VERSION", "STORJ_UPLINK_GO_VERSION",
    "Access", "EncryptionKey", "Config", "Permission", "SharePrefix", "Project", "Bucket",
    "Upload", "Download", "Listing", "transfer_manager", "ObjectInfo", "UploadInfo", "PartInfo",
    "MultipartUpload", "PartUpload", "EdgeCredentials", "register_access", "join_share_url",
    "StorjError", "InternalError", "AccessGrantInvalidError", "CanceledError",
    "InvalidHandleError", "ClosedError",
    "ConcurrentUseError", "TooManyRequestsError", "LimitExceededError",
    "BandwidthLimitExceededError", "StorageLimitExceededError", "SegmentsLimitExceededError",
    "PermissionDeniedError", "BucketNameInvalidError", "BucketAlreadyExistsError",
    "BucketNotEmptyError", "NotFoundError", "BucketNotFoundError", "ObjectKeyInvalidError",
    "ObjectNotFoundError", "UploadDoneError", "EdgeError", "EdgeAuthDialFailedError",
    "EdgeRegisterAccessFailedError",
    # beyond uplink-c: versions, Object Lock, batch delete, conditional upload
    "DeleteResult", "DeleteStatus", "VersioningState", "ProjectInfo", "Retention",
    "RetentionMode", "DefaultRetention", "ObjectLockConfiguration", "ObjectLockedError",
    "PreconditionFailedError", "ObjectAlreadyExistsError", "ObjectLockNotEnabledError",
    "ObjectLockInvalidError", "ObjectVersionInvalidError", "BucketTagInvalidError",
    "MethodNotAllowedError", "UnsupportedError",
]
