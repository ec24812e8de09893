"""storj_uplink.binding without a network: options, conversions, return shapes, types,
and the zero-copy ctypes path of upload_write (the OO objects are mocked)."""

from __future__ import annotations

import array
import ctypes
from datetime import datetime, timezone

import pytest

import storj_uplink as sj
from storj_uplink import binding as b
from storj_uplink._native import ffi
from storj_uplink._native.core import NativeHandle
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
        assert err.code == code


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


# ---- results ------------------------------------------------------------------------------
def test_object_description_from_object_info():
    info = sj.ObjectInfo(key="a/b", content_length=7, created=DT0, expires=None,
                         metadata={"ké": "v"})
    obj = b.Object.from_oo(info)
    assert (obj.key, obj.is_prefix) == ("a/b", False)
    assert (obj.system.created, obj.system.expires, obj.system.content_length) == (T0, 0, 7)
    entry = obj.custom.entries[0]
    assert obj.custom.count == 1 and (entry.key, entry.key_length, entry.value) == ("ké", 3, "v")
    assert obj.custom.to_dict() == {"ké": "v"} and obj.oo is info
    assert b.Object.from_oo(sj.ObjectInfo(key="p/", is_prefix=True)).system.created == 0


def test_bucket_description_from_bucket(project):
    bucket = sj.Bucket(project, "photos", DT0)
    desc = b.Bucket.from_oo(bucket)
    assert (desc.name, desc.created, desc.oo) == ("photos", T0, bucket)
    assert datetime.fromtimestamp(desc.created, tz=timezone.utc) == DT0
    assert b.Bucket.from_oo(sj.Bucket(project, "x", None)).created == 0


def test_binding_error_is_a_str_with_code_and_exception():
    exc = sj.ObjectNotFoundError("object not found", code=b.ERROR_OBJECT_NOT_FOUND)
    err = b.BindingError(exc)
    assert err == "object not found" and err.code == 0x21 and err.exception is exc
    assert "object not found" in repr(err) and "33" in repr(err)
    # Python-side errors get the code of the uplink-c error they stand for
    assert b.BindingError(sj.ClosedError("closed")).code == b.ERROR_INVALID_HANDLE
    assert b.BindingError(sj.UploadDoneError("done")).code == b.ERROR_UPLOAD_DONE
    assert b.BindingError(sj.ConcurrentUseError("busy")).code is None
    wrapped = b.BindingError(ValueError("bad value"))
    assert wrapped == "bad value" and wrapped.code is None
    assert isinstance(wrapped.exception, sj.StorjError)
    assert isinstance(wrapped.exception.__cause__, ValueError)


def test_error_constants_are_the_uplink_c_codes():
    for name, code in sj.errors.ERROR_CODES.items():
        if name.startswith("UPLINK_"):
            assert getattr(b, name[len("UPLINK_"):]) == code
    assert b.EOF == -1


# ---- error paths: shapes ------------------------------------------------------------------
def test_parse_access_garbage_returns_none_and_an_error():
    result, err = b.parse_access("garbage")
    assert result is None
    assert_error(err, b.ERROR_INTERNAL)
    result, err = b.LibUplinkPy().parse_access(b"garbage")  # bytes, as ctypes code passed
    assert result is None and err == b.parse_access("garbage")[1]


def test_values_uplink_would_reject_are_returned_not_raised():
    result, err = b.parse_access("nul\0inside")
    assert result is None and "NUL" in err and err.code is None


