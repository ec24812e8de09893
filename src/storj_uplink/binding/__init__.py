"""The binding of the uplink-python era: 26 functions returning ``(result, error)``.

Code written for the ctypes binding runs unchanged but for its import line::

    from storj_uplink.binding import LibUplinkPy, ListObjectsOptions, Permission, ...
    # or, as its hello_storj.py sample did:
    from storj_uplink.binding import *

    storj = LibUplinkPy()
    access_result, err = storj.request_access_with_passphrase(satellite, api_key, passphrase)
    if err is not None:
        print(err, err.code)
    project_result, err = storj.open_project(access_result.access)
    bucket_result, err = storj.delete_bucket(project_result.project, "my-bucket")
    if bool(bucket_result.error):
        if ERROR_BUCKET_NOT_EMPTY == bucket_result.error.contents.code:
            ...

The results are the ctypes structures that binding returned (see
:mod:`storj_uplink.binding.structs`), also on failure; every native value behind
them is freed exactly once, when the result is gone or by ``close_project``,
``upload_commit``, ``upload_abort`` and ``close_download``. The functions are
also module-level (``binding.open_project(access)``). They are a thin adapter
over the object-oriented API: ``access_result.access.oo`` is the
:class:`storj_uplink.Access` (likewise for projects, uploads and downloads), and
those objects are accepted wherever a handle is, so code can move to that API
one call at a time. Failures are returned, never raised; a wrong argument
*type* raises :class:`TypeError` (see :mod:`storj_uplink.binding.functions`).
``docs/migration.md`` maps each function to its OO equivalent.

As the ctypes binding's module did (``import os`` and ``from ctypes import *``),
a star import also brings ``os`` and the names of :mod:`ctypes` (``c_uint8``,
``cast``, ``POINTER``, ``string_at``...), which that era's code used unqualified.
"""

import ctypes as c  # the ctypes binding's README imported ``c`` (ctypes) from it
import os
from ctypes import *  # noqa: F403  (the ctypes binding's module did the same)

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
    BindingError,
)
from .structs import (
    Access,
    AccessResult,
    Bucket,
    BucketResult,
    Download,
    DownloadResult,
    Error,
    Object,
    ObjectResult,
    Project,
    ProjectResult,
    ReadResult,
    SharePrefix,
    ShareResult,
    StringResult,
    SystemMetadata,
    Upload,
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
    "SharePrefix", "BindingError", "Error", "AccessResult", "ShareResult", "ProjectResult",
    "BucketResult", "ObjectResult", "UploadResult", "DownloadResult", "WriteResult",
    "ReadResult", "StringResult", "Access", "Project", "Upload", "Download", "Bucket",
    "Object", "SystemMetadata",
    "EOF", "ERROR_INTERNAL", "ERROR_CANCELED", "ERROR_INVALID_HANDLE", "ERROR_TOO_MANY_REQUESTS",
    "ERROR_BANDWIDTH_LIMIT_EXCEEDED", "ERROR_STORAGE_LIMIT_EXCEEDED",
    "ERROR_SEGMENTS_LIMIT_EXCEEDED", "ERROR_PERMISSION_DENIED", "ERROR_BUCKET_NAME_INVALID",
    "ERROR_BUCKET_ALREADY_EXISTS", "ERROR_BUCKET_NOT_EMPTY", "ERROR_BUCKET_NOT_FOUND",
    "ERROR_OBJECT_KEY_INVALID", "ERROR_OBJECT_NOT_FOUND", "ERROR_UPLOAD_DONE",
]

# What ``from storj_uplink.binding import *`` also brings, as the ctypes binding's
# module did: ``os`` and every public name of ctypes.
__all__ += ["os", *sorted(n for n in vars(c) if not n.startswith("_") and n not in __all__)]
