"""storj_uplink.binding without a network: options, conversions, the ctypes structures
it returns (uplink-c's layout, also on failure), handle pointers to the OO objects and
back, bad handles, types, and the zero-copy ctypes paths of upload_write and
download_read (the OO objects are mocked)."""

from __future__ import annotations

import array
import ctypes
import gc
import os
import weakref
from datetime import datetime, timezone
from unittest.mock import create_autospec

import pytest

import storj_uplink as sj
from storj_uplink import binding as b
from storj_uplink._native import ffi
from storj_uplink._native.core import NativeHandle
from storj_uplink.binding import functions, structs
from storj_uplink.binding.handles import pointer_to
from storj_uplink.project import Project

T0 = 1_600_000_000
DT0 = datetime.fromtimestamp(T0, tz=timezone.utc)


def address_of(buffer) -> int:
    return int(ffi.cast("uintptr_t", ffi.from_buffer(buffer)))


@pytest.fixture
def upload(mocker):
    """A mocked sj.Upload whose write records what it was given (and where it lives)."""
    up = mocker.create_autospec(sj.Upload, instance=True)
    up.calls = []

    def write(buf):
        up.calls.append((bytes(buf), address_of(buf)))
        return len(memoryview(buf))
    up.write.side_effect = write
    return up


@pytest.fixture
def project(mocker):
    return mocker.create_autospec(sj.Project, instance=True)


@pytest.fixture
def download(mocker):
    return mocker.create_autospec(sj.Download, instance=True)


@pytest.fixture
def access(mocker):
    return mocker.create_autospec(sj.Access, instance=True)


def assert_error(err, code=None):
    assert isinstance(err, b.BindingError) and isinstance(err, str) and err
    assert isinstance(err.exception, sj.StorjError)
    if code is not None:
        assert err.code == code == err.contents.code


# ---- the surface --------------------------------------------------------------------------
def test_the_26_functions_are_module_functions_and_methods():
    assert len(b.FUNCTIONS) == 26 and len(set(b.FUNCTIONS)) == 26
    storj = b.LibUplinkPy()
    for name in b.FUNCTIONS:
        fn = getattr(b, name)
        assert callable(fn) and fn.__doc__ and fn.__annotations__.get("return")
        assert getattr(storj, name) is fn  # the methods are the very same functions
        assert name in b.__all__


def test_public_names_have_docstrings():
    for name in b.__all__:
        obj = getattr(b, name)
        if name == "os" or getattr(ctypes, name, None) is obj:
            continue  # re-exported for star imports (see test_star_import_...)
        if isinstance(obj, type) or callable(obj):
            assert obj.__doc__, name


# ---- options ------------------------------------------------------------------------------
def test_options_no_argument_then_attributes():
    opts = b.ListObjectsOptions()
    assert (opts.prefix, opts.cursor, opts.recursive, opts.system, opts.custom) == \
        (None, None, False, False, False)
    opts.recursive = True
    opts.prefix = b"dir/"
    assert opts.recursive and opts.prefix == b"dir/"
    assert b.ListBucketsOptions().cursor is None
    assert b.UploadOptions().expires == 0
    assert (b.DownloadOptions().offset, b.DownloadOptions().length) == (0, -1)
    perm = b.Permission()
    perm.allow_list = True
    assert perm.to_permission() == sj.Permission(allow_list=True)


def test_options_keywords_named_after_the_go_fields():
    assert b.DownloadOptions(offset=0, length=-1) == b.DownloadOptions()
    assert b.UploadOptions(expires=0).expires == 0
    perm = b.Permission(allow_download=True, allow_upload=False, allow_list=True,
                        allow_delete=False, not_before=0, not_after=T0)
    assert perm.to_permission() == sj.Permission(allow_download=True, allow_list=True,
                                                 not_after=DT0)
    assert b.ListObjectsOptions(prefix="p/", recursive=True).recursive
    assert b.Config(user_agent="me", dial_timeout_milliseconds=1500).to_config() == \
        sj.Config(user_agent="me", dial_timeout=1.5)


def test_options_positional_in_field_order_like_ctypes_structures():
    assert b.DownloadOptions(5, 10) == b.DownloadOptions(offset=5, length=10)
    assert b.Permission(True, False, True).to_permission() == sj.Permission.read_only()


def test_config_conversion():
    assert b.Config().to_config() == sj.Config()
    cfg = b.Config(user_agent=b"agent", temp_directory=b"/tmp").to_config()
    assert cfg.user_agent == "agent" and cfg.temp_directory == "/tmp" and cfg.dial_timeout is None
    assert b.Config(user_agent=ctypes.c_char_p(b"ua")).to_config().user_agent == "ua"
    with pytest.raises(ValueError):
        b.Config(dial_timeout_milliseconds=-1).to_config()
    with pytest.raises(TypeError):
        b.Config(dial_timeout_milliseconds="10").to_config()
    with pytest.raises(TypeError):
        b.Config(user_agent=42).to_config()


