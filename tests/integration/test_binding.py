"""storj_uplink.binding on the local network: each of the 26 functions, success and
failure, and examples/binding_hello_storj.py end to end."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import storj_uplink as sj
from storj_uplink import binding as b

pytestmark = pytest.mark.network

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "binding_hello_storj.py"
storj = b.LibUplinkPy()


def failed(outcome) -> b.BindingError:
    """The error of a failed (result, error) pair, checking the shape."""
    result, err = outcome
    assert result is None, result
    assert isinstance(err, b.BindingError) and isinstance(err, str) and len(err) > 0
    assert isinstance(err.exception, sj.StorjError)
    return err


def ok(outcome):
    result, err = outcome
    assert err is None, err
    return result


def ctypes_pointer(data: bytes):
    """What code of the ctypes era passed to upload_write (kept alive with the pointer)."""
    arr = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    return arr, ctypes.cast(arr, ctypes.POINTER(ctypes.c_uint8))


def upload(project, bucket_name, key, data, metadata=None):
    up = ok(b.upload_object(project, bucket_name, key, None)).upload
    _arr, ptr = ctypes_pointer(data)
    assert ok(b.upload_write(up, ptr, len(data))).bytes_written == len(data)
    if metadata is not None:
        assert b.upload_set_custom_metadata(up, metadata) is None
    assert b.upload_commit(up) is None


def read_all(download, chunk=1000):
    parts = []
    while True:
        data, read_result, err = b.download_read(download, chunk)
        if err is not None:
            assert err.code == b.EOF and read_result.bytes_read == 0 and data == b""
            return b"".join(parts)
        assert len(data) == read_result.bytes_read > 0
        parts.append(ctypes.string_at(data, read_result.bytes_read))


@pytest.fixture
def closed_project(access):
    project = access.open_project()
    project.close()
    return project


# ---- access -------------------------------------------------------------------------------
def test_request_access_with_passphrase(storj_network):
    result = ok(storj.request_access_with_passphrase(
        storj_network.satellite, storj_network.api_key, storj_network.passphrase))
    assert isinstance(result.access, sj.Access)
    assert result.access.satellite_address == storj_network.satellite
    result.access.close()
    failed(storj.request_access_with_passphrase(storj_network.satellite, "not-an-api-key", "pw"))


def test_config_request_access_with_passphrase(storj_network):
    config = b.Config()
    config.user_agent = "binding-test/1.0"
    config.dial_timeout_milliseconds = 20_000
    result = ok(storj.config_request_access_with_passphrase(
        config, storj_network.satellite, storj_network.api_key, "another passphrase"))
    assert isinstance(result.access, sj.Access)
    result.access.close()
    ok(storj.config_request_access_with_passphrase(
        None, storj_network.satellite, storj_network.api_key, "pw")).access.close()
    failed(storj.config_request_access_with_passphrase(
        config, storj_network.satellite, "not-an-api-key", "pw"))
    failed(storj.config_request_access_with_passphrase(
        b.Config(dial_timeout_milliseconds=-1), storj_network.satellite,
        storj_network.api_key, "pw"))


def test_parse_access(storj_network):
    for serialized in (storj_network.access, storj_network.access.encode()):
        result = ok(storj.parse_access(serialized))
        assert isinstance(result.access, sj.Access)
        result.access.close()
    err = failed(storj.parse_access("garbage"))
    assert err.code == b.ERROR_INTERNAL
    failed(storj.parse_access(""))


def test_access_serialize(storj_network):
    access = ok(storj.parse_access(storj_network.access)).access
    string_result = ok(storj.access_serialize(access))
    assert isinstance(string_result.string, str)
    again = ok(storj.parse_access(string_result.string)).access
    assert again.satellite_address == access.satellite_address
    again.close()
    access.close()
    err = failed(storj.access_serialize(access))  # a closed access
    assert err.code == b.ERROR_INVALID_HANDLE
    failed(storj.access_serialize(None))


def test_access_share(access, project, bucket):
    bucket.put("shared/a.txt", b"visible")
    bucket.put("private/b.txt", b"hidden")
    permission = b.Permission(allow_download=True, allow_upload=False, allow_list=True,
                              allow_delete=False, not_before=0,
                              not_after=int(time.time()) + 3600)
    share = ok(storj.access_share(access, permission,
                                  [{"bucket": bucket.name, "prefix": "shared/"}]))
    assert isinstance(share.access, sj.Access) and share.string
    parsed = ok(storj.parse_access(share.string)).access
    shared_project = ok(storj.open_project(parsed)).project
    try:
        download = ok(storj.download_object(shared_project, bucket.name, "shared/a.txt",
                                            None)).download
        assert read_all(download) == b"visible"
        assert storj.close_download(download) is None
        failed(storj.stat_object(shared_project, bucket.name, "private/b.txt"))
        up = ok(storj.upload_object(shared_project, bucket.name, "shared/new", None)).upload
        write = storj.upload_write(up, b"x", 1)
        commit = storj.upload_commit(up) if write[1] is None else write[1]
        assert commit is not None and commit.code == b.ERROR_PERMISSION_DENIED
        storj.upload_abort(up)
        err = failed(storj.delete_object(shared_project, bucket.name, "shared/a.txt"))
        assert err.code == b.ERROR_PERMISSION_DENIED
    finally:
        assert storj.close_project(shared_project) is None
        parsed.close()
        share.access.close()
    failed(storj.access_share(access, b.Permission(), None))  # nothing allowed
    failed(storj.access_share(access, permission, [{"bucket": "", "prefix": ""}]))


# ---- project ------------------------------------------------------------------------------
def test_open_project(access, storj_network):
    project = ok(storj.open_project(access)).project
    assert isinstance(project, sj.Project) and not project.closed
    assert storj.close_project(project) is None
    err = failed(storj.open_project(None))
    assert err.code == b.ERROR_INVALID_HANDLE
    closed_access = sj.Access.parse(storj_network.access)
    closed_access.close()
    failed(storj.open_project(closed_access))


def test_config_open_project(access):
    project = ok(storj.config_open_project(b.Config(user_agent="binding-test"), access)).project
    assert isinstance(project, sj.Project)
    assert ok(storj.list_buckets(project, None)) is not None
    assert storj.close_project(project) is None
    project = ok(storj.config_open_project(None, access)).project
    assert storj.close_project(project) is None
    failed(storj.config_open_project(b.Config(dial_timeout_milliseconds=-3), access))
    failed(storj.config_open_project(None, None))


def test_close_project(access):
    project = ok(storj.open_project(access)).project
    up = ok(storj.upload_object(project, "any-bucket", "pending", None)).upload
    assert storj.close_project(project) is None  # aborts what is still open
    assert project.closed and up.aborted
    assert storj.close_project(project) is None  # idempotent, as with the OO API
    err = failed(storj.ensure_bucket(project, "after-close"))
    assert err.code == b.ERROR_INVALID_HANDLE
    assert storj.close_project(None).code == b.ERROR_INVALID_HANDLE


# ---- buckets ------------------------------------------------------------------------------
def test_ensure_bucket(project, bucket_name):
    first = ok(storj.ensure_bucket(project, bucket_name)).bucket
    assert first.name == bucket_name and isinstance(first.created, int) and first.created > 0
    again = ok(storj.ensure_bucket(project, bucket_name)).bucket  # exists: not an error
    assert again.name == bucket_name
    err = failed(storj.ensure_bucket(project, "Invalid_Name!"))
    assert err.code == b.ERROR_BUCKET_NAME_INVALID


def test_stat_bucket(project, bucket):
    result = ok(storj.stat_bucket(project, bucket.name))
    assert result.bucket.name == bucket.name and result.bucket.created > 0
    assert result.bucket.oo == bucket
    err = failed(storj.stat_bucket(project, bucket.name + "-missing"))
    assert err.code == b.ERROR_BUCKET_NOT_FOUND


def test_create_bucket(project, bucket_name):
    assert ok(storj.create_bucket(project, bucket_name)).bucket.name == bucket_name
    err = failed(storj.create_bucket(project, bucket_name))
    assert err.code == b.ERROR_BUCKET_ALREADY_EXISTS
    assert failed(storj.create_bucket(project, "a")).code == b.ERROR_BUCKET_NAME_INVALID


def test_list_buckets(project, bucket, closed_project):
    listed = ok(storj.list_buckets(project, None))
    assert isinstance(listed, list)
    mine = [x for x in listed if x.name == bucket.name]
    assert len(mine) == 1 and mine[0].created > 0
    options = b.ListBucketsOptions()
    options.cursor = bucket.name
    after = ok(storj.list_buckets(project, options))
    assert all(x.name > bucket.name for x in after)
    err = failed(storj.list_buckets(closed_project, None))
    assert err.code == b.ERROR_INVALID_HANDLE


def test_delete_bucket(project, bucket_name):
    project.create_bucket(bucket_name)
    project.bucket(bucket_name).put("k", b"data")
    err = failed(storj.delete_bucket(project, bucket_name))
    assert err.code == b.ERROR_BUCKET_NOT_EMPTY
    project.delete_object(bucket_name, "k")
    assert ok(storj.delete_bucket(project, bucket_name)).bucket.name == bucket_name
    err = failed(storj.delete_bucket(project, bucket_name))
    assert err.code == b.ERROR_BUCKET_NOT_FOUND


# ---- objects ------------------------------------------------------------------------------
def test_stat_object(project, bucket):
    bucket.put("dir/k", b"12345", metadata={"color": "blue"})
    obj = ok(storj.stat_object(project, bucket.name, "dir/k")).object
    assert obj.key == "dir/k" and not obj.is_prefix
    assert obj.system.content_length == 5 and obj.system.created > 0
    assert obj.system.expires == 0
    entries = obj.custom.entries[:obj.custom.count]
    assert [(e.key, e.value) for e in entries] == [("color", "blue")]
    err = failed(storj.stat_object(project, bucket.name, "missing"))
    assert err.code == b.ERROR_OBJECT_NOT_FOUND
    assert failed(storj.stat_object(project, bucket.name, "")).code == b.ERROR_OBJECT_KEY_INVALID


def test_list_objects(project, bucket):
    for key in ("a", "dir/b", "dir/sub/c"):
        bucket.put(key, key.encode(), metadata={"k": key})
    top = ok(storj.list_objects(project, bucket.name, None))
    assert sorted((o.key, o.is_prefix) for o in top) == [("a", False), ("dir/", True)]
    options = b.ListObjectsOptions()
    options.recursive = True
    options.system = True
    options.custom = True
    options.prefix = "dir/"
    deep = ok(storj.list_objects(project, bucket.name, options))
    assert sorted(o.key for o in deep) == ["dir/b", "dir/sub/c"]
    assert all(o.system.content_length == len(o.key) and o.system.created > 0 for o in deep)
    assert all(o.custom.to_dict() == {"k": o.key} for o in deep)
    keys_only = ok(storj.list_objects(project, bucket.name,
                                      b.ListObjectsOptions(recursive=True)))
    assert len(keys_only) == 3 and all(o.custom.count == 0 for o in keys_only)
    assert ok(storj.list_objects(project, bucket.name, b.ListObjectsOptions(prefix="no/"))) == []
    err = failed(storj.list_objects(project, bucket.name + "-missing", None))
    assert err.code == b.ERROR_BUCKET_NOT_FOUND


def test_delete_object(project, bucket):
    bucket.put("k", b"abc")
    deleted = ok(storj.delete_object(project, bucket.name, "k")).object
    assert deleted.key == "k"
    failed(storj.stat_object(project, bucket.name, "k"))
    assert ok(storj.delete_object(project, bucket.name, "k")).object is None  # nothing there
    assert failed(storj.delete_object(project, bucket.name, "")).code == \
        b.ERROR_OBJECT_KEY_INVALID


# ---- uploads ------------------------------------------------------------------------------
def test_upload_object(project, bucket):
    expires = int(time.time()) + 7 * 24 * 3600
    result = ok(storj.upload_object(project, bucket.name, "exp", b.UploadOptions(expires=expires)))
    assert isinstance(result.upload, sj.Upload)
    assert storj.upload_write(result.upload, b"data", 4)[1] is None
    assert storj.upload_commit(result.upload) is None
    assert ok(storj.stat_object(project, bucket.name, "exp")).object.system.expires == expires
    err = failed(storj.upload_object(project, bucket.name, "", None))
    assert err.code == b.ERROR_OBJECT_KEY_INVALID
    failed(storj.upload_object(None, bucket.name, "k", None))


def test_upload_write(project, bucket):
    data = os.urandom(300_000)
    up = ok(storj.upload_object(project, bucket.name, "w", None)).upload
    arr, ptr = ctypes_pointer(data[:100_000])
    assert ok(storj.upload_write(up, ptr, 100_000)).bytes_written == 100_000
    assert ok(storj.upload_write(up, arr, 50_000)).bytes_written == 50_000  # a ctypes array
    assert ok(storj.upload_write(up, memoryview(data)[50_000:], 250_000)).bytes_written == \
        250_000
    failed(storj.upload_write(up, b"abc", 10))  # more than there is: nothing written
    assert storj.upload_commit(up) is None
    expected = data[:100_000] + data[:50_000] + data[50_000:]
    assert project.bucket(bucket.name).get("w") == expected
    err = failed(storj.upload_write(up, b"late", 4))
    assert err.code == b.ERROR_UPLOAD_DONE


def test_upload_commit(project, bucket):
    up = ok(storj.upload_object(project, bucket.name, "c", None)).upload
    storj.upload_write(up, b"committed", 9)
    failed(storj.stat_object(project, bucket.name, "c"))  # not visible before the commit
    assert storj.upload_commit(up) is None
    assert ok(storj.stat_object(project, bucket.name, "c")).object.system.content_length == 9
    err = storj.upload_commit(up)
    assert err and err.code == b.ERROR_UPLOAD_DONE
    missing = ok(storj.upload_object(project, bucket.name + "-missing", "k", None)).upload
    storj.upload_write(missing, b"x", 1)
    err = storj.upload_commit(missing)  # uplink reports the missing bucket at the latest here
    assert err and err.code == b.ERROR_BUCKET_NOT_FOUND
    storj.upload_abort(missing)


def test_upload_abort(project, bucket):
    up = ok(storj.upload_object(project, bucket.name, "a", None)).upload
    storj.upload_write(up, b"never", 5)
    assert storj.upload_abort(up) is None
    assert failed(storj.stat_object(project, bucket.name, "a")).code == \
        b.ERROR_OBJECT_NOT_FOUND
    done = ok(storj.upload_object(project, bucket.name, "done", None)).upload
    assert storj.upload_commit(done) is None
    err = storj.upload_abort(done)
    assert err and err.code == b.ERROR_UPLOAD_DONE


def test_upload_set_custom_metadata(project, bucket):
    up = ok(storj.upload_object(project, bucket.name, "m", None)).upload
    entries = [b.CustomMetadataEntry(key="color", key_length=5, value="blue", value_length=4),
               b.CustomMetadataEntry(key=b"size", key_length=4, value=b"XL", value_length=2)]
    custom = b.CustomMetadata(entries=entries, count=2)
    assert storj.upload_set_custom_metadata(up, custom) is None
    assert storj.upload_commit(up) is None
    obj = ok(storj.stat_object(project, bucket.name, "m")).object
    assert obj.custom.to_dict() == {"color": "blue", "size": "XL"}
    up2 = ok(storj.upload_object(project, bucket.name, "m2", None)).upload
    assert storj.upload_set_custom_metadata(up2, {"plain": "dict"}) is None
    assert storj.upload_set_custom_metadata(up2, {"": "empty key"})  # rejected value
    assert storj.upload_commit(up2) is None
    assert project.stat_object(bucket.name, "m2").metadata == {"plain": "dict"}
    err = storj.upload_set_custom_metadata(up2, {"late": "x"})
    assert err and err.code == b.ERROR_UPLOAD_DONE


def test_upload_info(project, bucket):
    up = ok(storj.upload_object(project, bucket.name, "i", None)).upload
    storj.upload_write(up, b"12345678", 8)
    assert ok(storj.upload_info(up)).object.key == "i"
    storj.upload_commit(up)
    info = ok(storj.upload_info(up)).object
    assert info.key == "i" and info.system.content_length == 8 and info.system.created > 0
    aborted = ok(storj.upload_object(project, bucket.name, "x", None)).upload
    storj.upload_abort(aborted)
    err = failed(storj.upload_info(aborted))
    assert err.code == b.ERROR_UPLOAD_DONE


# ---- downloads ----------------------------------------------------------------------------
def test_download_object(project, bucket):
    data = os.urandom(10_000)
    upload(project, bucket.name, "d", data)
    download = ok(storj.download_object(project, bucket.name, "d", None)).download
    assert isinstance(download, sj.Download)
    assert read_all(download, 4096) == data
    assert storj.close_download(download) is None
    ranged = ok(storj.download_object(project, bucket.name, "d",
                                      b.DownloadOptions(offset=100, length=50))).download
    assert read_all(ranged) == data[100:150]
    storj.close_download(ranged)
    err = failed(storj.download_object(project, bucket.name, "missing", None))
    assert err.code == b.ERROR_OBJECT_NOT_FOUND


def test_download_read(project, bucket):
    data = os.urandom(5000) + b"\0" + os.urandom(5000)
    upload(project, bucket.name, "r", data)
    download = ok(storj.download_object(project, bucket.name, "r", None)).download
    got, total = bytearray(), 0
    while total < len(data):  # the era's loop: read until the known size
        chunk, read_result, err = storj.download_read(download, 256)
        assert err is None
        got += ctypes.string_at(chunk, int(read_result.bytes_read))
        total += int(read_result.bytes_read)
    assert bytes(got) == data
    chunk, read_result, err = storj.download_read(download, 256)
    assert (chunk, read_result.bytes_read, err, err.code) == (b"", 0, "EOF", b.EOF)
    assert storj.close_download(download) is None
    chunk, read_result, err = storj.download_read(download, 256)
    assert chunk == b"" and read_result.bytes_read == 0 and err.code == b.ERROR_INVALID_HANDLE


def test_close_download(project, bucket):
    upload(project, bucket.name, "cd", b"abc")
    download = ok(storj.download_object(project, bucket.name, "cd", None)).download
    assert storj.close_download(download) is None
    assert download.closed
    assert storj.close_download(download) is None  # idempotent
    assert storj.close_download(None).code == b.ERROR_INVALID_HANDLE


def test_download_info(project, bucket):
    upload(project, bucket.name, "di", b"abcdef", metadata={"m": "1"})
    download = ok(storj.download_object(project, bucket.name, "di", None)).download
    obj = ok(storj.download_info(download)).object
    assert obj.key == "di" and obj.system.content_length == 6 and obj.custom.to_dict() == \
        {"m": "1"}
    storj.close_download(download)
    fresh = ok(storj.download_object(project, bucket.name, "di", None)).download
    storj.close_download(fresh)
    err = failed(storj.download_info(fresh))
    assert err.code == b.ERROR_INVALID_HANDLE


# ---- moving between the two APIs and the example -----------------------------------------
def test_results_hold_oo_objects(access, project, bucket):
    up = ok(storj.upload_object(project, bucket.name, "mixed", None)).upload
    with up:  # the OO API takes over: commits at the end of the block
        up.write(b"from the OO API")
    obj = ok(storj.stat_object(project, bucket.name, "mixed")).object
    assert obj.oo == project.stat_object(bucket.name, "mixed")


def test_binding_hello_storj_example(storj_network, tmp_path):
    env = {**os.environ, **storj_network.env()}
    env.pop("STORJ_PASSPHRASE", None)
    proc = subprocess.run([sys.executable, str(EXAMPLE)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "sha256 matches" in proc.stdout and "binding hello storj: OK" in proc.stdout
    assert storj_network.api_key not in proc.stdout + proc.stderr


def test_binding_hello_storj_example_with_an_access_only(storj_network, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("STORJ_SATELLITE", "STORJ_API_KEY", "STORJ_PASSPHRASE")}
    env["STORJ_ACCESS"] = storj_network.access
    proc = subprocess.run([sys.executable, str(EXAMPLE)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "binding hello storj: OK" in proc.stdout
