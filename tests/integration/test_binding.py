"""storj_uplink.binding on the local network, written the way code of the ctypes era was:
results checked with ``bool(result.error)`` and ``result.error.contents.code``, names and
keys read as bytes through ``.contents``, data written through ``POINTER(c_uint8)`` and
read back with ``string_at``. Each of the 26 functions, success and failure; then the
lifetime of the native values, bad handles, and examples/binding_hello_storj.py."""

from __future__ import annotations

import gc
import hashlib
import os
import subprocess
import sys
import time
import uuid
import weakref
from ctypes import POINTER, c_uint8, cast, pointer, string_at
from pathlib import Path

import pytest

import storj_uplink as sj
from storj_uplink.binding import (
    EOF,
    ERROR_BUCKET_ALREADY_EXISTS,
    ERROR_BUCKET_NAME_INVALID,
    ERROR_BUCKET_NOT_EMPTY,
    ERROR_BUCKET_NOT_FOUND,
    ERROR_INTERNAL,
    ERROR_INVALID_HANDLE,
    ERROR_OBJECT_KEY_INVALID,
    ERROR_OBJECT_NOT_FOUND,
    ERROR_PERMISSION_DENIED,
    ERROR_UPLOAD_DONE,
    Config,
    CustomMetadata,
    CustomMetadataEntry,
    DownloadOptions,
    LibUplinkPy,
    ListBucketsOptions,
    ListObjectsOptions,
    Permission,
    UploadOptions,
)

pytestmark = pytest.mark.network

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "binding_hello_storj.py"
storj = LibUplinkPy()


def ok(result, err):
    """The era's check of a call that must succeed."""
    assert err is None, err
    assert not bool(result.error)
    return result


def failed(result, err, code):
    """The era's check of a failure: the result structure carries the error."""
    assert bool(result.error), "the call did not fail"
    assert result.error.contents.code == code, (result.error.contents.code, err)
    assert result.error.contents.message.decode("utf-8") == err  # the string, as UTF-8
    assert err.code == code  # what this binding adds to the string
    return result


def failed_alone(err, code):
    """An error-only function (close_project...): its error, as POINTER(Error) was read."""
    assert err is not None and bool(err)
    assert err.contents.code == code, (err.contents.code, err)
    assert err.contents.message.decode("utf-8") == err
    return err


def write_all(upload_handle, data: bytes, packet: int = 256) -> int:
    """Upload in packets as that era's sample did: bytes to a c_uint8 array to LP_c_ubyte."""
    written = 0
    while written < len(data):
        chunk = data[written:written + packet]
        array = (c_uint8 * len(chunk))(*chunk)
        write_result, err = storj.upload_write(upload_handle, cast(array, POINTER(c_uint8)),
                                               len(chunk))
        ok(write_result, err)
        written += int(write_result.bytes_written)
    return written


def upload(project_handle, bucket_name, key, data: bytes, custom=None):
    upload_result, err = storj.upload_object(project_handle, bucket_name, key, None)
    ok(upload_result, err)
    assert write_all(upload_result.upload, data, 4096) == len(data)
    if custom is not None:
        assert storj.upload_set_custom_metadata(upload_result.upload, custom) is None
    assert storj.upload_commit(upload_result.upload) is None


def read_all(download_handle, size: int, packet: int = 256) -> bytes:
    """Download until the known size, as that era's sample did, with string_at."""
    parts, total = [], 0
    while total < size:
        data_ptr, read_result, err = storj.download_read(download_handle, packet)
        assert err is None, err
        assert not bool(read_result.error)
        parts.append(string_at(data_ptr, int(read_result.bytes_read)))
        total += int(read_result.bytes_read)
    return b"".join(parts)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def ctx(storj_network, bucket):
    """The era's setup: an access result, an open project result, and a bucket name."""
    access_result, err = storj.parse_access(storj_network.access.encode("utf-8"))
    ok(access_result, err)
    project_result, err = storj.open_project(access_result.access)
    ok(project_result, err)
    yield access_result, project_result, bucket.name
    storj.close_project(project_result.project)