NONE_HANDLE_CALLS = {
    "open_project": lambda: b.open_project(None),
    "config_open_project": lambda: b.config_open_project(None, None),
    "ensure_bucket": lambda: b.ensure_bucket(None, "b"),
    "stat_bucket": lambda: b.stat_bucket(None, "b"),
    "create_bucket": lambda: b.create_bucket(None, "b"),
    "list_buckets": lambda: b.list_buckets(None, None),
    "delete_bucket": lambda: b.delete_bucket(None, "b"),
    "stat_object": lambda: b.stat_object(None, "b", "k"),
    "list_objects": lambda: b.list_objects(None, "b", None),
    "delete_object": lambda: b.delete_object(None, "b", "k"),
    "upload_object": lambda: b.upload_object(None, "b", "k", None),
    "upload_write": lambda: b.upload_write(None, b"abc", 3),
    "upload_info": lambda: b.upload_info(None),
    "download_object": lambda: b.download_object(None, "b", "k", None),
    "download_info": lambda: b.download_info(None),
    "access_serialize": lambda: b.access_serialize(None),
    "access_share": lambda: b.access_share(None, None, None),
}
NONE_HANDLE_ALONE = {
    "close_project": lambda: b.close_project(None),
    "upload_commit": lambda: b.upload_commit(None),
    "upload_abort": lambda: b.upload_abort(None),
    "upload_set_custom_metadata": lambda: b.upload_set_custom_metadata(None, {}),
    "close_download": lambda: b.close_download(None),
}


@pytest.mark.parametrize("name", sorted(NONE_HANDLE_CALLS))
def test_a_none_handle_is_an_error_in_a_pair(name):
    result, err = NONE_HANDLE_CALLS[name]()
    assert result is None
    assert_error(err, b.ERROR_INVALID_HANDLE)


@pytest.mark.parametrize("name", sorted(NONE_HANDLE_ALONE))
def test_a_none_handle_is_the_error_alone(name):
    assert_error(NONE_HANDLE_ALONE[name](), b.ERROR_INVALID_HANDLE)


def test_download_read_error_shape():
    data, read_result, err = b.download_read(None, 10)
    assert data == b"" and read_result.bytes_read == 0 and read_result.error is err
    assert_error(err, b.ERROR_INVALID_HANDLE)


def test_every_function_is_covered_by_the_shape_tests():
    covered = set(NONE_HANDLE_CALLS) | set(NONE_HANDLE_ALONE) | {
        "download_read", "parse_access", "request_access_with_passphrase",
        "config_request_access_with_passphrase"}
    assert covered == set(b.FUNCTIONS)


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
    assert result is None and "exceeds" in err
    assert len(upload.calls) == 1
    cp = ctypes.c_char_p(b"xyz")
    assert b.upload_write(upload, cp, 2)[0].bytes_written == 2
    assert upload.calls[-1][0] == b"xy"


def test_upload_write_null_pointer_and_bad_lengths_are_errors(upload):
    null = ctypes.POINTER(ctypes.c_uint8)()
    result, err = b.upload_write(upload, null, 3)
    assert result is None and "NULL" in err
    result, err = b.upload_write(upload, b"abc", -1)
    assert result is None and err.code is None
    result, err = b.upload_write(upload, b"abc", 4)
    assert result is None and "exceeds" in err
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
    assert result is None
    assert_error(err, b.ERROR_UPLOAD_DONE)


# ---- download_read ------------------------------------------------------------------------
def test_download_read_returns_bytes_usable_like_the_old_pointer(download):
    download.read.return_value = b"ab\0cd"
    data, read_result, err = b.download_read(download, 256)
    download.read.assert_called_once_with(256)
    assert err is None and read_result.bytes_read == 5 and read_result.error is None
    assert ctypes.string_at(data, int(read_result.bytes_read)) == b"ab\0cd"
    assert data[:read_result.bytes_read] == b"ab\0cd"
    assert ctypes.cast(data, ctypes.c_char_p).value == b"ab"  # as the pointer gave it


def test_download_read_end_is_the_eof_error(download):
    download.read.return_value = b""
    data, read_result, err = b.download_read(download, 10)
    assert data == b"" and read_result.bytes_read == 0
    assert err == "EOF" and err.code == b.EOF