def test_permission_times_and_flags():
    perm = b.Permission(allow_download=1, not_before=T0, not_after=DT0).to_permission()
    assert perm.allow_download is True and perm.not_before == DT0 == perm.not_after
    with pytest.raises(ValueError):
        b.Permission(not_before=-5).to_permission()
    with pytest.raises(ValueError):
        b.Permission(not_after=10**20).to_permission()
    with pytest.raises(TypeError):
        b.Permission(allow_list="yes").to_permission()
    with pytest.raises(TypeError):
        b.Permission(not_after=1.5).to_permission()


# ---- custom metadata ----------------------------------------------------------------------
def test_custom_metadata_entries_to_dict():
    md = b.CustomMetadata(entries=[
        b.CustomMetadataEntry(key="color", key_length=5, value="blue", value_length=4),
        b.CustomMetadataEntry(key=b"k\xc3\xa9", value=b"v"),            # bytes, whole length
        b.CustomMetadataEntry(key="truncated", key_length=5, value="xyz", value_length=1),
    ], count=3)
    assert md.to_dict() == {"color": "blue", "ké": "v", "trunc": "x"}
    assert b.CustomMetadata(entries=md.entries, count=1).to_dict() == {"color": "blue"}
    assert b.CustomMetadata(entries=md.entries).to_dict() == md.to_dict()  # count None: all
    assert b.CustomMetadata().to_dict() == {}


def test_custom_metadata_bad_values_and_types():
    entry = b.CustomMetadataEntry(key="k", value="v")
    with pytest.raises(ValueError):
        b.CustomMetadata(entries=[entry], count=2).to_dict()
    with pytest.raises(ValueError):
        b.CustomMetadata(entries=[b.CustomMetadataEntry(key="k", key_length=9)]).to_dict()
    with pytest.raises(ValueError):  # cut inside a UTF-8 sequence
        b.CustomMetadata(entries=[b.CustomMetadataEntry(key="é", key_length=1)]).to_dict()
    with pytest.raises(TypeError):
        b.CustomMetadata(entries=[{"key": "k"}]).to_dict()
    with pytest.raises(TypeError):
        b.CustomMetadata(entries=[b.CustomMetadataEntry(key=5)]).to_dict()


def test_custom_metadata_round_trip_from_dict():
    md = b.CustomMetadata.from_dict({"a": "1", "ké": "välue"})
    assert md.count == 2
    assert [(e.key, e.key_length, e.value, e.value_length) for e in md.entries] == \
        [("a", 1, "1", 1), ("ké", 3, "välue", 6)]
    assert md.to_dict() == {"a": "1", "ké": "välue"}


@pytest.mark.parametrize("given, expected", [
    ({"a": "1"}, {"a": "1"}),
    ({b"a": b"1"}, {"a": "1"}),
    (None, {}),
    (b.CustomMetadata([b.CustomMetadataEntry(key="x", value="y")], 1), {"x": "y"}),
])
def test_upload_set_custom_metadata_accepts_dicts_and_custom_metadata(upload, given, expected):
    assert b.upload_set_custom_metadata(upload, given) is None
    upload.set_custom_metadata.assert_called_once_with(expected)


def test_upload_set_custom_metadata_reports_bad_values_and_raises_on_types(upload):
    bad = b.CustomMetadata([b.CustomMetadataEntry(key="k", value="v")], count=5)
    err = b.upload_set_custom_metadata(upload, bad)
    assert_error(err)
    assert isinstance(err.exception.__cause__, ValueError)
    upload.set_custom_metadata.assert_not_called()
    with pytest.raises(TypeError):
        b.upload_set_custom_metadata(upload, [("k", "v")])
    upload.set_custom_metadata.side_effect = sj.UploadDoneError("upload was already committed")
    assert_error(b.upload_set_custom_metadata(upload, {}), b.ERROR_UPLOAD_DONE)


# ---- results: ctypes structures with uplink-c's layout ------------------------------------
LAYOUTS = {  # binding structure -> the uplink-c structure it mirrors (cffi knows its layout)
    b.Error: "UplinkError", b.Access: "UplinkAccess", b.Project: "UplinkProject",
    b.Upload: "UplinkUpload", b.Download: "UplinkDownload", b.SharePrefix: "UplinkSharePrefix",
    b.Bucket: "UplinkBucket", b.SystemMetadata: "UplinkSystemMetadata",
    structs.CustomMetadataEntryStruct: "UplinkCustomMetadataEntry",
    structs.CustomMetadataStruct: "UplinkCustomMetadata", b.Object: "UplinkObject",
    b.AccessResult: "UplinkAccessResult", b.ProjectResult: "UplinkProjectResult",
    b.BucketResult: "UplinkBucketResult", b.ObjectResult: "UplinkObjectResult",
    b.UploadResult: "UplinkUploadResult", b.DownloadResult: "UplinkDownloadResult",
    b.WriteResult: "UplinkWriteResult", b.ReadResult: "UplinkReadResult",
    b.StringResult: "UplinkStringResult",
}


@pytest.mark.parametrize("struct", list(LAYOUTS), ids=lambda s: s.__name__)
def test_structures_have_the_uplink_c_layout(struct):
    c_name = LAYOUTS[struct]
    assert issubclass(struct, ctypes.Structure)
    assert [name for name, _ in struct._fields_] == [f for f, _ in ffi.typeof(c_name).fields]
    assert ctypes.sizeof(struct) == ffi.sizeof(c_name)
    for name, _ in struct._fields_:
        assert getattr(struct, name).offset == ffi.offsetof(c_name, name), name


