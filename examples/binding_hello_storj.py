# ruff: noqa: F403, F405  (a star import, as the code of that era had)
"""Hello Storj, written the way code for the ctypes binding of the uplink-python era was.

Only ``storj_uplink.binding`` is used, in that era's idiom: a star import (which
also brings ``os`` and the ctypes names), results checked with
``bool(result.error)`` and ``result.error.contents.code``, names read as bytes
through ``.contents``, data written through ``POINTER(c_uint8)`` and read back
with ``string_at``.

The flow: request an access, open the project, list the buckets, delete the
bucket (emptying it first if uplink says it is not empty), create it again,
upload a file in chunks with custom metadata, list and stat it, download it and
compare, share a read-only access, use it (it may read, not delete), and clean up.

    STORJ_SATELLITE=id@host:port STORJ_API_KEY=... [STORJ_PASSPHRASE=...] \\
        python examples/binding_hello_storj.py
    STORJ_ACCESS=... python examples/binding_hello_storj.py

``STORJ_BUCKET`` names the bucket (default ``binding-hello-storj``). ``python -m
storj_uplink.testnet -- python examples/binding_hello_storj.py`` runs it against
a local network.
"""

import hashlib
import sys
import tempfile
from datetime import datetime

from storj_uplink.binding import *  # the era's style: brings os and the ctypes names too

PACKET = 32 * 1024
storj = LibUplinkPy()


def fail(what, result_or_error, err):
    """Stop with the uplink-c code and message, read from the error structure."""
    error = result_or_error.error if hasattr(result_or_error, "error") else result_or_error
    if error:
        sys.exit(f"{what} failed: code {error.contents.code}: "
                 f"{error.contents.message.decode('utf-8')}")
    sys.exit(f"{what} failed: {err}")


def get_access():
    satellite, api_key = os.environ.get("STORJ_SATELLITE"), os.environ.get("STORJ_API_KEY")
    if satellite and api_key:
        passphrase = os.environ.get("STORJ_PASSPHRASE") or "you'll never guess this"
        access_result, err = storj.request_access_with_passphrase(satellite, api_key, passphrase)
    elif os.environ.get("STORJ_ACCESS"):
        access_result, err = storj.parse_access(os.environ["STORJ_ACCESS"].encode("utf-8"))
    else:
        sys.exit("set STORJ_SATELLITE and STORJ_API_KEY, or STORJ_ACCESS")
    if err is not None:
        fail("requesting the access", access_result, err)
    return access_result


def empty_and_delete_bucket(project, bucket_name):
    """Delete the bucket; if uplink says it is not empty, delete its objects and retry."""
    bucket_result, err = storj.delete_bucket(project, bucket_name)
    if bool(bucket_result.error):
        if ERROR_BUCKET_NOT_FOUND == bucket_result.error.contents.code:
            print(f"bucket:     {bucket_name} does not exist yet")
            return
        if ERROR_BUCKET_NOT_EMPTY != bucket_result.error.contents.code:
            fail("delete_bucket", bucket_result, err)
        print(f"bucket:     {bucket_name} is not empty: deleting its objects")
        options = ListObjectsOptions()
        options.recursive = True
        objects_list, err = storj.list_objects(project, bucket_name, options)
        if err is not None:
            fail("list_objects", None, err)
        for obj in objects_list:
            key = obj.contents.key.decode("utf-8")
            object_result, err = storj.delete_object(project, bucket_name, key)
            if bool(object_result.error):
                fail("delete_object", object_result, err)
            print(f"deleted:    {key}")
        bucket_result, err = storj.delete_bucket(project, bucket_name)
        if bool(bucket_result.error):
            fail("delete_bucket", bucket_result, err)
    print(f"deleted:    bucket {bucket_result.bucket.contents.name.decode('utf-8')}")


def upload_file(project, bucket_name, key, path):
    upload_result, err = storj.upload_object(project, bucket_name, key, None)
    if err is not None:
        fail("upload_object", upload_result, err)
    size = os.path.getsize(path)
    uploaded = 0
    with open(path, "rb") as f:
        while uploaded < size:
            chunk = f.read(min(PACKET, size - uploaded))
            data = (c_uint8 * len(chunk))(*chunk)           # the era's conversion...
            data_ptr = cast(data, POINTER(c_uint8))          # ...to LP_c_ubyte
            write_result, err = storj.upload_write(upload_result.upload, data_ptr, len(chunk))
            if err is not None:
                fail("upload_write", write_result, err)
            if int(write_result.bytes_written) == 0:
                break
            uploaded += int(write_result.bytes_written)
    entry = CustomMetadataEntry(key="from", key_length=4, value="binding_hello_storj",
                                value_length=19)
    err = storj.upload_set_custom_metadata(upload_result.upload,
                                           CustomMetadata(entries=[entry], count=1))
    if err is not None:
        fail("upload_set_custom_metadata", err, err)
    err = storj.upload_commit(upload_result.upload)
    if err is not None:
        fail("upload_commit", err, err)
    return uploaded


