"""The ctypes structures the binding returns, laid out as uplink-c defines them.

Code written for the ctypes binding read its results through ctypes: a
``*Result`` structure even when the call failed, ``result.error`` a
``POINTER(Error)`` (NULL, false in ``bool()``, on success), handles and
descriptions behind pointers (``access_result.access``,
``bucket_result.bucket.contents.name``), bytes for text and Unix seconds for
times. These are those structures, real ctypes ones.

Every structure here lives in memory Python owns: nothing in it must be freed.
The native values behind the handles (an access, a project, an upload, a
download) belong to the OO objects of :mod:`storj_uplink` that the results keep
alive (see :mod:`storj_uplink.binding.handles`).

The pointers are ctypes pointer types (``isinstance(result.bucket, POINTER(Bucket))``
holds) with two additions: a handle pointer's
``.oo`` is the :class:`storj_uplink.Access` (``Project``, ``Upload``,
``Download``) it stands for, and a bucket or object pointer also offers its
fields as plain attributes with text as ``str`` (``item.name`` beside
``item.contents.name``).
"""

from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional

__all__ = [
    "Error", "Access", "Project", "Upload", "Download", "SharePrefix",
    "Bucket", "SystemMetadata", "CustomMetadataEntryStruct", "CustomMetadataStruct", "Object",
    "AccessPointer", "ProjectPointer", "UploadPointer", "DownloadPointer",
    "BucketPointer", "ObjectPointer", "DataPointer",
    "AccessResult", "ShareResult", "ProjectResult", "BucketResult", "ObjectResult",
    "UploadResult", "DownloadResult", "WriteResult", "ReadResult", "StringResult",
    "error_pointer", "metadata_struct",
]

if TYPE_CHECKING:
    class _PointerBase(ctypes._Pointer[Any]):
        pass
else:
    _PointerBase = ctypes._Pointer


class Error(ctypes.Structure):
    """An uplink-c error: ``code`` (``ERROR_*``) and ``message`` (UTF-8 bytes)."""

    _fields_ = [("code", ctypes.c_int32), ("message", ctypes.c_char_p)]


#: ``POINTER(Error)``: the type of every result's ``error`` field.
ErrorPointer = ctypes.POINTER(Error)


def error_pointer(code: int, message: str) -> "ctypes._Pointer[Error]":
    """A pointer to a new :class:`Error` (kept alive by the pointer)."""
    return ErrorPointer(Error(code, message.encode("utf-8", "backslashreplace")))


# ---- handles ----------------------------------------------------------------------------
class _Handle(ctypes.Structure):
    _fields_ = [("_handle", ctypes.c_size_t)]


class Access(_Handle):
    """An access grant handle: ``_handle``, as in uplink-c's ``UplinkAccess``."""


class Project(_Handle):
    """A project handle (``UplinkProject``)."""


class Upload(_Handle):
    """An upload handle (``UplinkUpload``)."""


class Download(_Handle):
    """A download handle (``UplinkDownload``)."""


class _HandlePointer(_PointerBase):
    """A pointer to a handle; ``oo`` is the OO object it stands for (None once freed)."""

    @property
    def oo(self) -> Any:
        """The :mod:`storj_uplink` object behind this handle, or None (NULL, freed)."""
        from .handles import lookup  # handles imports this module
        return lookup(self)


class AccessPointer(_HandlePointer, ctypes.POINTER(Access)):  # type: ignore[misc]
    """``POINTER(Access)``; ``.oo`` is the :class:`storj_uplink.Access`."""

    _type_ = Access


class ProjectPointer(_HandlePointer, ctypes.POINTER(Project)):  # type: ignore[misc]
    """``POINTER(Project)``; ``.oo`` is the :class:`storj_uplink.Project`."""

    _type_ = Project


class UploadPointer(_HandlePointer, ctypes.POINTER(Upload)):  # type: ignore[misc]
    """``POINTER(Upload)``; ``.oo`` is the :class:`storj_uplink.Upload`."""

    _type_ = Upload


class DownloadPointer(_HandlePointer, ctypes.POINTER(Download)):  # type: ignore[misc]
    """``POINTER(Download)``; ``.oo`` is the :class:`storj_uplink.Download`."""

    _type_ = Download


class SharePrefix(ctypes.Structure):
    """A bucket and key prefix to share (``access_share`` also takes dicts)."""

    _fields_ = [("bucket", ctypes.c_char_p), ("prefix", ctypes.c_char_p)]


# ---- descriptions -----------------------------------------------------------------------
class Bucket(ctypes.Structure):
    """A bucket: ``name`` (bytes) and ``created`` (Unix seconds)."""

    _fields_ = [("name", ctypes.c_char_p), ("created", ctypes.c_int64)]


class SystemMetadata(ctypes.Structure):
    """An object's times (Unix seconds, 0: unset) and ``content_length`` in bytes."""

    _fields_ = [("created", ctypes.c_int64), ("expires", ctypes.c_int64),
                ("content_length", ctypes.c_int64)]


class CustomMetadataEntryStruct(ctypes.Structure):
    """One custom metadata pair as uplink-c lays it out: bytes and their lengths."""

    _fields_ = [("key", ctypes.c_char_p), ("key_length", ctypes.c_size_t),
                ("value", ctypes.c_char_p), ("value_length", ctypes.c_size_t)]