def test_result_fields_are_pointers_to_the_right_structures():
    for result, field, target in [
            (b.AccessResult, "access", b.Access), (b.ProjectResult, "project", b.Project),
            (b.UploadResult, "upload", b.Upload), (b.DownloadResult, "download", b.Download),
            (b.BucketResult, "bucket", b.Bucket), (b.ObjectResult, "object", b.Object)]:
        value = getattr(result(), field)
        assert isinstance(value, ctypes.POINTER(target)) and value._type_ is target
        assert not value  # NULL
        error = result().error
        assert isinstance(error, ctypes.POINTER(b.Error)) and not error
    assert b.ShareResult().string is None and issubclass(b.ShareResult, b.AccessResult)
    assert (b.WriteResult().bytes_written, b.ReadResult().bytes_read) == (0, 0)
    assert b.StringResult().string is None


def test_object_description_from_object_info():
    info = sj.ObjectInfo(key="a/b", content_length=7, created=DT0, expires=None,
                         metadata={"ké": "v", "k2": "v\0w"})
    obj = functions._object(info)
    assert isinstance(obj, ctypes.POINTER(b.Object))
    c = obj.contents
    assert (c.key, c.is_prefix) == (b"a/b", False)
    assert (c.system.created, c.system.expires, c.system.content_length) == (T0, 0, 7)
    assert c.custom.count == 2
    entry = c.custom.entries[0]
    assert (entry.key, entry.key_length, entry.value, entry.value_length) == \
        ("ké".encode(), 3, b"v", 1)
    second = c.custom.entries[1]  # a NUL inside: c_char_p stops there, the length does not
    address = ctypes.c_void_p.from_buffer(
        second, structs.CustomMetadataEntryStruct.value.offset).value
    assert second.value == b"v" and second.value_length == 3
    assert ctypes.string_at(address, second.value_length) == b"v\0w"
    with pytest.raises(ValueError):  # never read past what the c_char_p gives
        c.custom.to_dict()
    c.custom.count = 1
    assert c.custom.to_dict() == {"ké": "v"}
    # the same object, as plain attributes with str text
    assert (obj.key, obj.is_prefix, obj.system.content_length) == ("a/b", False, 7)
    assert obj.custom.to_dict() == {"ké": "v"} and obj.custom.count == 1
    prefix = functions._object(sj.ObjectInfo(key="p/", is_prefix=True)).contents
    assert prefix.is_prefix and prefix.system.created == 0 and prefix.custom.count == 0
    assert not prefix.custom.entries and prefix.custom.to_dict() == {}


def test_bucket_description_from_bucket(project):
    desc = functions._bucket(sj.Bucket(project, "photos", DT0))
    assert (desc.contents.name, desc.contents.created) == (b"photos", T0)
    assert (desc.name, desc.created) == ("photos", T0)
    assert datetime.fromtimestamp(desc.contents.created, tz=timezone.utc) == DT0
    assert functions._bucket(sj.Bucket(project, "x", None)).contents.created == 0
    with pytest.raises(AttributeError):
        getattr(desc, "no_such_field")  # noqa: B009
    with pytest.raises(AttributeError):  # NULL: no fields to read
        getattr(b.BucketResult().bucket, "name")  # noqa: B009


def test_results_keep_their_memory_after_every_other_reference_is_gone():
    info = sj.ObjectInfo(key="kept", content_length=3, created=DT0, metadata={"m": "n"})
    result = b.ObjectResult(functions._object(info))
    custom = result.object.contents.custom
    obj = result.object
    del result, info
    gc.collect()
    garbage = [bytes(1000) for _ in range(1000)]  # reuse what was freed, if anything was
    assert obj.contents.key == b"kept" and obj.contents.custom.entries[0].value == b"n"
    assert custom.entries[0].key == b"m" and custom.count == 1
    del garbage


def test_binding_error_is_a_str_with_code_exception_and_contents():
    exc = sj.BucketNotFoundError("bucket not found: ph", code=b.ERROR_BUCKET_NOT_FOUND)
    err = b.BindingError(exc)
    assert err == "bucket not found: ph" and isinstance(err, str) and bool(err)
    assert err.code == b.ERROR_BUCKET_NOT_FOUND and err.exception is exc
    assert (err.contents.code, err.contents.message) == (b.ERROR_BUCKET_NOT_FOUND,
                                                         b"bucket not found: ph")
    assert err.pointer().contents.message == str(err).encode("utf-8")
    assert repr(err) == "BindingError('bucket not found: ph', code=19)"
    plain = b.BindingError(ValueError("length must be between 0 and 10, not -1"))
    assert plain.code == b.ERROR_INTERNAL == plain.contents.code  # uplink-c's catch-all
    assert isinstance(plain.exception.__cause__, ValueError)
    assert b.BindingError(sj.ClosedError("download is closed")).code == b.ERROR_INVALID_HANDLE
    unicode = b.BindingError(sj.StorjError("ké \ud800"))
    assert unicode.contents.message == b"k\xc3\xa9 \\ud800"  # never an encoding error


