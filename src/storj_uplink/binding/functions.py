"""The 26 functions of the documented binding, as a thin adapter over the OO API.

Return shapes (as documented): ``(result, error)``; ``error`` alone for
``close_project``, ``upload_commit``, ``upload_abort``, ``upload_set_custom_metadata``
and ``close_download``; ``(data, read_result, error)`` for ``download_read``.
``error`` is None on success, otherwise a :class:`BindingError` (a ``str`` with
``.code`` and ``.exception``), and the result is then None.

Failures are returned, never raised: errors uplink reports, values it would
reject (an invalid bucket name, a negative length...) and a handle that is
None (the result of a call that failed; code ``ERROR_INVALID_HANDLE``).
Arguments of the wrong *type* raise :class:`TypeError`, e.g. a result object
passed where its handle was expected (``open_project(access_result)`` instead of
``open_project(access_result.access)``) or an ``int`` as a bucket name.
"""

from __future__ import annotations

import ctypes
from typing import Any, Callable, List, Mapping, Optional, Tuple, Type, TypeVar, Union

from .._native import ffi
from ..access import Access
from ..config import Config as _OOConfig
from ..download import Download
from ..errors import InvalidHandleError, StorjError
from ..permission import Permission as _OOPermission
from ..permission import SharePrefix
from ..project import Project
from ..upload import Upload
from .options import (
    Config,
    CustomMetadata,
    DownloadOptions,
    ListBucketsOptions,
    ListObjectsOptions,
    Permission,
    UploadOptions,
    _integer,
    _metadata,
    _text,
    _time,
)
from .results import (
    EOF,
    ERROR_INVALID_HANDLE,
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
    UploadResult,
    WriteResult,
)

__all__ = [
    "request_access_with_passphrase", "config_request_access_with_passphrase", "open_project",
    "config_open_project", "close_project", "ensure_bucket", "stat_bucket", "create_bucket",
    "list_buckets", "delete_bucket", "stat_object", "list_objects", "delete_object",
    "upload_object", "upload_write", "upload_commit", "upload_abort",
    "upload_set_custom_metadata", "upload_info", "download_object", "download_read",
    "close_download", "download_info", "parse_access", "access_serialize", "access_share",
    "LibUplinkPy",
]

T = TypeVar("T")
H = TypeVar("H")
#: What most functions return: (result, None) or (None, error).
Outcome = Tuple[Optional[T], Optional[BindingError]]
ConfigLike = Union[Config, _OOConfig, None]
CustomMetadataLike = Union[CustomMetadata, Mapping[Any, Any], None]


# ---- the adapter's three pieces ------------------------------------------------------
def _pair(call: Callable[[], T]) -> Outcome[T]:
    try:
        return call(), None
    except (StorjError, ValueError) as exc:  # TypeError (a wrong argument type) propagates
        return None, BindingError(exc)


def _alone(call: Callable[[], object]) -> Optional[BindingError]:
    try:
        call()
    except (StorjError, ValueError) as exc:
        return BindingError(exc)
    return None


def _need(value: object, cls: Type[H], what: str) -> H:
    """The handle, or InvalidHandleError for None (reported), or TypeError."""
    if isinstance(value, cls):
        return value
    if value is None:
        raise InvalidHandleError(f"invalid {what}: None (did the call that made it fail?)",
                                 code=ERROR_INVALID_HANDLE)
    hint = f" (pass result.{what})" if hasattr(value, what) else ""
    raise TypeError(f"{what} must be a storj_uplink.{cls.__name__}{hint}, "
                    f"not {type(value).__name__}")


def _option(value: Optional[T], cls: Type[T], what: str) -> T:
    if value is None:
        return cls()
    if isinstance(value, cls):
        return value
    raise TypeError(f"{what} must be a {cls.__name__} or None, not {type(value).__name__}")


def _config(config: ConfigLike) -> Optional[_OOConfig]:
    if config is None or isinstance(config, _OOConfig):
        return config
    if isinstance(config, Config):
        return config.to_config()
    raise TypeError(f"config must be a Config or None, not {type(config).__name__}")


# ---- access -----------------------------------------------------------------------------
def request_access_with_passphrase(satellite: str, api_key: str,
                                   passphrase: str) -> Outcome[AccessResult]:
    """Request an access grant from a satellite (``id@host:port``) for an API key."""
    return _pair(lambda: AccessResult(Access.request(satellite, api_key, passphrase)))