class CustomMetadataStruct(ctypes.Structure):
    """``count`` entries at ``entries`` (a ``POINTER(CustomMetadataEntryStruct)``)."""

    _fields_ = [("entries", ctypes.POINTER(CustomMetadataEntryStruct)),
                ("count", ctypes.c_size_t)]

    def to_dict(self) -> Dict[str, str]:
        """The metadata as a str → str dict.

        Each key and value is read as the ``c_char_p`` field gives it (up to a NUL
        byte) and cut to its length; a length beyond that is a :class:`ValueError`
        (never a read of memory past the field's bytes).
        """
        from .options import CustomMetadata  # options imports this module
        return CustomMetadata(entries=self.entries, count=self.count).to_dict()


def metadata_struct(metadata: Mapping[str, str]) -> CustomMetadataStruct:
    """A :class:`CustomMetadataStruct` holding (and keeping alive) a copy of ``metadata``."""
    pairs = [(k.encode("utf-8"), v.encode("utf-8")) for k, v in metadata.items()]
    array = (CustomMetadataEntryStruct * len(pairs))(
        *[CustomMetadataEntryStruct(k, len(k), v, len(v)) for k, v in pairs])
    entries = ctypes.cast(array, ctypes.POINTER(CustomMetadataEntryStruct)) if pairs else None
    return CustomMetadataStruct(entries, len(pairs))


class Object(ctypes.Structure):
    """An object (or, in a listing, a prefix): ``key`` (bytes), ``is_prefix``,
    ``system`` and ``custom`` metadata."""

    _fields_ = [("key", ctypes.c_char_p), ("is_prefix", ctypes.c_bool),
                ("system", SystemMetadata), ("custom", CustomMetadataStruct)]


class _DescriptionPointer(_PointerBase):
    """Fields of the pointed-to structure as plain attributes, bytes decoded to str."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or not self:  # NULL: nothing to read
            raise AttributeError(name)
        value = getattr(self.contents, name)
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


class BucketPointer(_DescriptionPointer, ctypes.POINTER(Bucket)):  # type: ignore[misc]
    """``POINTER(Bucket)``: ``item.contents.name`` is bytes, ``item.name`` a str."""

    _type_ = Bucket


class ObjectPointer(_DescriptionPointer, ctypes.POINTER(Object)):  # type: ignore[misc]
    """``POINTER(Object)``: ``obj.contents.key`` is bytes, ``obj.key`` a str."""

    _type_ = Object


class DataPointer(ctypes.POINTER(ctypes.c_uint8)):  # type: ignore[misc]
    """``LP_c_ubyte``: the bytes ``download_read`` read (``ctypes.string_at(data,
    read_result.bytes_read)``); ``bytes(data)`` gives them too."""

    _type_ = ctypes.c_uint8
    #: How many bytes ``download_read`` read there.
    length: int = 0

    def __bytes__(self) -> bytes:
        return ctypes.string_at(self, self.length) if self and self.length else b""


# ---- results ----------------------------------------------------------------------------
class _Result(ctypes.Structure):
    """The fields of a result hold the value; ``error`` is NULL or the error.

    A result also keeps the OO object of its handle alive (``_keep``): the handle
    is freed once the result, and every pointer taken from it, is gone.
    """

    _keep: Any = None


class AccessResult(_Result):
    """``access`` (an :class:`AccessPointer`) and ``error``."""

    _fields_ = [("access", AccessPointer), ("error", ErrorPointer)]


class ShareResult(AccessResult):
    """What ``access_share`` returns: the new ``access``, ``error``, and the grant
    serialized in ``string`` (bytes; None on failure)."""

    string: Optional[bytes] = None


class ProjectResult(_Result):
    """``project`` (a :class:`ProjectPointer`) and ``error``."""

    _fields_ = [("project", ProjectPointer), ("error", ErrorPointer)]


class BucketResult(_Result):
    """``bucket`` (a :class:`BucketPointer`) and ``error``."""

    _fields_ = [("bucket", BucketPointer), ("error", ErrorPointer)]


class ObjectResult(_Result):
    """``object`` (an :class:`ObjectPointer`, NULL when ``delete_object`` found none)
    and ``error``."""

    _fields_ = [("object", ObjectPointer), ("error", ErrorPointer)]


class UploadResult(_Result):
    """``upload`` (an :class:`UploadPointer`) and ``error``."""

    _fields_ = [("upload", UploadPointer), ("error", ErrorPointer)]


class DownloadResult(_Result):
    """``download`` (a :class:`DownloadPointer`) and ``error``."""

    _fields_ = [("download", DownloadPointer), ("error", ErrorPointer)]


class WriteResult(_Result):
    """``bytes_written`` by one ``upload_write``, and ``error``."""

    _fields_ = [("bytes_written", ctypes.c_size_t), ("error", ErrorPointer)]


class ReadResult(_Result):
    """``bytes_read`` by one ``download_read``, and ``error``."""

    _fields_ = [("bytes_read", ctypes.c_size_t), ("error", ErrorPointer)]


class StringResult(_Result):
    """``string`` (bytes: a serialized access grant) and ``error``."""

    _fields_ = [("string", ctypes.c_char_p), ("error", ErrorPointer)]