def test_error_constants_are_the_uplink_c_codes():
    for name, code in sj.errors.ERROR_CODES.items():
        if name.startswith("UPLINK_"):
            assert getattr(b, name[len("UPLINK_"):]) == code
    assert b.EOF == -1


def test_star_import_brings_what_the_ctypes_module_did():
    names: dict = {}
    exec("from storj_uplink.binding import *", names)
    for name in ("LibUplinkPy", "ListObjectsOptions", "Permission", "ERROR_BUCKET_NOT_EMPTY",
                 "Bucket", "Object", "Access", "Error", "os", "c_uint8", "c_int32", "cast",
                 "POINTER", "string_at", "Structure", "byref", "c_char_p", "c_size_t"):
        assert name in names, name
    assert names["os"] is os and names["string_at"] is ctypes.string_at
    assert names["Bucket"] is b.Bucket  # the binding's structure, not a ctypes name


# ---- error paths: a result structure with its error, and the error string ------------------
def assert_failed(outcome, code):
    result, err = outcome
    assert isinstance(result, ctypes.Structure) and bool(result.error)
    assert_error(err, code)
    assert result.error.contents.code == code == err.code
    assert result.error.contents.message.decode("utf-8") == err
    return result, err


def test_parse_access_garbage_returns_the_result_and_an_error():
    code = b.parse_access("garbage")[1].code  # uplink's code (or the one of its class)
    assert isinstance(code, int) and code != b.ERROR_INVALID_HANDLE
    result, err = assert_failed(b.parse_access("garbage"), code)
    assert isinstance(result, b.AccessResult) and not result.access
    result2, err2 = b.LibUplinkPy().parse_access(b"garbage")  # bytes, as ctypes code passed
    assert not result2.access and err2 == err


def test_values_uplink_would_reject_are_returned_not_raised():
    result, err = assert_failed(b.parse_access("nul\0inside"), b.ERROR_INTERNAL)
    assert "NUL" in err and "NUL" in result.error.contents.message.decode()


NONE_HANDLE_CALLS = {
    "open_project": lambda h: b.open_project(h),
    "config_open_project": lambda h: b.config_open_project(None, h),
    "ensure_bucket": lambda h: b.ensure_bucket(h, "b"),
    "stat_bucket": lambda h: b.stat_bucket(h, "b"),
    "create_bucket": lambda h: b.create_bucket(h, "b"),
    "delete_bucket": lambda h: b.delete_bucket(h, "b"),
    "stat_object": lambda h: b.stat_object(h, "b", "k"),
    "delete_object": lambda h: b.delete_object(h, "b", "k"),
    "upload_object": lambda h: b.upload_object(h, "b", "k", None),
    "upload_write": lambda h: b.upload_write(h, b"abc", 3),
    "upload_info": lambda h: b.upload_info(h),
    "download_object": lambda h: b.download_object(h, "b", "k", None),
    "download_info": lambda h: b.download_info(h),
    "access_serialize": lambda h: b.access_serialize(h),
    "access_share": lambda h: b.access_share(h, None, None),
}
NONE_HANDLE_LISTS = {
    "list_buckets": lambda h: b.list_buckets(h, None),
    "list_objects": lambda h: b.list_objects(h, "b", None),
}
NONE_HANDLE_ALONE = {
    "close_project": lambda h: b.close_project(h),
    "upload_commit": lambda h: b.upload_commit(h),
    "upload_abort": lambda h: b.upload_abort(h),
    "upload_set_custom_metadata": lambda h: b.upload_set_custom_metadata(h, {}),
    "close_download": lambda h: b.close_download(h),
}
HANDLE_KIND = {"open_project": b.Access, "config_open_project": b.Access,
               "access_serialize": b.Access, "access_share": b.Access,
               "upload_write": b.Upload, "upload_info": b.Upload, "upload_commit": b.Upload,
               "upload_abort": b.Upload, "upload_set_custom_metadata": b.Upload,
               "download_info": b.Download, "close_download": b.Download}


def bad_handles(name):
    """None, NULL pointers of the right kind, pointers to another kind of handle or to
    another result's structure, and a handle number nobody gave out: each must give an
    error, never a crash."""
    kind = HANDLE_KIND.get(name, b.Project)
    other = b.Project if kind is not b.Project else b.Access
    return [None, ctypes.POINTER(kind)(), ctypes.cast(None, ctypes.POINTER(kind)),
            ctypes.pointer(other(1)), ctypes.pointer(kind(10**9)),
            functions._bucket(sj.Bucket(None, "b", None)),  # a pointer from another result
            b.download_read(None, 1)[0]]                     # an LP_c_ubyte


@pytest.mark.parametrize("name", sorted(NONE_HANDLE_CALLS))
def test_a_bad_handle_is_an_error_in_the_result_structure(name):
    for handle in bad_handles(name):
        result, _err = assert_failed(NONE_HANDLE_CALLS[name](handle), b.ERROR_INVALID_HANDLE)
        value = next(getattr(result, f) for f, _ in result._fields_ if f != "error")
        assert not value  # NULL, or 0 bytes written


@pytest.mark.parametrize("name", sorted(NONE_HANDLE_LISTS))
def test_a_bad_handle_is_an_error_for_a_listing(name):
    for handle in bad_handles(name):
        listed, err = NONE_HANDLE_LISTS[name](handle)
        assert listed is None
        assert_error(err, b.ERROR_INVALID_HANDLE)