def config_request_access_with_passphrase(config: ConfigLike, satellite: str, api_key: str,
                                          passphrase: str) -> Outcome[AccessResult]:
    """:func:`request_access_with_passphrase` with a :class:`Config` (None: defaults)."""
    return _pair(lambda: AccessResult(
        Access.request(satellite, api_key, passphrase, _config(config))))


def parse_access(serialized_access: Union[str, bytes]) -> Outcome[AccessResult]:
    """Parse a serialized access grant (``str``, or ``bytes`` as the ctypes binding took)."""
    return _pair(lambda: AccessResult(
        Access.parse(_text(serialized_access, "serialized access") or "")))


def access_serialize(access: Access) -> Outcome[StringResult]:
    """The access grant as a string, in ``result.string``."""
    return _pair(lambda: StringResult(_need(access, Access, "access").serialize()))


def _prefixes(shared_prefix: Any) -> List[SharePrefix]:
    if shared_prefix is None:
        return []
    if isinstance(shared_prefix, (str, bytes)) or not isinstance(shared_prefix, (list, tuple)):
        raise TypeError(f"shared prefixes must be a list of dicts, "
                        f"not {type(shared_prefix).__name__}")
    out = []
    for item in shared_prefix:
        if isinstance(item, SharePrefix):
            out.append(item)
        elif isinstance(item, dict) and "bucket" in item:
            out.append(SharePrefix(_text(item["bucket"], "share prefix bucket") or "",
                                   _text(item.get("prefix"), "share prefix") or ""))
        else:
            raise TypeError(f'a shared prefix must be a dict {{"bucket": ..., "prefix": ...}}, '
                            f"not {item!r}")
    return out


def access_share(access: Access, permission: Union[Permission, _OOPermission, None],
                 shared_prefix: Optional[List[Any]]) -> Outcome[ShareResult]:
    """A new access grant restricted to ``permission`` within ``shared_prefix`` (a list of
    ``{"bucket": ..., "prefix": ...}``; None or []: every bucket).

    The result has the new grant in ``.access`` and its serialized form in ``.string``.
    """
    def call() -> ShareResult:
        acc = _need(access, Access, "access")
        perm = permission if isinstance(permission, _OOPermission) else \
            _option(permission, Permission, "permission").to_permission()
        shared = acc.share(perm, *_prefixes(shared_prefix))
        return ShareResult(access=shared, string=shared.serialize())
    return _pair(call)


# ---- project ----------------------------------------------------------------------------
def open_project(access: Access) -> Outcome[ProjectResult]:
    """Open the project of an access grant (close it with :func:`close_project`)."""
    return _pair(lambda: ProjectResult(_need(access, Access, "access").open_project()))


def config_open_project(config: ConfigLike, access: Access) -> Outcome[ProjectResult]:
    """:func:`open_project` with a :class:`Config` (None: defaults)."""
    return _pair(lambda: ProjectResult(
        _need(access, Access, "access").open_project(_config(config))))


def close_project(project: Project) -> Optional[BindingError]:
    """Close a project (aborting its open uploads, closing its downloads)."""
    return _alone(lambda: _need(project, Project, "project").close())


# ---- buckets ----------------------------------------------------------------------------
def ensure_bucket(project: Project, bucket_name: str) -> Outcome[BucketResult]:
    """Create a bucket unless it exists."""
    return _pair(lambda: BucketResult(Bucket.from_oo(
        _need(project, Project, "project").ensure_bucket(bucket_name))))


def stat_bucket(project: Project, bucket_name: str) -> Outcome[BucketResult]:
    """Information about a bucket."""
    return _pair(lambda: BucketResult(Bucket.from_oo(
        _need(project, Project, "project").stat_bucket(bucket_name))))


def create_bucket(project: Project, bucket_name: str) -> Outcome[BucketResult]:
    """Create a bucket (an error if it exists)."""
    return _pair(lambda: BucketResult(Bucket.from_oo(
        _need(project, Project, "project").create_bucket(bucket_name))))


def delete_bucket(project: Project, bucket_name: str) -> Outcome[BucketResult]:
    """Delete an empty bucket; the result describes it."""
    return _pair(lambda: BucketResult(Bucket.from_oo(
        _need(project, Project, "project").delete_bucket(bucket_name))))