# ---- access -------------------------------------------------------------------------------
def test_request_access_with_passphrase(storj_network):
    access_result, err = storj.request_access_with_passphrase(
        storj_network.satellite, storj_network.api_key, storj_network.passphrase)
    ok(access_result, err)
    assert bool(access_result.access) and access_result.access.contents._handle > 0
    assert access_result.access.oo.satellite_address == storj_network.satellite
    access_result, err = storj.request_access_with_passphrase(
        storj_network.satellite, "not-an-api-key", "pw")
    failed(access_result, err, ERROR_INTERNAL)
    assert not bool(access_result.access)


def test_config_request_access_with_passphrase(storj_network):
    config = Config()
    config.user_agent = b"binding-test/1.0"
    config.dial_timeout_milliseconds = 20_000
    access_result, err = storj.config_request_access_with_passphrase(
        config, storj_network.satellite, storj_network.api_key, "another passphrase")
    ok(access_result, err)
    ok(*storj.config_request_access_with_passphrase(
        None, storj_network.satellite, storj_network.api_key, "pw"))
    failed(*storj.config_request_access_with_passphrase(
        config, storj_network.satellite, "not-an-api-key", "pw"), ERROR_INTERNAL)
    failed(*storj.config_request_access_with_passphrase(
        Config(dial_timeout_milliseconds=-1), storj_network.satellite, storj_network.api_key,
        "pw"), ERROR_INTERNAL)


def test_parse_access(storj_network):
    for serialized in (storj_network.access.encode("utf-8"), storj_network.access):
        access_result, err = storj.parse_access(serialized)
        ok(access_result, err)
        assert bool(access_result.access)
    access_result, err = storj.parse_access(b"garbage")
    assert not bool(access_result.access)
    assert bool(access_result.error) and err is not None
    assert access_result.error.contents.code == err.code  # the code issue 17 may refine
    failed(*storj.parse_access(b""), err.code)


def test_access_serialize(storj_network):
    access_result, err = storj.parse_access(storj_network.access.encode("utf-8"))
    string_result, err = storj.access_serialize(access_result.access)
    ok(string_result, err)
    assert isinstance(string_result.string, bytes)
    assert string_result.string.decode("utf-8") == storj_network.access
    again, err = storj.parse_access(string_result.string)
    ok(again, err)
    access_result.access.oo.close()  # freed behind the binding's back: an error, no crash
    string_result, err = storj.access_serialize(access_result.access)
    failed(string_result, err, ERROR_INVALID_HANDLE)
    assert string_result.string is None


def test_access_share(ctx):
    access_result, project_result, bucket_name = ctx
    upload(project_result.project, bucket_name, "shared/a.txt", b"visible")
    upload(project_result.project, bucket_name, "private/b.txt", b"hidden")
    permission = Permission(allow_download=True, allow_upload=False, allow_list=True,
                            allow_delete=False, not_before=0, not_after=int(time.time()) + 3600)
    share_result, err = storj.access_share(access_result.access, permission,
                                           [{"bucket": bucket_name, "prefix": "shared/"}])
    ok(share_result, err)
    string_result, err = storj.access_serialize(share_result.access)
    ok(string_result, err)
    assert share_result.string == string_result.string
    shared_access, err = storj.parse_access(string_result.string)
    shared_project, err = storj.open_project(shared_access.access)
    ok(shared_project, err)
    try:
        download_result, err = storj.download_object(shared_project.project, bucket_name,
                                                     "shared/a.txt", None)
        ok(download_result, err)
        assert read_all(download_result.download, 7) == b"visible"
        assert storj.close_download(download_result.download) is None
        failed(*storj.stat_object(shared_project.project, bucket_name, "private/b.txt"),
               ERROR_PERMISSION_DENIED)
        failed(*storj.delete_object(shared_project.project, bucket_name, "shared/a.txt"),
               ERROR_PERMISSION_DENIED)
    finally:
        assert storj.close_project(shared_project.project) is None
    share_result, err = storj.access_share(access_result.access, Permission(), None)
    failed(share_result, err, ERROR_INTERNAL)  # nothing allowed
    assert not bool(share_result.access) and share_result.string is None
    failed(*storj.access_share(access_result.access, permission,
                               [{"bucket": "", "prefix": ""}]), ERROR_INTERNAL)


# ---- project ------------------------------------------------------------------------------
def test_open_project(storj_network):
    access_result, err = storj.parse_access(storj_network.access.encode("utf-8"))
    project_result, err = storj.open_project(access_result.access)
    ok(project_result, err)
    assert bool(project_result.project) and project_result.project.contents._handle > 0
    assert storj.close_project(project_result.project) is None
    project_result, err = storj.open_project(None)
    failed(project_result, err, ERROR_INVALID_HANDLE)
    assert not bool(project_result.project)