@pytest.mark.parametrize("name", sorted(NONE_HANDLE_ALONE))
def test_a_bad_handle_is_the_error_alone(name):
    for handle in bad_handles(name):
        err = NONE_HANDLE_ALONE[name](handle)
        assert_error(err, b.ERROR_INVALID_HANDLE)
        assert bool(err) and err.contents.code == b.ERROR_INVALID_HANDLE  # as POINTER(Error)


def test_download_read_error_shape():
    for handle in [*bad_handles("download_read"), ctypes.pointer(b.Upload(1))]:
        data, read_result, err = b.download_read(handle, 10)
        assert isinstance(data, ctypes._Pointer) and data._type_ is ctypes.c_ubyte and data
        assert ctypes.string_at(data, int(read_result.bytes_read)) == b""
        assert read_result.bytes_read == 0 and read_result.error.contents.code == \
            b.ERROR_INVALID_HANDLE
        assert_error(err, b.ERROR_INVALID_HANDLE)


def test_every_function_is_covered_by_the_shape_tests():
    covered = set(NONE_HANDLE_CALLS) | set(NONE_HANDLE_ALONE) | set(NONE_HANDLE_LISTS) | {
        "download_read", "parse_access", "request_access_with_passphrase",
        "config_request_access_with_passphrase"}
    assert covered == set(b.FUNCTIONS)


# ---- handle pointers: to the OO objects and back -------------------------------------------
def test_a_handle_pointer_finds_its_object_through_any_copy(project):
    pointer = pointer_to(project, structs.ProjectPointer)
    assert pointer.oo is project and pointer.contents._handle > 0
    project.stat_bucket.return_value = sj.Bucket(project, "bkt", DT0)
    copies = [pointer, ctypes.pointer(pointer.contents),
              ctypes.cast(pointer, ctypes.POINTER(b.Project)),
              ctypes.pointer(b.Project(pointer.contents._handle)), project]
    for copy in copies:
        result, err = b.stat_bucket(copy, "bkt")
        assert err is None and not result.error and result.bucket.contents.name == b"bkt"
    assert project.stat_bucket.call_count == len(copies)


def test_a_pointer_to_another_kind_of_handle_is_an_error(project, access):
    project_pointer = pointer_to(project, structs.ProjectPointer)
    access_pointer = pointer_to(access, structs.AccessPointer)
    _result, err = assert_failed(b.access_serialize(project_pointer), b.ERROR_INVALID_HANDLE)
    assert "Project" in err
    assert_failed(b.stat_bucket(access_pointer, "b"), b.ERROR_INVALID_HANDLE)
    same_number = ctypes.pointer(b.Access(project_pointer.contents._handle))
    assert_failed(b.access_serialize(same_number), b.ERROR_INVALID_HANDLE)
    project.stat_bucket.assert_not_called()
    access.serialize.assert_not_called()


def test_a_freed_handle_is_an_error():
    oo = create_autospec(sj.Project, instance=True)  # not mocker's: it keeps its mocks
    pointer = pointer_to(oo, structs.ProjectPointer)
    number = pointer.contents._handle
    del oo
    gc.collect()
    assert pointer.oo is None
    _result, err = assert_failed(b.stat_bucket(pointer, "b"), b.ERROR_INVALID_HANDLE)
    assert f"handle {number} was freed" in err


def test_a_closed_handle_is_an_error(project, download):
    project.closed = True
    download.closed = True
    for outcome in (b.stat_bucket(project, "b"),
                    b.stat_bucket(pointer_to(project, structs.ProjectPointer), "b")):
        assert "closed" in assert_failed(outcome, b.ERROR_INVALID_HANDLE)[1]
    assert b.close_project(project).code == b.ERROR_INVALID_HANDLE
    assert b.close_download(download).code == b.ERROR_INVALID_HANDLE
    project.close.assert_not_called()
    download.close.assert_not_called()


def test_a_result_keeps_the_object_of_its_handle_alive():
    project = create_autospec(sj.Project, instance=True)
    access = create_autospec(sj.Access, instance=True)
    access.open_project.return_value = project
    result, err = b.open_project(access)
    assert err is None
    access.open_project.return_value = None
    ref = weakref.ref(project)
    del project
    gc.collect()
    pointer = result.project  # a pointer taken from the result keeps it alive too
    del result
    gc.collect()
    assert ref() is not None and pointer.oo is ref()
    del pointer
    gc.collect()
    assert ref() is None  # gone with the result: its native value is freed then


# ---- wrong types raise TypeError ----------------------------------------------------------
def test_wrong_handle_types_raise_type_error(project, upload):
    with pytest.raises(TypeError, match=r"result\.access"):
        b.open_project(b.AccessResult(access=None))
    with pytest.raises(TypeError):
        b.open_project("access")
    with pytest.raises(TypeError):
        b.ensure_bucket(upload, "b")
    with pytest.raises(TypeError):
        b.upload_commit(project)
    with pytest.raises(TypeError):
        b.close_download(upload)
    with pytest.raises(TypeError):
        b.download_read(upload, 10)