def list_buckets(project: Project,
                 list_bucket_options: Optional[ListBucketsOptions]) -> Outcome[List[Bucket]]:
    """All buckets (after ``options.cursor``) as a list of :class:`Bucket`."""
    def call() -> List[Bucket]:
        proj = _need(project, Project, "project")
        opts = _option(list_bucket_options, ListBucketsOptions, "list_bucket_options")
        return [Bucket.from_oo(b) for b in proj.list_buckets(_text(opts.cursor, "cursor") or None)]
    return _pair(call)


# ---- objects ----------------------------------------------------------------------------
def stat_object(project: Project, bucket_name: str, storj_path: str) -> Outcome[ObjectResult]:
    """Information about the object at a key."""
    return _pair(lambda: ObjectResult(Object.from_oo(
        _need(project, Project, "project").stat_object(bucket_name, storj_path))))


def list_objects(project: Project, bucket_name: str,
                 list_object_options: Optional[ListObjectsOptions]) -> Outcome[List[Object]]:
    """All objects matching the options as a list of :class:`Object`."""
    def call() -> List[Object]:
        proj = _need(project, Project, "project")
        opts = _option(list_object_options, ListObjectsOptions, "list_object_options")
        listing = proj.list_objects(
            bucket_name, prefix=_text(opts.prefix, "prefix") or "",
            cursor=_text(opts.cursor, "cursor") or None,
            recursive=bool(opts.recursive), system=bool(opts.system), custom=bool(opts.custom))
        return [Object.from_oo(info) for info in listing]
    return _pair(call)


def delete_object(project: Project, bucket_name: str, storj_path: str) -> Outcome[ObjectResult]:
    """Delete an object; ``result.object`` describes it (None if there was none)."""
    def call() -> ObjectResult:
        info = _need(project, Project, "project").delete_object(bucket_name, storj_path)
        return ObjectResult(None if info is None else Object.from_oo(info))
    return _pair(call)


# ---- uploads ----------------------------------------------------------------------------
def upload_object(project: Project, bucket_name: str, storj_path: str,
                  upload_options: Optional[UploadOptions]) -> Outcome[UploadResult]:
    """Start an upload; finish it with :func:`upload_commit` or :func:`upload_abort`."""
    def call() -> UploadResult:
        proj = _need(project, Project, "project")
        opts = _option(upload_options, UploadOptions, "upload_options")
        return UploadResult(proj.upload_object(bucket_name, storj_path,
                                               expires=_time(opts.expires, "expires")))
    return _pair(call)


def _ctypes_buffer(data: Any, length: int) -> Any:
    """A zero-copy view of ``length`` bytes at a ctypes pointer or array."""
    if isinstance(data, ctypes.Array):
        if length > ctypes.sizeof(data):
            raise ValueError(f"length {length} exceeds the {ctypes.sizeof(data)} bytes of data")
        address: Optional[int] = ctypes.addressof(data)
    else:
        address = ctypes.cast(data, ctypes.c_void_p).value
    if not address:
        raise ValueError("data is a NULL pointer")
    return ffi.buffer(ffi.cast("uint8_t *", address), length)


def upload_write(upload: Upload, data: Any, length: int) -> Outcome[WriteResult]:
    """Write ``length`` bytes of ``data`` without copying them.

    ``data`` is a ctypes ``POINTER(c_uint8)`` (or ``c_char_p``/``c_void_p``), whose
    ``length`` bytes must be readable, a ctypes array, or any bytes-like object.
    """
    def call() -> WriteResult:
        up = _need(upload, Upload, "upload")
        n = _integer(length, "length", minimum=0)
        if n == 0:
            return WriteResult(0)
        if isinstance(data, (ctypes._Pointer, ctypes.c_char_p, ctypes.c_void_p, ctypes.Array)):
            return WriteResult(up.write(_ctypes_buffer(data, n)))
        if isinstance(data, str):
            raise TypeError("data must be bytes-like or a ctypes pointer, not str")
        with memoryview(data) as view:  # TypeError if data is not bytes-like
            flat = view if view.ndim == 1 and view.format in ("B", "b", "c") else view.cast("B")
            with flat:
                if n > flat.nbytes:
                    raise ValueError(f"length {n} exceeds the {flat.nbytes} bytes of data")
                with flat[:n] as part:
                    return WriteResult(up.write(part))
    return _pair(call)