def test_config_open_project(ctx):
    access_result, _, bucket_name = ctx
    config = Config(user_agent=b"binding-test", dial_timeout_milliseconds=0, temp_directory=None)
    project_result, err = storj.config_open_project(config, access_result.access)
    ok(project_result, err)
    bucket_result, err = storj.stat_bucket(project_result.project, bucket_name)
    ok(bucket_result, err)
    assert storj.close_project(project_result.project) is None
    ok(*storj.config_open_project(None, access_result.access))
    failed(*storj.config_open_project(Config(dial_timeout_milliseconds=-3),
                                      access_result.access), ERROR_INTERNAL)
    failed(*storj.config_open_project(None, None), ERROR_INVALID_HANDLE)


def test_close_project(ctx):
    access_result, _, bucket_name = ctx
    project_result, err = storj.open_project(access_result.access)
    upload_result, err = storj.upload_object(project_result.project, bucket_name, "pending",
                                             None)
    ok(upload_result, err)
    assert storj.close_project(project_result.project) is None  # aborts what is still open
    assert upload_result.upload.oo.aborted
    failed_alone(storj.close_project(project_result.project), ERROR_INVALID_HANDLE)
    failed(*storj.ensure_bucket(project_result.project, "after-close"), ERROR_INVALID_HANDLE)
    failed_alone(storj.close_project(None), ERROR_INVALID_HANDLE)


# ---- buckets ------------------------------------------------------------------------------
def fresh_name() -> str:
    return "binding-" + uuid.uuid4().hex[:12]


def test_ensure_bucket(ctx):
    _, project_result, _ = ctx
    bucket_name = fresh_name()
    bucket_result, err = storj.ensure_bucket(project_result.project, bucket_name)
    ok(bucket_result, err)
    assert bucket_result.bucket.contents.name == bucket_name.encode("utf-8")
    assert isinstance(bucket_result.bucket.contents.created, int)
    assert abs(bucket_result.bucket.contents.created - time.time()) < 24 * 3600
    again, err = storj.ensure_bucket(project_result.project, bucket_name)  # exists: no error
    ok(again, err)
    assert again.bucket.contents.name == bucket_name.encode("utf-8")
    failed(*storj.ensure_bucket(project_result.project, "Invalid_Name!"),
           ERROR_BUCKET_NAME_INVALID)
    storj.delete_bucket(project_result.project, bucket_name)


def test_stat_bucket(ctx):
    _, project_result, bucket_name = ctx
    bucket_result, err = storj.stat_bucket(project_result.project, bucket_name)
    ok(bucket_result, err)
    assert bucket_result.bucket.contents.name.decode("utf-8") == bucket_name
    assert bucket_result.bucket.name == bucket_name  # also a plain str attribute
    bucket_result, err = storj.stat_bucket(project_result.project, bucket_name + "-missing")
    failed(bucket_result, err, ERROR_BUCKET_NOT_FOUND)
    assert not bool(bucket_result.bucket)


def test_create_bucket(ctx):
    _, project_result, _ = ctx
    bucket_name = fresh_name()
    ok(*storj.create_bucket(project_result.project, bucket_name))
    failed(*storj.create_bucket(project_result.project, bucket_name),
           ERROR_BUCKET_ALREADY_EXISTS)
    failed(*storj.create_bucket(project_result.project, "a"), ERROR_BUCKET_NAME_INVALID)
    ok(*storj.delete_bucket(project_result.project, bucket_name))


def test_list_buckets(ctx, storj_network):
    _, project_result, bucket_name = ctx
    bucket_list, err = storj.list_buckets(project_result.project, None)
    assert err is None
    mine = [item for item in bucket_list if item.contents.name.decode("utf-8") == bucket_name]
    assert len(mine) == 1 and mine[0].contents.created > 0
    options = ListBucketsOptions()
    options.cursor = bucket_name.encode("utf-8")
    after, err = storj.list_buckets(project_result.project, options)
    assert err is None and all(item.contents.name > bucket_name.encode() for item in after)
    closed = sj.Access.parse(storj_network.access).open_project()
    closed.close()
    bucket_list, err = storj.list_buckets(closed, None)
    assert bucket_list is None and err.code == ERROR_INVALID_HANDLE