def test_wrong_argument_types_raise_type_error(project, upload, download, access):
    with pytest.raises(TypeError):
        b.list_objects(project, "b", {"recursive": True})
    with pytest.raises(TypeError):
        b.list_buckets(project, b.ListObjectsOptions())
    with pytest.raises(TypeError):
        b.upload_object(project, "b", "k", b.DownloadOptions())
    with pytest.raises(TypeError):
        b.upload_object(project, "b", "k", b.UploadOptions(expires="never"))
    with pytest.raises(TypeError):
        b.list_objects(project, "b", b.ListObjectsOptions(prefix=5))
    with pytest.raises(TypeError):
        b.config_open_project({"user_agent": "x"}, access)
    with pytest.raises(TypeError):
        b.access_share(access, b.Permission(allow_list=True), "bucket")
    with pytest.raises(TypeError):
        b.access_share(access, b.Permission(allow_list=True), [("bucket", "")])
    with pytest.raises(TypeError):
        b.access_share(access, "read", None)
    with pytest.raises(TypeError):
        b.upload_write(upload, "text", 4)
    with pytest.raises(TypeError):
        b.upload_write(upload, 1234, 4)
    with pytest.raises(TypeError):
        b.upload_write(upload, b"abc", "3")
    with pytest.raises(TypeError):
        b.download_read(download, 1.5)
    with pytest.raises(TypeError):
        b.parse_access(12)
    upload.write.assert_not_called()
    download.read.assert_not_called()


def test_a_non_str_bucket_name_raises_type_error_from_the_oo_layer():
    handle = NativeHandle("not-a-pointer", lambda: None, "project")
    proj = Project(handle, access=None)
    with pytest.raises(TypeError):
        b.ensure_bucket(proj, 123)
    with pytest.raises(TypeError):
        b.stat_object(proj, "bucket", None)
    handle.close()


# ---- upload_write: ctypes pointers and bytes-like ------------------------------------------
def test_upload_write_ctypes_pointer_writes_length_bytes_without_copy(upload):
    arr = (ctypes.c_uint8 * 8)(*b"abcdefgh")
    ptr = ctypes.cast(arr, ctypes.POINTER(ctypes.c_uint8))
    result, err = b.upload_write(upload, ptr, 5)
    assert err is None and result.bytes_written == 5
    assert upload.calls == [(b"abcde", ctypes.addressof(arr))]


def test_upload_write_the_era_idiom_from_file_bytes(upload):
    chunk = b"hello storj"
    arr = (ctypes.c_uint8 * len(chunk))(*chunk)
    ptr = ctypes.cast(arr, ctypes.POINTER(ctypes.c_uint8))
    result, err = b.LibUplinkPy().upload_write(upload, ptr, len(chunk))
    assert err is None and int(result.bytes_written) == len(chunk)
    assert upload.calls[0][0] == chunk


def test_upload_write_ctypes_array_char_p_and_bounds(upload):
    arr = (ctypes.c_ubyte * 4)(1, 2, 3, 4)
    assert b.upload_write(upload, arr, 3)[0].bytes_written == 3
    assert upload.calls[-1] == (b"\x01\x02\x03", ctypes.addressof(arr))
    result, err = b.upload_write(upload, arr, 5)  # beyond the array: reported, nothing written
    assert result.bytes_written == 0 and bool(result.error) and "exceeds" in err
    assert len(upload.calls) == 1
    cp = ctypes.c_char_p(b"xyz")
    assert b.upload_write(upload, cp, 2)[0].bytes_written == 2
    assert upload.calls[-1][0] == b"xy"


def test_upload_write_null_pointer_and_bad_lengths_are_errors(upload):
    null = ctypes.POINTER(ctypes.c_uint8)()
    result, err = b.upload_write(upload, null, 3)
    assert result.bytes_written == 0 and "NULL" in err
    result, err = b.upload_write(upload, b"abc", -1)
    assert result.bytes_written == 0 and err.code == b.ERROR_INTERNAL
    result, err = b.upload_write(upload, b"abc", 4)
    assert result.error.contents.message.decode() == err and "exceeds" in err
    upload.write.assert_not_called()
    result, err = b.upload_write(upload, null, 0)  # nothing to write: nothing is read
    assert err is None and result.bytes_written == 0


@pytest.mark.parametrize("make", [bytes, bytearray, lambda d: memoryview(bytearray(d))],
                         ids=["bytes", "bytearray", "memoryview"])
def test_upload_write_bytes_like_writes_a_prefix(upload, make):
    data = make(b"0123456789")
    result, err = b.upload_write(upload, data, 4)
    assert err is None and result.bytes_written == 4
    assert upload.calls[0][0] == b"0123"
    assert upload.calls[0][1] == address_of(data)  # a view of the caller's memory, no copy


def test_upload_write_releases_the_callers_buffer(upload):
    data = bytearray(b"abcdef")
    b.upload_write(upload, data, 6)
    data.extend(b"more")  # would raise BufferError if a view were still held
    assert data == b"abcdefmore"


def test_upload_write_multibyte_items(upload):
    data = array.array("i", [1, 2])
    result, err = b.upload_write(upload, data, 5)
    assert err is None and result.bytes_written == 5
    assert upload.calls[0][0] == data.tobytes()[:5]


