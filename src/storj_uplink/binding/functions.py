"""The 26 functions of the documented binding, as a thin adapter over the OO API.

They return what the ctypes binding returned: ``(result, error)``, ``error``
alone for ``close_project``, ``upload_commit``, ``upload_abort``,
``upload_set_custom_metadata`` and ``close_download``, and ``(data, read_result,
error)`` for ``download_read``. ``result`` is a ctypes structure of
:mod:`storj_uplink.binding.structs`, also when the call failed: then its
``error`` points to the uplink-c error (``result.error.contents.code``) and
``error`` is a :class:`BindingError` (a ``str`` with ``.code``); on success
``result.error`` is NULL and ``error`` None. ``list_buckets`` and
``list_objects`` return Python lists of ``POINTER(Bucket)`` / ``POINTER(Object)``
(None on failure).

Handles are passed as the results hold them (``access_result.access``, any copy
of that pointer) or as the OO objects (:class:`storj_uplink.Access`...). None, a
NULL pointer, a pointer to another kind of handle and a freed or closed handle
are reported as errors with code ``ERROR_INVALID_HANDLE``, as are values uplink
would reject (an invalid bucket name, a negative length). Arguments of the wrong
*type* raise :class:`TypeError`: a result passed where its handle was expected
(``open_project(access_result)``), an ``int`` as a bucket name.
"""

from __future__ import annotations

import ctypes
from typing import Any, Callable, List, Mapping, Optional, Tuple, Type, TypeVar, Union