def test_delete_bucket(ctx):
    _, project_result, _ = ctx
    bucket_name = fresh_name()
    ok(*storj.create_bucket(project_result.project, bucket_name))
    upload(project_result.project, bucket_name, "k", b"data")
    bucket_result, err = storj.delete_bucket(project_result.project, bucket_name)
    if bool(bucket_result.error):  # the era sample's dance
        assert ERROR_BUCKET_NOT_EMPTY == bucket_result.error.contents.code
        options = ListObjectsOptions()
        options.recursive = True
        objects_list, err = storj.list_objects(project_result.project, bucket_name, options)
        for obj in objects_list:
            ok(*storj.delete_object(project_result.project, bucket_name,
                                    obj.contents.key.decode("utf-8")))
        bucket_result, err = storj.delete_bucket(project_result.project, bucket_name)
    ok(bucket_result, err)
    assert bucket_result.bucket.contents.name == bucket_name.encode("utf-8")
    failed(*storj.delete_bucket(project_result.project, bucket_name), ERROR_BUCKET_NOT_FOUND)


# ---- objects ------------------------------------------------------------------------------
def test_stat_object(ctx):
    _, project_result, bucket_name = ctx
    entries = [CustomMetadataEntry(key=b"color", key_length=5, value=b"blue", value_length=4)]
    upload(project_result.project, bucket_name, "dir/k", b"12345",
           CustomMetadata(entries=entries, count=1))
    object_result, err = storj.stat_object(project_result.project, bucket_name, "dir/k")
    ok(object_result, err)
    obj = object_result.object.contents
    assert obj.key == b"dir/k" and not obj.is_prefix
    assert obj.system.content_length == 5 and obj.system.created > 0 and obj.system.expires == 0
    assert obj.custom.count == 1
    entry = obj.custom.entries[0]
    assert (entry.key, entry.key_length, entry.value, entry.value_length) == \
        (b"color", 5, b"blue", 4)
    assert string_at(entry.key, entry.key_length) == b"color"
    failed(*storj.stat_object(project_result.project, bucket_name, "missing"),
           ERROR_OBJECT_NOT_FOUND)
    failed(*storj.stat_object(project_result.project, bucket_name, ""),
           ERROR_OBJECT_KEY_INVALID)


def test_list_objects(ctx):
    _, project_result, bucket_name = ctx
    for key in ("a", "dir/b", "dir/sub/c"):
        upload(project_result.project, bucket_name, key, key.encode(), {"k": key})
    top, err = storj.list_objects(project_result.project, bucket_name, None)
    assert err is None
    assert sorted((o.contents.key, o.contents.is_prefix) for o in top) == \
        [(b"a", False), (b"dir/", True)]
    options = ListObjectsOptions()
    options.recursive = True
    options.system = True
    options.custom = True
    options.prefix = b"dir/"
    deep, err = storj.list_objects(project_result.project, bucket_name, options)
    assert err is None and sorted(o.contents.key for o in deep) == [b"dir/b", b"dir/sub/c"]
    for o in deep:
        c = o.contents
        assert c.system.content_length == len(c.key) and c.system.created > 0
        assert (c.custom.count, c.custom.entries[0].key, c.custom.entries[0].value) == \
            (1, b"k", c.key)
    keys_only, err = storj.list_objects(project_result.project, bucket_name,
                                        ListObjectsOptions(recursive=True))
    assert len(keys_only) == 3 and all(o.contents.custom.count == 0 for o in keys_only)
    assert storj.list_objects(project_result.project, bucket_name,
                              ListObjectsOptions(prefix=b"no/")) == ([], None)
    objects_list, err = storj.list_objects(project_result.project, bucket_name + "-missing", None)
    assert objects_list is None and err.code == ERROR_BUCKET_NOT_FOUND


def test_delete_object(ctx):
    _, project_result, bucket_name = ctx
    upload(project_result.project, bucket_name, "k", b"abc")
    object_result, err = storj.delete_object(project_result.project, bucket_name, "k")
    ok(object_result, err)
    assert object_result.object.contents.key == b"k"
    failed(*storj.stat_object(project_result.project, bucket_name, "k"), ERROR_OBJECT_NOT_FOUND)
    object_result, err = storj.delete_object(project_result.project, bucket_name, "k")
    ok(object_result, err)
    assert not bool(object_result.object)  # nothing was there: NULL, as uplink-c gives it
    failed(*storj.delete_object(project_result.project, bucket_name, ""),
           ERROR_OBJECT_KEY_INVALID)