def test_upload_write_reports_upload_errors(upload):
    upload.write.side_effect = sj.UploadDoneError("upload was already committed")
    result, err = b.upload_write(upload, b"abc", 3)
    assert result.bytes_written == 0 and result.error.contents.code == b.ERROR_UPLOAD_DONE
    assert_error(err, b.ERROR_UPLOAD_DONE)


# ---- download_read ------------------------------------------------------------------------
def reads(download, *chunks):
    """Make the mocked download's readinto give these chunks, one per call."""
    pending = list(chunks)

    def readinto(buffer):
        data = pending.pop(0)
        memoryview(buffer).cast("B")[:len(data)] = data
        return len(data)
    download.readinto.side_effect = readinto


def test_download_read_returns_an_lp_c_ubyte_read_with_string_at(download):
    reads(download, b"ab\0cd")
    data, read_result, err = b.download_read(download, 256)
    assert err is None and not read_result.error and read_result.bytes_read == 5
    assert isinstance(data, ctypes.POINTER(ctypes.c_ubyte))  # an LP_c_ubyte
    assert ctypes.string_at(data, int(read_result.bytes_read)) == b"ab\0cd"
    assert [data[i] for i in range(5)] == list(b"ab\0cd")
    assert bytes(data) == b"ab\0cd"
    buffer = download.readinto.call_args.args[0]
    assert ctypes.sizeof(buffer) == 256 and ctypes.addressof(buffer) == \
        ctypes.cast(data, ctypes.c_void_p).value  # read straight into the returned memory


def test_download_read_data_outlives_everything_else(download):
    reads(download, b"kept bytes")
    data, read_result, _ = b.download_read(download, 64)
    n = int(read_result.bytes_read)
    download.reset_mock()
    del read_result
    gc.collect()
    garbage = [bytearray(64) for _ in range(1000)]
    assert ctypes.string_at(data, n) == b"kept bytes"
    del garbage


def test_download_read_end_is_the_eof_error(download):
    reads(download, b"")
    data, read_result, err = b.download_read(download, 10)
    assert ctypes.string_at(data, read_result.bytes_read) == b"" and read_result.bytes_read == 0
    assert err == "EOF" and err.code == b.EOF
    assert read_result.error.contents.code == b.EOF and \
        read_result.error.contents.message == b"EOF"


def test_download_read_length_zero_negative_huge_and_failures(download):
    data, read_result, err = b.download_read(download, 0)
    assert err is None and read_result.bytes_read == 0 and not read_result.error and data
    download.readinto.assert_not_called()
    data, read_result, err = b.download_read(download, -1)
    assert read_result.bytes_read == 0 and err.code == b.ERROR_INTERNAL and \
        read_result.error.contents.code == b.ERROR_INTERNAL
    download.readinto.assert_not_called()
    reads(download, b"x")
    data, read_result, err = b.download_read(download, 2**62)  # no 2**62-byte buffer
    assert err is None and bytes(data) == b"x"
    assert ctypes.sizeof(download.readinto.call_args.args[0]) <= 8 << 20
    download.readinto.side_effect = sj.ClosedError("download is closed")
    assert b.download_read(download, 5)[2].code == b.ERROR_INVALID_HANDLE
    with pytest.raises(TypeError):
        b.download_read(download, "5")


# ---- the adapter calls the OO API as documented --------------------------------------------
def test_list_objects_maps_the_options(project):
    project.list_objects.return_value = iter([sj.ObjectInfo(key="a", content_length=1),
                                              sj.ObjectInfo(key="d/", is_prefix=True)])
    opts = b.ListObjectsOptions()
    opts.prefix, opts.cursor, opts.recursive, opts.system = b"d/", "", True, True
    listed, err = b.list_objects(project, b"bkt", opts)
    assert err is None and isinstance(listed, list)
    assert [o.contents.key.decode("utf-8") for o in listed] == ["a", "d/"]
    assert listed[1].contents.is_prefix and listed[1].is_prefix and listed[0].key == "a"
    assert all(o._type_ is b.Object for o in listed)
    project.list_objects.assert_called_once_with(
        "bkt", prefix="d/", cursor=None, recursive=True, system=True, custom=False)
    project.list_objects.reset_mock()
    project.list_objects.return_value = iter([])
    assert b.list_objects(project, "bkt", None) == ([], None)  # empty is not an error
    project.list_objects.assert_called_once_with(
        "bkt", prefix="", cursor=None, recursive=False, system=False, custom=False)


def test_list_objects_failure_while_iterating(project):
    def failing():
        yield sj.ObjectInfo(key="a")
        raise sj.BucketNotFoundError("bucket not found", code=b.ERROR_BUCKET_NOT_FOUND)
    project.list_objects.return_value = failing()
    listed, err = b.list_objects(project, "gone", None)
    assert listed is None and err.code == b.ERROR_BUCKET_NOT_FOUND


def test_list_buckets_maps_the_cursor(project):
    project.list_buckets.return_value = iter([sj.Bucket(project, "x", DT0)])
    listed, err = b.list_buckets(project, b.ListBucketsOptions(cursor="a"))
    project.list_buckets.assert_called_once_with("a")
    assert err is None and [(x.contents.name, x.contents.created) for x in listed] == \
        [(b"x", T0)]
    assert listed[0].name == "x"


