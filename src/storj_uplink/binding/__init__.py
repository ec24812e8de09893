"""The binding of the uplink-python era: 26 functions returning ``(result, error)``.

Code written for the ctypes binding (``from uplink_python.uplink import
LibUplinkPy, ...``) runs with its import line changed to::

    from storj_uplink.binding import LibUplinkPy, ListObjectsOptions, Permission, ...

    storj = LibUplinkPy()
    access_result, err = storj.request_access_with_passphrase(satellite, api_key, passphrase)
    if err is not None:
        print(err, err.code)
    project_result, err = storj.open_project(access_result.access)

The functions are also module-level (``binding.open_project(access)``). They are
a thin adapter over the object-oriented API: the handles in the results are
:class:`storj_uplink.Access`, :class:`~storj_uplink.Project`,
:class:`~storj_uplink.Upload` and :class:`~storj_uplink.Download` objects, so
code can move to that API one call at a time. Failures are returned, never
raised; a wrong argument *type* raises :class:`TypeError` (see
:mod:`storj_uplink.binding.functions`). ``docs/migration.md`` maps each
function to its OO equivalent and shows the one-line changes for code that used
ctypes internals (``.contents``, ``.decode()``).
"""

import ctypes as c  # noqa: F401  (the ctypes binding's README imported ``c`` from it)

from .functions import (
    LibUplinkPy,
    access_serialize,
    access_share,
    close_download,
    close_project,
    config_open_project,
    config_request_access_with_passphrase,
    create_bucket,
    delete_bucket,
    delete_object,
    download_info,
    download_object,
    download_read,
    ensure_bucket,
    list_buckets,
    list_objects,
    open_project,
    parse_access,
    request_access_with_passphrase,
    stat_bucket,
    stat_object,
    upload_abort,
    upload_commit,
    upload_info,
    upload_object,
    upload_set_custom_metadata,
    upload_write,
)
from .options import (
    Config,
    CustomMetadata,
    CustomMetadataEntry,
    DownloadOptions,
    ListBucketsOptions,
    ListObjectsOptions,
    Permission,
    UploadOptions,
)
from .results import (
    EOF,
    ERROR_BANDWIDTH_LIMIT_EXCEEDED,
    ERROR_BUCKET_ALREADY_EXISTS,
    ERROR_BUCKET_NAME_INVALID,
    ERROR_BUCKET_NOT_EMPTY,
    ERROR_BUCKET_NOT_FOUND,
    ERROR_CANCELED,
    ERROR_INTERNAL,
    ERROR_INVALID_HANDLE,
    ERROR_OBJECT_KEY_INVALID,
    ERROR_OBJECT_NOT_FOUND,
    ERROR_PERMISSION_DENIED,
    ERROR_SEGMENTS_LIMIT_EXCEEDED,
    ERROR_STORAGE_LIMIT_EXCEEDED,
    ERROR_TOO_MANY_REQUESTS,
    ERROR_UPLOAD_DONE,
    AccessResult,
    BindingError,
    Bucket,
    BucketResult,
    DownloadResult,
    Object,
    ObjectResult,
    ProjectResult,
    ReadResult,
    ShareResult,
    StringResult,
    SystemMetadata,
    UploadResult,
    WriteResult,
)

#: The 26 documented functions, in the order of the binding's documentation.
FUNCTIONS = (
    "request_access_with_passphrase", "config_request_access_with_passphrase", "open_project",
    "config_open_project", "close_project", "ensure_bucket", "stat_bucket", "create_bucket",
    "list_buckets", "delete_bucket", "stat_object", "list_objects", "delete_object",
    "upload_object", "upload_write", "upload_commit", "upload_abort",
    "upload_set_custom_metadata", "upload_info", "download_object", "download_read",
    "close_download", "download_info", "parse_access", "access_serialize", "access_share",
)

__all__ = [
    "request_access_with_passphrase", "config_request_access_with_passphrase", "open_project",
    "config_open_project", "close_project", "ensure_bucket", "stat_bucket", "create_bucket",
    "list_buckets", "delete_bucket", "stat_object", "list_objects", "delete_object",
    "upload_object", "upload_write", "upload_commit", "upload_abort",
    "upload_set_custom_metadata", "upload_info", "download_object", "download_read",
    "close_download", "download_info", "parse_access", "access_serialize", "access_share",
    "FUNCTIONS", "LibUplinkPy",
    "Config", "ListBucketsOptions", "ListObjectsOptions", "UploadOptions", "DownloadOptions",
    "Permission", "CustomMetadataEntry", "CustomMetadata",
    "BindingError", "AccessResult", "ShareResult", "ProjectResult", "BucketResult",
    "ObjectResult", "UploadResult", "DownloadResult", "WriteResult", "ReadResult",
    "StringResult", "Bucket", "Object", "SystemMetadata",
    "EOF", "ERROR_INTERNAL", "ERROR_CANCELED", "ERROR_INVALID_HANDLE", "ERROR_TOO_MANY_REQUESTS",
    "ERROR_BANDWIDTH_LIMIT_EXCEEDED", "ERROR_STORAGE_LIMIT_EXCEEDED",
    "ERROR_SEGMENTS_LIMIT_EXCEEDED", "ERROR_PERMISSION_DENIED", "ERROR_BUCKET_NAME_INVALID",
    "ERROR_BUCKET_ALREADY_EXISTS", "ERROR_BUCKET_NOT_EMPTY", "ERROR_BUCKET_NOT_FOUND",
    "ERROR_OBJECT_KEY_INVALID", "ERROR_OBJECT_NOT_FOUND", "ERROR_UPLOAD_DONE",
]