# ---- uploads ------------------------------------------------------------------------------
def test_upload_object(ctx):
    _, project_result, bucket_name = ctx
    expires = int(time.time()) + 7 * 24 * 3600
    options = UploadOptions()
    options.expires = expires
    upload_result, err = storj.upload_object(project_result.project, bucket_name, "exp", options)
    ok(upload_result, err)
    assert bool(upload_result.upload)
    write_all(upload_result.upload, b"data")
    assert storj.upload_commit(upload_result.upload) is None
    object_result, err = storj.stat_object(project_result.project, bucket_name, "exp")
    assert object_result.object.contents.system.expires == expires
    upload_result, err = storj.upload_object(project_result.project, bucket_name, "", None)
    failed(upload_result, err, ERROR_OBJECT_KEY_INVALID)
    assert not bool(upload_result.upload)
    failed(*storj.upload_object(None, bucket_name, "k", None), ERROR_INVALID_HANDLE)


def test_upload_write(ctx):
    _, project_result, bucket_name = ctx
    data = os.urandom(20_000)
    upload_result, err = storj.upload_object(project_result.project, bucket_name, "w", None)
    assert write_all(upload_result.upload, data) == len(data)
    write_result, err = storj.upload_write(upload_result.upload, b"abc", 10)  # more than given
    assert int(write_result.bytes_written) == 0 and bool(write_result.error) and err
    assert storj.upload_commit(upload_result.upload) is None
    object_result, err = storj.stat_object(project_result.project, bucket_name, "w")
    assert object_result.object.contents.system.content_length == len(data)
    download_result, err = storj.download_object(project_result.project, bucket_name, "w", None)
    assert sha(read_all(download_result.download, len(data), 4096)) == sha(data)
    storj.close_download(download_result.download)
    failed(*storj.upload_write(upload_result.upload, b"late", 4), ERROR_UPLOAD_DONE)


def test_upload_commit(ctx):
    _, project_result, bucket_name = ctx
    upload_result, err = storj.upload_object(project_result.project, bucket_name, "c", None)
    write_all(upload_result.upload, b"committed")
    failed(*storj.stat_object(project_result.project, bucket_name, "c"),
           ERROR_OBJECT_NOT_FOUND)  # not visible before the commit
    assert storj.upload_commit(upload_result.upload) is None
    object_result, err = storj.stat_object(project_result.project, bucket_name, "c")
    assert object_result.object.contents.system.content_length == 9
    failed_alone(storj.upload_commit(upload_result.upload), ERROR_UPLOAD_DONE)
    missing, err = storj.upload_object(project_result.project, bucket_name + "-missing", "k",
                                       None)
    _write_result, err = storj.upload_write(missing.upload, b"x", 1)
    err = err or storj.upload_commit(missing.upload)  # uplink reports it here at the latest
    assert err.code == ERROR_BUCKET_NOT_FOUND
    storj.upload_abort(missing.upload)


def test_upload_abort(ctx):
    _, project_result, bucket_name = ctx
    upload_result = ok(*storj.upload_object(project_result.project, bucket_name, "a", None))
    write_all(upload_result.upload, b"never")
    assert storj.upload_abort(upload_result.upload) is None
    failed(*storj.stat_object(project_result.project, bucket_name, "a"), ERROR_OBJECT_NOT_FOUND)
    done, _err = storj.upload_object(project_result.project, bucket_name, "done", None)
    assert storj.upload_commit(done.upload) is None
    failed_alone(storj.upload_abort(done.upload), ERROR_UPLOAD_DONE)