def test_upload_object_and_download_object_map_the_options(project, upload, download):
    project.upload_object.return_value = upload
    result, err = b.upload_object(project, "bkt", b"k", b.UploadOptions(expires=T0))
    assert err is None and not result.error and result.upload.oo is upload
    project.upload_object.assert_called_once_with("bkt", "k", expires=DT0, content_type=None)
    b.upload_object(project, "bkt", "k", None)
    project.upload_object.assert_called_with("bkt", "k", expires=None, content_type=None)
    assert b.upload_write(result.upload, b"abc", 3)[0].bytes_written == 3  # the pointer works
    project.download_object.return_value = download
    result, err = b.download_object(project, "bkt", "k", b.DownloadOptions(offset=2, length=3))
    assert err is None and result.download.oo is download
    project.download_object.assert_called_once_with("bkt", "k", offset=2, length=3)
    assert b.close_download(result.download) is None and download.close.called


def test_access_share_converts_permission_and_prefixes(access, mocker):
    shared = mocker.create_autospec(sj.Access, instance=True)
    shared.serialize.return_value = "serialized"
    access.share.return_value = shared
    perm = b.Permission()
    perm.allow_download = True
    prefixes = [{"bucket": "b1", "prefix": "p/"}, {"bucket": b"b2"},
                b.SharePrefix(b"b3", b"q/")]
    result, err = b.access_share(access, perm, prefixes)
    assert err is None and result.access.oo is shared and result.string == b"serialized"
    access.share.assert_called_once_with(sj.Permission(allow_download=True),
                                         sj.SharePrefix("b1", "p/"), sj.SharePrefix("b2", ""),
                                         sj.SharePrefix("b3", "q/"))
    array_of = (b.SharePrefix * 1)(b.SharePrefix(b"b4", b""))  # a ctypes array works too
    assert b.access_share(access, perm, array_of)[1] is None
    assert access.share.call_args.args[1:] == (sj.SharePrefix("b4", ""),)


def test_access_share_bad_values_are_errors(access):
    result, err = b.access_share(access, b.Permission(allow_list=True), [{"bucket": ""}])
    assert not result.access and result.string is None and bool(result.error) and err
    result, err = b.access_share(access, b.Permission(not_before=-1), None)
    assert not result.access and err
    access.share.assert_not_called()


def test_access_serialize_gives_bytes(access):
    access.serialize.return_value = "grant"
    result, err = b.access_serialize(access)
    assert err is None and result.string == b"grant" and not result.error


def test_config_functions_pass_an_oo_config(access, mocker):
    acc = mocker.create_autospec(sj.Access, instance=True)
    request = mocker.patch.object(sj.Access, "request", return_value=acc)
    result, err = b.config_request_access_with_passphrase(
        b.Config(user_agent="ua", dial_timeout_milliseconds=2000), "sat", "key", "pw")
    assert err is None and result.access.oo is acc
    request.assert_called_once_with("sat", "key", "pw", sj.Config(user_agent="ua",
                                                                  dial_timeout=2.0))
    b.config_open_project(None, access)
    access.open_project.assert_called_once_with(None)
    result, err = b.config_request_access_with_passphrase(
        b.Config(dial_timeout_milliseconds=-5), "sat", "key", "pw")
    assert not result.access and err


def test_custom_metadata_of_ctypes_entries_and_of_a_result(upload):
    entries = (structs.CustomMetadataEntryStruct * 2)(
        structs.CustomMetadataEntryStruct(b"a", 1, b"1", 1),
        structs.CustomMetadataEntryStruct(b"bee", 2, b"22", 2))
    pointer = ctypes.cast(entries, ctypes.POINTER(structs.CustomMetadataEntryStruct))
    assert b.CustomMetadata(entries=pointer, count=2).to_dict() == {"a": "1", "be": "22"}
    assert b.CustomMetadata(entries=entries).to_dict() == {"a": "1", "be": "22"}
    with pytest.raises(ValueError):
        b.CustomMetadata(entries=pointer).to_dict()  # a pointer needs its count
    custom = functions._object(sj.ObjectInfo(key="k", metadata={"x": "y"})).contents.custom
    assert b.upload_set_custom_metadata(upload, custom) is None  # copied from another object
    upload.set_custom_metadata.assert_called_once_with({"x": "y"})


def test_close_commit_abort_return_the_error_alone(project, upload, download):
    assert b.close_project(project) is None
    project._close.assert_called_once_with(uplink_c_errors=True)  # every uplink-c close error
    assert b.upload_commit(upload) is None and upload.commit.called
    assert b.upload_abort(upload) is None and upload.abort.called
    assert b.close_download(download) is None and download.close.called
    project._close.side_effect = sj.InternalError("boom", code=b.ERROR_INTERNAL)
    err = b.close_project(project)
    assert err == "boom" and err.code == b.ERROR_INTERNAL
    assert err.contents.message == b"boom"


def test_delete_object_of_nothing(project):
    project.delete_object.return_value = None
    result, err = b.delete_object(project, "bkt", "missing")
    assert err is None and not result.object and not result.error