def upload_commit(upload: Upload) -> Optional[BindingError]:
    """Commit the upload (the object becomes visible) and free it."""
    return _alone(lambda: _need(upload, Upload, "upload").commit())


def upload_abort(upload: Upload) -> Optional[BindingError]:
    """Abort the upload and free it."""
    return _alone(lambda: _need(upload, Upload, "upload").abort())


def upload_set_custom_metadata(upload: Upload,
                               custom_metadata: CustomMetadataLike) -> Optional[BindingError]:
    """Set the custom metadata of the object being uploaded (a CustomMetadata or a dict)."""
    return _alone(lambda: _need(upload, Upload, "upload").set_custom_metadata(
        _metadata(custom_metadata)))


def upload_info(upload: Upload) -> Outcome[ObjectResult]:
    """Information about the object being (or just) uploaded."""
    return _pair(lambda: ObjectResult(Object.from_oo(_need(upload, Upload, "upload").info)))


# ---- downloads --------------------------------------------------------------------------
def download_object(project: Project, bucket_name: str, storj_path: str,
                    download_options: Optional[DownloadOptions]) -> Outcome[DownloadResult]:
    """Start a download; free it with :func:`close_download`."""
    def call() -> DownloadResult:
        proj = _need(project, Project, "project")
        opts = _option(download_options, DownloadOptions, "download_options")
        return DownloadResult(proj.download_object(bucket_name, storj_path,
                                                   offset=opts.offset, length=opts.length))
    return _pair(call)


def download_read(download: Download,
                  length: int) -> Tuple[bytes, ReadResult, Optional[BindingError]]:
    """Read up to ``length`` bytes: ``(data, ReadResult(bytes_read), error)``.

    ``data`` is ``bytes`` (``len(data) == read_result.bytes_read``). At the end of
    the object the error is ``"EOF"`` with code ``EOF``, as uplink-c reports it.
    On an error ``data`` is empty and ``read_result.bytes_read`` 0.
    """
    try:
        down = _need(download, Download, "download")
        n = _integer(length, "length", minimum=0)
        data = down.read(n) if n else b""
        if n and not data:
            raise StorjError("EOF", code=EOF)
    except (StorjError, ValueError) as exc:
        error = BindingError(exc)
        return b"", ReadResult(0, error), error
    return data, ReadResult(len(data)), None


def close_download(download: Download) -> Optional[BindingError]:
    """Close the download and free it."""
    return _alone(lambda: _need(download, Download, "download").close())


def download_info(download: Download) -> Outcome[ObjectResult]:
    """Information about the object being downloaded."""
    return _pair(lambda: ObjectResult(Object.from_oo(
        _need(download, Download, "download").info)))


class LibUplinkPy:
    """The binding's functions as methods: ``storj = LibUplinkPy()`` then
    ``storj.open_project(access)``, as code written for the ctypes binding does."""

    request_access_with_passphrase = staticmethod(request_access_with_passphrase)
    config_request_access_with_passphrase = staticmethod(config_request_access_with_passphrase)
    open_project = staticmethod(open_project)
    config_open_project = staticmethod(config_open_project)
    close_project = staticmethod(close_project)
    ensure_bucket = staticmethod(ensure_bucket)
    stat_bucket = staticmethod(stat_bucket)
    create_bucket = staticmethod(create_bucket)
    list_buckets = staticmethod(list_buckets)
    delete_bucket = staticmethod(delete_bucket)
    stat_object = staticmethod(stat_object)
    list_objects = staticmethod(list_objects)
    delete_object = staticmethod(delete_object)
    upload_object = staticmethod(upload_object)
    upload_write = staticmethod(upload_write)
    upload_commit = staticmethod(upload_commit)
    upload_abort = staticmethod(upload_abort)
    upload_set_custom_metadata = staticmethod(upload_set_custom_metadata)
    upload_info = staticmethod(upload_info)
    download_object = staticmethod(download_object)
    download_read = staticmethod(download_read)
    close_download = staticmethod(close_download)
    download_info = staticmethod(download_info)
    parse_access = staticmethod(parse_access)
    access_serialize = staticmethod(access_serialize)
    access_share = staticmethod(access_share)