def test_upload_set_custom_metadata(ctx):
    _, project_result, bucket_name = ctx
    upload_result = ok(*storj.upload_object(project_result.project, bucket_name, "m", None))
    entries = [CustomMetadataEntry(key="color", key_length=5, value="blue", value_length=4),
               CustomMetadataEntry(key=b"size", key_length=4, value=b"XL", value_length=2)]
    custom = CustomMetadata(entries=entries, count=2)
    assert storj.upload_set_custom_metadata(upload_result.upload, custom) is None
    assert storj.upload_commit(upload_result.upload) is None
    object_result = ok(*storj.stat_object(project_result.project, bucket_name, "m"))
    c = object_result.object.contents.custom
    assert sorted((c.entries[i].key, c.entries[i].value) for i in range(c.count)) == \
        [(b"color", b"blue"), (b"size", b"XL")]
    second = ok(*storj.upload_object(project_result.project, bucket_name, "m2", None))
    # the custom metadata of one object, set on another
    assert storj.upload_set_custom_metadata(second.upload, c) is None
    failed_alone(storj.upload_set_custom_metadata(second.upload, {"": "empty key"}),
                 ERROR_INTERNAL)
    assert storj.upload_commit(second.upload) is None
    object_result, _err = storj.stat_object(project_result.project, bucket_name, "m2")
    assert object_result.object.custom.to_dict() == {"color": "blue", "size": "XL"}
    failed_alone(storj.upload_set_custom_metadata(second.upload, {"late": "x"}),
                 ERROR_UPLOAD_DONE)


def test_upload_info(ctx):
    _, project_result, bucket_name = ctx
    upload_result, err = storj.upload_object(project_result.project, bucket_name, "i", None)
    write_all(upload_result.upload, b"12345678")
    object_result, err = storj.upload_info(upload_result.upload)
    ok(object_result, err)
    assert object_result.object.contents.key == b"i"
    storj.upload_commit(upload_result.upload)
    object_result, err = storj.upload_info(upload_result.upload)
    info = ok(object_result, err).object.contents
    assert info.key == b"i" and info.system.content_length == 8 and info.system.created > 0
    aborted, err = storj.upload_object(project_result.project, bucket_name, "x", None)
    storj.upload_abort(aborted.upload)
    object_result, err = storj.upload_info(aborted.upload)
    failed(object_result, err, ERROR_UPLOAD_DONE)
    assert not bool(object_result.object)


# ---- downloads ----------------------------------------------------------------------------
def test_download_object(ctx):
    _, project_result, bucket_name = ctx
    data = os.urandom(10_000)
    upload(project_result.project, bucket_name, "d", data)
    download_result, err = storj.download_object(project_result.project, bucket_name, "d", None)
    ok(download_result, err)
    assert sha(read_all(download_result.download, len(data), 4096)) == sha(data)
    assert storj.close_download(download_result.download) is None
    options = DownloadOptions()
    options.offset, options.length = 100, 50
    ranged, err = storj.download_object(project_result.project, bucket_name, "d", options)
    assert read_all(ranged.download, 50) == data[100:150]
    storj.close_download(ranged.download)
    download_result, err = storj.download_object(project_result.project, bucket_name,
                                                 "missing", None)
    failed(download_result, err, ERROR_OBJECT_NOT_FOUND)
    assert not bool(download_result.download)


def test_download_read(ctx):
    _, project_result, bucket_name = ctx
    data = os.urandom(5000) + b"\0" + os.urandom(5000)
    upload(project_result.project, bucket_name, "r", data)
    download_result, err = storj.download_object(project_result.project, bucket_name, "r", None)
    assert sha(read_all(download_result.download, len(data))) == sha(data)
    data_ptr, read_result, err = storj.download_read(download_result.download, 256)
    assert int(read_result.bytes_read) == 0 and err == "EOF" and err.code == EOF
    assert read_result.error.contents.code == EOF
    assert string_at(data_ptr, int(read_result.bytes_read)) == b""
    assert storj.close_download(download_result.download) is None
    data_ptr, read_result, err = storj.download_read(download_result.download, 256)
    assert int(read_result.bytes_read) == 0
    assert read_result.error.contents.code == ERROR_INVALID_HANDLE == err.code


def test_close_download(ctx):
    _, project_result, bucket_name = ctx
    upload(project_result.project, bucket_name, "cd", b"abc")
    download_result, _err = storj.download_object(project_result.project, bucket_name, "cd",
                                                 None)
    assert storj.close_download(download_result.download) is None
    assert download_result.download.oo.closed
    failed_alone(storj.close_download(download_result.download), ERROR_INVALID_HANDLE)
    failed_alone(storj.close_download(None), ERROR_INVALID_HANDLE)


