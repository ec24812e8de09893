"""Hello Storj with the binding of the uplink-python era (26 functions, ``(result, error)``).

The classic flow, written only with ``storj_uplink.binding``: request an access,
open the project, ensure a bucket, upload a file in chunks with ``upload_write``
(ctypes pointers, as that era's code did), list, download with ``download_read``,
compare, share a read-only access, delete, close.

    STORJ_SATELLITE=id@host:port STORJ_API_KEY=... [STORJ_PASSPHRASE=...] \\
        python examples/binding_hello_storj.py
    STORJ_ACCESS=... python examples/binding_hello_storj.py

With both set, the satellite and API key are used (with STORJ_PASSPHRASE, or a
default passphrase). ``python -m storj_uplink.testnet -- python
examples/binding_hello_storj.py`` runs it against a local network.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import sys
import tempfile
import uuid
from datetime import datetime, timezone

from storj_uplink.binding import (
    EOF,
    CustomMetadata,
    CustomMetadataEntry,
    LibUplinkPy,
    ListObjectsOptions,
    Permission,
)

CHUNK = 256 * 1024
storj = LibUplinkPy()


def check(err, what: str) -> None:
    """Stop with the error's message and uplink-c code."""
    if err is not None:
        sys.exit(f"{what} failed: {err} (code {err.code})")


def get_access():
    satellite, api_key = os.environ.get("STORJ_SATELLITE"), os.environ.get("STORJ_API_KEY")
    if satellite and api_key:
        passphrase = os.environ.get("STORJ_PASSPHRASE") or "you'll never guess this"
        access_result, err = storj.request_access_with_passphrase(satellite, api_key, passphrase)
        check(err, "request_access_with_passphrase")
    elif os.environ.get("STORJ_ACCESS"):
        access_result, err = storj.parse_access(os.environ["STORJ_ACCESS"])
        check(err, "parse_access")
    else:
        sys.exit("set STORJ_SATELLITE and STORJ_API_KEY, or STORJ_ACCESS")
    return access_result.access


def upload_file(project, bucket_name: str, key: str, path: str) -> None:
    upload_result, err = storj.upload_object(project, bucket_name, key, None)
    check(err, "upload_object")
    uploaded = 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            # the era's idiom: a ctypes uint8 array passed as LP_c_ubyte (bytes work too)
            buf = (ctypes.c_uint8 * len(chunk)).from_buffer_copy(chunk)
            ptr = ctypes.cast(buf, ctypes.POINTER(ctypes.c_uint8))
            write_result, err = storj.upload_write(upload_result.upload, ptr, len(chunk))
            check(err, "upload_write")
            uploaded += write_result.bytes_written
    object_result, err = storj.upload_info(upload_result.upload)
    check(err, "upload_info")
    print(f"uploading:  {object_result.object.key}, {uploaded} bytes written")
    entry = CustomMetadataEntry(key="from", key_length=4, value="binding_hello_storj",
                                value_length=19)
    err = storj.upload_set_custom_metadata(upload_result.upload,
                                           CustomMetadata(entries=[entry], count=1))
    check(err, "upload_set_custom_metadata")
    err = storj.upload_commit(upload_result.upload)
    check(err, "upload_commit")


def download_file(project, bucket_name: str, key: str, path: str) -> int:
    object_result, err = storj.stat_object(project, bucket_name, key)
    check(err, "stat_object")
    size = object_result.object.system.content_length
    download_result, err = storj.download_object(project, bucket_name, key, None)
    check(err, "download_object")
    total = 0
    with open(path, "wb") as f:
        while True:
            data, read_result, err = storj.download_read(download_result.download, CHUNK)
            if err is not None and err.code == EOF:
                break
            check(err, "download_read")
            f.write(ctypes.string_at(data, read_result.bytes_read))
            total += read_result.bytes_read
    err = storj.close_download(download_result.download)
    check(err, "close_download")
    if total != size:
        sys.exit(f"downloaded {total} bytes, stat_object said {size}")
    return total


def main() -> None:
    bucket_name = "binding-hello-" + uuid.uuid4().hex[:8]
    key = "greetings/hello.bin"
    data = os.urandom(3 * CHUNK + 123)
    access = get_access()

    project_result, err = storj.open_project(access)
    check(err, "open_project")
    project = project_result.project

    bucket_result, err = storj.ensure_bucket(project, bucket_name)
    check(err, "ensure_bucket")
    created = datetime.fromtimestamp(bucket_result.bucket.created, tz=timezone.utc)
    print(f"bucket:     {bucket_result.bucket.name} (created {created:%Y-%m-%d %H:%M:%S} UTC)")

    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "hello.bin"), os.path.join(tmp, "back.bin")
        with open(src, "wb") as f:
            f.write(data)
        upload_file(project, bucket_name, key, src)
        print(f"uploaded:   {key} ({len(data)} bytes)")

        bucket_list, err = storj.list_buckets(project, None)
        check(err, "list_buckets")
        assert bucket_name in [b.name for b in bucket_list]
        options = ListObjectsOptions()
        options.recursive = True
        options.system = True
        options.custom = True
        objects_list, err = storj.list_objects(project, bucket_name, options)
        check(err, "list_objects")
        for obj in objects_list:
            meta = {e.key: e.value for e in obj.custom.entries[:obj.custom.count]}
            print(f"listed:     {obj.key}  {obj.system.content_length} bytes  {meta}")

        n = download_file(project, bucket_name, key, dst)
        with open(dst, "rb") as f:
            same = hashlib.sha256(f.read()).digest() == hashlib.sha256(data).digest()
        print(f"downloaded: {n} bytes, sha256 {'matches' if same else 'DIFFERS'}")
        if not same:
            sys.exit(1)

    permission = Permission()
    permission.allow_download = True
    permission.allow_list = True
    share_result, err = storj.access_share(access, permission,
                                           [{"bucket": bucket_name, "prefix": "greetings/"}])
    check(err, "access_share")
    shared_result, err = storj.parse_access(share_result.string)
    check(err, "parse_access")
    ro_result, err = storj.open_project(shared_result.access)
    check(err, "open_project (shared)")
    object_result, err = storj.stat_object(ro_result.project, bucket_name, key)
    check(err, "stat_object (shared)")
    _, err = storj.delete_object(ro_result.project, bucket_name, key)
    if err is None:
        sys.exit("a read-only access could delete!")
    print(f"shared:     a read-only access sees {object_result.object.key}, cannot delete "
          f"({err})")
    check(storj.close_project(ro_result.project), "close_project (shared)")

    _, err = storj.delete_object(project, bucket_name, key)
    check(err, "delete_object")
    _, err = storj.delete_bucket(project, bucket_name)
    check(err, "delete_bucket")
    print(f"cleaned:    bucket {bucket_name} deleted")
    check(storj.close_project(project), "close_project")
    print("binding hello storj: OK")


if __name__ == "__main__":
    main()