from .._native import ffi
from .._writer import MAX_NATIVE_CALL
from ..access import Access as _OOAccess
from ..bucket import Bucket as _OOBucket
from ..config import Config as _OOConfig
from ..download import Download as _OODownload
from ..errors import StorjError
from ..info import ObjectInfo
from ..permission import Permission as _OOPermission
from ..permission import SharePrefix as _OOSharePrefix
from ..project import Project as _OOProject
from ..upload import Upload as _OOUpload
from .handles import pointer_to, resolve
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
    _unix,
)
from .results import EOF, BindingError
from .structs import (
    AccessPointer,
    AccessResult,
    Bucket,
    BucketPointer,
    BucketResult,
    DataPointer,
    DownloadPointer,
    DownloadResult,
    Object,
    ObjectPointer,
    ObjectResult,
    ProjectPointer,
    ProjectResult,
    ReadResult,
    SharePrefix,
    ShareResult,
    StringResult,
    SystemMetadata,
    UploadPointer,
    UploadResult,
    WriteResult,
    _HandlePointer,
    _Result,
    metadata_struct,
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

R = TypeVar("R", bound=_Result)
H = TypeVar("H")
#: What most functions return: the result structure and None, or it and the error.
Outcome = Tuple[R, Optional[BindingError]]
#: A handle argument: the pointer a result holds (or a copy), the OO object, or None.
HandleArg = Union["ctypes._Pointer[Any]", _OOAccess, _OOProject, _OOUpload, _OODownload, None]
ConfigLike = Union[Config, _OOConfig, None]
CustomMetadataLike = Union[CustomMetadata, Mapping[Any, Any], None]


# ---- the adapter's pieces -------------------------------------------------------------
def _pair(result_type: Type[R], call: Callable[[], R]) -> Outcome[R]:
    try:
        return call(), None
    except (StorjError, ValueError) as exc:  # TypeError (a wrong argument type) propagates
        err = BindingError(exc)
        failed = result_type()
        failed.error = err.pointer()
        return failed, err


def _alone(call: Callable[[], object]) -> Optional[BindingError]:
    try:
        call()
    except (StorjError, ValueError) as exc:
        return BindingError(exc)
    return None


def _listing(call: Callable[[], List[H]]) -> Tuple[Optional[List[H]], Optional[BindingError]]:
    try:
        return call(), None
    except (StorjError, ValueError) as exc:
        return None, BindingError(exc)


def _holding(result: R, oo: Any) -> R:
    """``result``, keeping the OO object of its handle alive as long as it lives."""
    result._keep = oo
    return result


def _access(value: HandleArg) -> _OOAccess:
    return resolve(value, _OOAccess, AccessPointer, "access")


def _project(value: HandleArg) -> _OOProject:
    return resolve(value, _OOProject, ProjectPointer, "project")


def _upload(value: HandleArg) -> _OOUpload:
    # an upload reports its own state after commit or abort (ERROR_UPLOAD_DONE)
    return resolve(value, _OOUpload, UploadPointer, "upload", closed_is_invalid=False)


def _download(value: HandleArg) -> _OODownload:
    return resolve(value, _OODownload, DownloadPointer, "download")


def _name(value: object, what: str) -> Any:
    """A bucket name or key: str, or UTF-8 bytes as the ctypes binding's callers had them."""
    return value if value is None else _text(value, what)


def _option(value: Optional[H], cls: Type[H], what: str) -> H:
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


def _bucket(bucket: _OOBucket) -> BucketPointer:
    return BucketPointer(Bucket(bucket.name.encode("utf-8"), _unix(bucket.created)))


def _object(info: ObjectInfo) -> ObjectPointer:
    system = SystemMetadata(_unix(info.created), _unix(info.expires), info.content_length)
    return ObjectPointer(Object(info.key.encode("utf-8"), info.is_prefix, system,
                                metadata_struct(info.metadata)))


def _with_handle(result_type: Type[R], oo: Any, pointer_type: Type[_HandlePointer]) -> R:
    return _holding(result_type(pointer_to(oo, pointer_type)), oo)


# ---- access -----------------------------------------------------------------------------
def request_access_with_passphrase(satellite: str, api_key: str,
                                   passphrase: str) -> Outcome[AccessResult]:
    """Request an access grant from a satellite (``id@host:port``) for an API key."""
    return _pair(AccessResult, lambda: _with_handle(AccessResult, _OOAccess.request(
        _name(satellite, "satellite"), _name(api_key, "api_key"),
        _name(passphrase, "passphrase")), AccessPointer))


def config_request_access_with_passphrase(config: ConfigLike, satellite: str, api_key: str,
                                          passphrase: str) -> Outcome[AccessResult]:
    """:func:`request_access_with_passphrase` with a :class:`Config` (None: defaults)."""
    return _pair(AccessResult, lambda: _with_handle(AccessResult, _OOAccess.request(
        _name(satellite, "satellite"), _name(api_key, "api_key"),
        _name(passphrase, "passphrase"), _config(config)), AccessPointer))


def parse_access(serialized_access: Union[str, bytes]) -> Outcome[AccessResult]:
    """Parse a serialized access grant (``bytes``, as the ctypes binding took, or ``str``)."""
    return _pair(AccessResult, lambda: _with_handle(AccessResult, _OOAccess.parse(
        _text(serialized_access, "serialized access") or ""), AccessPointer))


def access_serialize(access: HandleArg) -> Outcome[StringResult]:
    """The access grant serialized, as bytes in ``result.string``."""
    return _pair(StringResult, lambda: StringResult(_access(access).serialize().encode()))


def _share_prefix(item: Any) -> _OOSharePrefix:
    if isinstance(item, _OOSharePrefix):
        return item
    if isinstance(item, SharePrefix):
        return _OOSharePrefix(_text(item.bucket, "share prefix bucket") or "",
                              _text(item.prefix, "share prefix") or "")
    if isinstance(item, dict) and "bucket" in item:
        return _OOSharePrefix(_text(item["bucket"], "share prefix bucket") or "",
                              _text(item.get("prefix"), "share prefix") or "")
    raise TypeError(f'a shared prefix must be a dict {{"bucket": ..., "prefix": ...}} or a '
                    f"SharePrefix, not {item!r}")


def _prefixes(shared_prefix: Any) -> List[_OOSharePrefix]:
    if shared_prefix is None:
        return []
    if not isinstance(shared_prefix, (list, tuple, ctypes.Array)):
        raise TypeError(f"shared prefixes must be a list of dicts, "
                        f"not {type(shared_prefix).__name__}")
    return [_share_prefix(item) for item in shared_prefix]


def access_share(access: HandleArg, permission: Union[Permission, _OOPermission, None],
                 shared_prefix: Optional[List[Any]]) -> Outcome[ShareResult]:
    """A new access grant restricted to ``permission`` within ``shared_prefix`` (a list of
    ``{"bucket": ..., "prefix": ...}`` or :class:`SharePrefix`; None or []: every bucket).

    The result has the new grant in ``.access`` and, serialized, in ``.string`` (bytes).
    """
    def call() -> ShareResult:
        acc = _access(access)
        perm = permission if isinstance(permission, _OOPermission) else \
            _option(permission, Permission, "permission").to_permission()
        shared = acc.share(perm, *_prefixes(shared_prefix))
        result = _with_handle(ShareResult, shared, AccessPointer)
        result.string = shared.serialize().encode()
        return result
    return _pair(ShareResult, call)


# ---- project ----------------------------------------------------------------------------
def open_project(access: HandleArg) -> Outcome[ProjectResult]:
    """Open the project of an access grant (close it with :func:`close_project`)."""
    return _pair(ProjectResult, lambda: _with_handle(
        ProjectResult, _access(access).open_project(), ProjectPointer))


def config_open_project(config: ConfigLike, access: HandleArg) -> Outcome[ProjectResult]:
    """:func:`open_project` with a :class:`Config` (None: defaults)."""
    return _pair(ProjectResult, lambda: _with_handle(
        ProjectResult, _access(access).open_project(_config(config)), ProjectPointer))


def close_project(project: HandleArg) -> Optional[BindingError]:
    """Close a project and free it (aborting its open uploads, closing its downloads)."""
    # every error uplink_close_project reports, as the ctypes binding returned them
    return _alone(lambda: _project(project)._close(uplink_c_errors=True))


# ---- buckets ----------------------------------------------------------------------------
def _bucket_call(project: HandleArg, bucket_name: str, method: str) -> Outcome[BucketResult]:
    """``project.<method>(bucket_name)`` of the OO API, as a BucketResult."""
    return _pair(BucketResult, lambda: BucketResult(_bucket(
        getattr(_project(project), method)(_name(bucket_name, "bucket name")))))


def ensure_bucket(project: HandleArg, bucket_name: str) -> Outcome[BucketResult]:
    """Create a bucket unless it exists."""
    return _bucket_call(project, bucket_name, "ensure_bucket")


def stat_bucket(project: HandleArg, bucket_name: str) -> Outcome[BucketResult]:
    """Information about a bucket."""
    return _bucket_call(project, bucket_name, "stat_bucket")


def create_bucket(project: HandleArg, bucket_name: str) -> Outcome[BucketResult]:
    """Create a bucket (an error if it exists)."""
    return _bucket_call(project, bucket_name, "create_bucket")


def delete_bucket(project: HandleArg, bucket_name: str) -> Outcome[BucketResult]:
    """Delete an empty bucket; the result describes it."""
    return _bucket_call(project, bucket_name, "delete_bucket")


def list_buckets(project: HandleArg, list_bucket_options: Optional[ListBucketsOptions]
                 ) -> Tuple[Optional[List[BucketPointer]], Optional[BindingError]]:
    """All buckets (after ``options.cursor``): a list of ``POINTER(Bucket)``."""
    def call() -> List[BucketPointer]:
        proj = _project(project)
        opts = _option(list_bucket_options, ListBucketsOptions, "list_bucket_options")
        return [_bucket(b) for b in proj.list_buckets(_text(opts.cursor, "cursor") or None)]
    return _listing(call)


# ---- objects ----------------------------------------------------------------------------
def stat_object(project: HandleArg, bucket_name: str,
                storj_path: str) -> Outcome[ObjectResult]:
    """Information about the object at a key."""
    return _pair(ObjectResult, lambda: ObjectResult(_object(_project(project).stat_object(
        _name(bucket_name, "bucket name"), _name(storj_path, "key")))))


def list_objects(project: HandleArg, bucket_name: str,
                 list_object_options: Optional[ListObjectsOptions]
                 ) -> Tuple[Optional[List[ObjectPointer]], Optional[BindingError]]:
    """All objects matching the options: a list of ``POINTER(Object)``."""
    def call() -> List[ObjectPointer]:
        proj = _project(project)
        opts = _option(list_object_options, ListObjectsOptions, "list_object_options")
        listing = proj.list_objects(
            _name(bucket_name, "bucket name"), prefix=_text(opts.prefix, "prefix") or "",
            cursor=_text(opts.cursor, "cursor") or None,
            recursive=bool(opts.recursive), system=bool(opts.system), custom=bool(opts.custom))
        return [_object(info) for info in listing]
    return _listing(call)


def delete_object(project: HandleArg, bucket_name: str,
                  storj_path: str) -> Outcome[ObjectResult]:
    """Delete an object; ``result.object`` describes it (NULL if there was none)."""
    def call() -> ObjectResult:
        info = _project(project).delete_object(_name(bucket_name, "bucket name"),
                                               _name(storj_path, "key"))
        return ObjectResult() if info is None else ObjectResult(_object(info))
    return _pair(ObjectResult, call)


# ---- uploads ----------------------------------------------------------------------------
def upload_object(project: HandleArg, bucket_name: str, storj_path: str,
                  upload_options: Optional[UploadOptions]) -> Outcome[UploadResult]:
    """Start an upload; finish it with :func:`upload_commit` or :func:`upload_abort`."""
    def call() -> UploadResult:
        proj = _project(project)
        opts = _option(upload_options, UploadOptions, "upload_options")
        upload = proj.upload_object(_name(bucket_name, "bucket name"), _name(storj_path, "key"),
                                    expires=_time(opts.expires, "expires"),
                                    content_type=None)  # uplink-c sets no content type
        return _with_handle(UploadResult, upload, UploadPointer)
    return _pair(UploadResult, call)


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


def upload_write(upload: HandleArg, data: Any, length: int) -> Outcome[WriteResult]:
    """Write ``length`` bytes of ``data`` without copying them.

    ``data`` is a ctypes ``POINTER(c_uint8)`` (or ``c_char_p``/``c_void_p``), whose
    ``length`` bytes must be readable, a ctypes array, or any bytes-like object.
    """
    def call() -> WriteResult:
        up = _upload(upload)
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
    return _pair(WriteResult, call)


def upload_commit(upload: HandleArg) -> Optional[BindingError]:
    """Commit the upload (the object becomes visible) and free it."""
    return _alone(lambda: _upload(upload).commit())


def upload_abort(upload: HandleArg) -> Optional[BindingError]:
    """Abort the upload and free it."""
    return _alone(lambda: _upload(upload).abort())


def upload_set_custom_metadata(upload: HandleArg,
                               custom_metadata: CustomMetadataLike) -> Optional[BindingError]:
    """Set the custom metadata of the object being uploaded (a CustomMetadata, the
    ``custom`` of an object, or a dict)."""
    return _alone(lambda: _upload(upload).set_custom_metadata(_metadata(custom_metadata)))


def upload_info(upload: HandleArg) -> Outcome[ObjectResult]:
    """Information about the object being (or just) uploaded."""
    return _pair(ObjectResult, lambda: ObjectResult(_object(_upload(upload).info)))


# ---- downloads --------------------------------------------------------------------------
def download_object(project: HandleArg, bucket_name: str, storj_path: str,
                    download_options: Optional[DownloadOptions]) -> Outcome[DownloadResult]:
    """Start a download; free it with :func:`close_download`."""
    def call() -> DownloadResult:
        proj = _project(project)
        opts = _option(download_options, DownloadOptions, "download_options")
        download = proj.download_object(_name(bucket_name, "bucket name"),
                                        _name(storj_path, "key"),
                                        offset=opts.offset, length=opts.length)
        return _with_handle(DownloadResult, download, DownloadPointer)
    return _pair(DownloadResult, call)


def _data(buffer: "ctypes.Array[ctypes.c_uint8]", length: int) -> DataPointer:
    data = ctypes.cast(buffer, DataPointer)  # keeps the buffer alive
    data.length = length
    return data


def download_read(download: HandleArg,
                  length: int) -> Tuple[DataPointer, ReadResult, Optional[BindingError]]:
    """Read up to ``length`` bytes: ``(data, read_result, error)``.

    ``data`` is an ``LP_c_ubyte`` to ``read_result.bytes_read`` bytes:
    ``ctypes.string_at(data, read_result.bytes_read)`` (or ``bytes(data)``) gives
    them. At the end of the object the error is ``"EOF"`` with code ``EOF`` and
    ``bytes_read`` 0, as uplink-c reports it; on any error ``bytes_read`` is 0.
    """
    buffer = (ctypes.c_uint8 * 1)()
    try:
        down = _download(download)
        n = _integer(length, "length", minimum=0)
        if n:
            # one native read gives at most MAX_NATIVE_CALL bytes: no larger buffer needed
            buffer = (ctypes.c_uint8 * min(n, MAX_NATIVE_CALL))()
            got = down.readinto(buffer)
            if not got:
                raise StorjError("EOF", code=EOF)
        else:
            got = 0
    except (StorjError, ValueError) as exc:
        error = BindingError(exc)
        return _data(buffer, 0), ReadResult(0, error.pointer()), error
    return _data(buffer, got), ReadResult(got), None


def close_download(download: HandleArg) -> Optional[BindingError]:
    """Close the download and free it."""
    return _alone(lambda: _download(download).close())


def download_info(download: HandleArg) -> Outcome[ObjectResult]:
    """Information about the object being downloaded."""
    return _pair(ObjectResult, lambda: ObjectResult(_object(_download(download).info)))


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