def test_download_info(ctx):
    _, project_result, bucket_name = ctx
    upload(project_result.project, bucket_name, "di", b"abcdef", {"m": "1"})
    download_result, err = storj.download_object(project_result.project, bucket_name, "di",
                                                 None)
    object_result, err = storj.download_info(download_result.download)
    info = ok(object_result, err).object.contents
    assert info.key == b"di" and info.system.content_length == 6
    assert (info.custom.count, info.custom.entries[0].key, info.custom.entries[0].value) == \
        (1, b"m", b"1")
    storj.close_download(download_result.download)
    object_result, err = storj.download_info(download_result.download)
    failed(object_result, err, ERROR_INVALID_HANDLE)


# ---- lifetime and bad handles -------------------------------------------------------------
def test_a_result_owns_its_native_value_until_it_is_gone(storj_network):
    access_result, err = storj.parse_access(storj_network.access.encode("utf-8"))
    project_result, err = storj.open_project(access_result.access)
    access_ref = weakref.ref(access_result.access.oo)
    project_ref = weakref.ref(project_result.project.oo)
    handle = pointer(project_result.project.contents)  # a copy of the pointer
    del access_result, project_result
    gc.collect()
    assert access_ref() is not None and project_ref() is not None  # the copy holds them
    _bucket_list, err = storj.list_buckets(handle, None)
    assert err is None
    del handle
    gc.collect()
    assert access_ref() is None and project_ref() is None  # freed with the last reference


def test_bad_handles_are_errors_never_crashes(ctx):
    access_result, project_result, bucket_name = ctx
    project_handle = project_result.project.contents._handle
    from storj_uplink.binding import Access, Project
    cases = [
        (access_result.access, ERROR_INVALID_HANDLE),           # another kind of handle
        (POINTER(Project)(), ERROR_INVALID_HANDLE),             # NULL
        (pointer(Access(project_handle)), ERROR_INVALID_HANDLE),  # the number, wrong kind
        (pointer(Project(10**12)), ERROR_INVALID_HANDLE),       # a number never given out
    ]
    for handle, code in cases:
        failed(*storj.stat_bucket(handle, bucket_name), code)
        failed(*storj.upload_object(handle, bucket_name, "k", None), code)
        failed_alone(storj.close_project(handle), code)
    ok(*storj.stat_bucket(pointer(Project(project_handle)), bucket_name))  # the right one
    with pytest.raises(TypeError):
        storj.open_project(access_result)  # the result instead of its handle
    with pytest.raises(TypeError):
        storj.stat_bucket(project_result.project, 42)


# ---- the example, and moving to the OO API ------------------------------------------------
def test_results_lead_to_the_oo_api(ctx):
    _, project_result, bucket_name = ctx
    upload_result = ok(*storj.upload_object(project_result.project, bucket_name, "mixed",
                                            None))
    with upload_result.upload.oo as up:  # the OO API takes over: commits at the end
        up.write(b"from the OO API")
    object_result, _err = storj.stat_object(project_result.project.oo, bucket_name, "mixed")
    assert object_result.object.contents.system.content_length == 15


def run_example(env, cwd):
    return subprocess.run([sys.executable, str(EXAMPLE)], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_binding_hello_storj_example(storj_network, project, tmp_path):
    name = "binding-hello-" + uuid.uuid4().hex[:8]
    project.create_bucket(name).put("left/over.txt", b"from an earlier run")  # not empty
    env = {**os.environ, **storj_network.env(), "STORJ_BUCKET": name,
           "STORJ_PASSPHRASE": storj_network.passphrase}  # the one the leftover was put with
    proc = run_example(env, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert f"bucket:     {name} is not empty: deleting its objects" in out
    assert "deleted:    left/over.txt" in out and "sha256 matches" in out
    assert "may not delete it" in out and out.endswith("binding hello storj: OK\n")
    assert storj_network.api_key not in out + proc.stderr
    with pytest.raises(sj.BucketNotFoundError):
        project.stat_bucket(name)  # it cleaned up after itself


def test_binding_hello_storj_example_with_an_access_only(storj_network, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("STORJ_SATELLITE", "STORJ_API_KEY", "STORJ_PASSPHRASE")}
    env["STORJ_ACCESS"] = storj_network.access
    env["STORJ_BUCKET"] = "binding-hello-" + uuid.uuid4().hex[:8]
    proc = run_example(env, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "does not exist yet" in proc.stdout and "binding hello storj: OK" in proc.stdout