def test_download_read_length_zero_negative_and_failures(download):
    assert b.download_read(download, 0) == (b"", b.ReadResult(0), None)
    download.read.assert_not_called()
    data, read_result, err = b.download_read(download, -1)
    assert data == b"" and read_result.bytes_read == 0 and err and err.code is None
    download.read.assert_not_called()
    download.read.side_effect = sj.ClosedError("download is closed")
    assert b.download_read(download, 5)[2].code == b.ERROR_INVALID_HANDLE


# ---- the adapter calls the OO API as documented --------------------------------------------
def test_list_objects_maps_the_options(project):
    project.list_objects.return_value = iter([sj.ObjectInfo(key="a", content_length=1),
                                              sj.ObjectInfo(key="d/", is_prefix=True)])
    opts = b.ListObjectsOptions()
    opts.prefix, opts.cursor, opts.recursive, opts.system = b"d/", "", True, True
    listed, err = b.list_objects(project, "bkt", opts)
    assert err is None and [o.key for o in listed] == ["a", "d/"] and listed[1].is_prefix
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
    assert err is None and [(x.name, x.created) for x in listed] == [("x", T0)]


def test_upload_object_and_download_object_map_the_options(project):
    up = object()
    project.upload_object.return_value = up
    result, err = b.upload_object(project, "bkt", "k", b.UploadOptions(expires=T0))
    assert err is None and result.upload is up
    project.upload_object.assert_called_once_with("bkt", "k", expires=DT0)
    b.upload_object(project, "bkt", "k", None)
    project.upload_object.assert_called_with("bkt", "k", expires=None)
    result, err = b.download_object(project, "bkt", "k", b.DownloadOptions(offset=2, length=3))
    assert err is None
    project.download_object.assert_called_once_with("bkt", "k", offset=2, length=3)


def test_access_share_converts_permission_and_prefixes(access, mocker):
    shared = mocker.create_autospec(sj.Access, instance=True)
    shared.serialize.return_value = "serialized"
    access.share.return_value = shared
    perm = b.Permission()
    perm.allow_download = True
    result, err = b.access_share(access, perm, [{"bucket": "b1", "prefix": "p/"},
                                                {"bucket": b"b2"}])
    assert err is None and result.access is shared and result.string == "serialized"
    access.share.assert_called_once_with(sj.Permission(allow_download=True),
                                         sj.SharePrefix("b1", "p/"), sj.SharePrefix("b2", ""))


def test_access_share_bad_values_are_errors(access):
    result, err = b.access_share(access, b.Permission(allow_list=True), [{"bucket": ""}])
    assert result is None and err
    result, err = b.access_share(access, b.Permission(not_before=-1), None)
    assert result is None and err
    access.share.assert_not_called()


def test_config_functions_pass_an_oo_config(access, mocker):
    request = mocker.patch.object(sj.Access, "request", return_value="acc")
    result, err = b.config_request_access_with_passphrase(
        b.Config(user_agent="ua", dial_timeout_milliseconds=2000), "sat", "key", "pw")
    assert err is None and result.access == "acc"
    request.assert_called_once_with("sat", "key", "pw", sj.Config(user_agent="ua",
                                                                  dial_timeout=2.0))
    b.config_open_project(None, access)
    access.open_project.assert_called_once_with(None)
    result, err = b.config_request_access_with_passphrase(
        b.Config(dial_timeout_milliseconds=-5), "sat", "key", "pw")
    assert result is None and err


def test_close_commit_abort_return_the_error_alone(project, upload, download):
    assert b.close_project(project) is None and project.close.called
    assert b.upload_commit(upload) is None and upload.commit.called
    assert b.upload_abort(upload) is None and upload.abort.called
    assert b.close_download(download) is None and download.close.called
    project.close.side_effect = sj.InternalError("boom", code=b.ERROR_INTERNAL)
    err = b.close_project(project)
    assert err == "boom" and err.code == b.ERROR_INTERNAL


def test_delete_object_of_nothing(project):
    project.delete_object.return_value = None
    result, err = b.delete_object(project, "bkt", "missing")
    assert err is None and result.object is None