def download_file(project, bucket_name, key, path):
    object_result, err = storj.stat_object(project, bucket_name, key)
    if err is not None:
        fail("stat_object", object_result, err)
    size = int(object_result.object.contents.system.content_length)
    download_result, err = storj.download_object(project, bucket_name, key, None)
    if err is not None:
        fail("download_object", download_result, err)
    downloaded = 0
    with open(path, "wb") as f:
        while downloaded < size:
            data_ptr, read_result, err = storj.download_read(download_result.download, PACKET)
            if err is not None:
                fail("download_read", read_result, err)
            f.write(string_at(data_ptr, int(read_result.bytes_read)))
            downloaded += int(read_result.bytes_read)
    err = storj.close_download(download_result.download)
    if err is not None:
        fail("close_download", err, err)
    return downloaded


def main():
    bucket_name = os.environ.get("STORJ_BUCKET") or "binding-hello-storj"
    key = "greetings/hello.bin"
    content = os.urandom(5 * PACKET + 123)

    access_result = get_access()
    project_result, err = storj.open_project(access_result.access)
    if err is not None:
        fail("open_project", project_result, err)
    project = project_result.project

    bucket_list, err = storj.list_buckets(project, None)
    if err is not None:
        fail("list_buckets", None, err)
    for item in bucket_list:
        print(f"listed:     bucket {item.contents.name.decode('utf-8')} "
              f"created {datetime.fromtimestamp(item.contents.created)}")

    empty_and_delete_bucket(project, bucket_name)
    bucket_result, err = storj.ensure_bucket(project, bucket_name)
    if err is not None:
        fail("ensure_bucket", bucket_result, err)
    print(f"created:    bucket {bucket_result.bucket.contents.name.decode('utf-8')}")

    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "hello.bin"), os.path.join(tmp, "back.bin")
        with open(src, "wb") as f:
            f.write(content)
        print(f"uploaded:   {key}, {upload_file(project, bucket_name, key, src)} bytes")

        options = ListObjectsOptions()
        options.recursive = True
        options.system = True
        options.custom = True
        objects_list, err = storj.list_objects(project, bucket_name, options)
        if err is not None:
            fail("list_objects", None, err)
        for obj in objects_list:
            custom = obj.contents.custom
            meta = {custom.entries[i].key.decode("utf-8"): custom.entries[i].value.decode("utf-8")
                    for i in range(custom.count)}
            print(f"listed:     {obj.contents.key.decode('utf-8')}  "
                  f"{obj.contents.system.content_length} bytes  {meta}")

        n = download_file(project, bucket_name, key, dst)
        with open(dst, "rb") as f:
            same = hashlib.sha256(f.read()).digest() == hashlib.sha256(content).digest()
        print(f"downloaded: {n} bytes, sha256 {'matches' if same else 'DIFFERS'}")
        if not same:
            sys.exit(1)

    permission = Permission()
    permission.allow_download = True
    permission.allow_list = True
    share_result, err = storj.access_share(access_result.access, permission,
                                           [{"bucket": bucket_name, "prefix": "greetings/"}])
    if err is not None:
        fail("access_share", share_result, err)
    string_result, err = storj.access_serialize(share_result.access)
    if err is not None:
        fail("access_serialize", string_result, err)
    serialized = string_result.string.decode("utf-8")
    print(f"shared:     a read-only access of {len(serialized)} characters")

    shared_result, err = storj.parse_access(string_result.string)
    if err is not None:
        fail("parse_access", shared_result, err)
    shared_project_result, err = storj.open_project(shared_result.access)
    if err is not None:
        fail("open_project (shared)", shared_project_result, err)
    shared_project = shared_project_result.project
    object_result, err = storj.stat_object(shared_project, bucket_name, key)
    if err is not None:
        fail("stat_object (shared)", object_result, err)
    object_result, err = storj.delete_object(shared_project, bucket_name, key)
    if not bool(object_result.error) or \
            object_result.error.contents.code != ERROR_PERMISSION_DENIED:
        sys.exit("a read-only access could delete!")
    print(f"shared:     it sees {key} and may not delete it ({err})")
    err = storj.close_project(shared_project)
    if err is not None:
        fail("close_project (shared)", err, err)

    empty_and_delete_bucket(project, bucket_name)
    err = storj.close_project(project)
    if err is not None:
        fail("close_project", err, err)
    print("binding hello storj: OK")


if __name__ == "__main__":
    main()
