"""``content_type`` on the uploads, checked in the metadata stored on the real network.

Every upload path stores the content type under ``content-type``, the custom
metadata key storj.io/uplink (private/metaclient) and the S3 gateway and
linksharing read: guessed from the key by default, as given when a string,
not at all with ``None``; a ``content-type`` in the caller's metadata wins.
"""

from __future__ import annotations

import asyncio
import io
import os
from ctypes import POINTER, c_uint8, cast

import pytest

import storj_uplink as sj
from storj_uplink import aio
from storj_uplink.binding import LibUplinkPy

pytestmark = pytest.mark.network

MiB = 1 << 20


def stored(bucket: sj.Bucket, key: str) -> dict:
    return dict(bucket.stat(key).metadata)


def test_put_guesses_stores_explicit_opts_out_and_lets_metadata_win(bucket):
    bucket.put("cats/tom.jpg", b"jpeg")
    bucket.put("notes", b"no extension")
    bucket.put("t.csv", b"a,b", content_type="application/x-mine", metadata={"m": "1"})
    bucket.put("off.jpg", b"x", content_type=None, metadata={"m": "1"})
    bucket.put("mine.jpg", b"x", content_type="image/png",
               metadata={"Content-Type": "text/plain"})
    assert stored(bucket, "cats/tom.jpg") == {"content-type": "image/jpeg"}
    assert stored(bucket, "notes") == {}
    assert stored(bucket, "t.csv") == {"m": "1", "content-type": "application/x-mine"}
    assert stored(bucket, "off.jpg") == {"m": "1"}
    assert stored(bucket, "mine.jpg") == {"Content-Type": "text/plain"}
    listed = {o.key: o.metadata for o in bucket.list(recursive=True, custom=True)}
    assert listed["cats/tom.jpg"] == {"content-type": "image/jpeg"}


def test_streams_of_the_bucket_and_the_project(project, bucket):
    with bucket.upload("page.html") as up:
        up.write(b"<p>hi</p>")
    with project.upload_object(bucket.name, "data.json", content_type=None) as up:
        up.write(b"{}")
    with project.upload_object(bucket.name, "x.bin", content_type="text/plain") as up:
        up.write(b"x")
    assert stored(bucket, "page.html") == {"content-type": "text/html"}
    assert stored(bucket, "data.json") == {}
    assert stored(bucket, "x.bin") == {"content-type": "text/plain"}


def test_a_bad_content_type_refuses_before_any_object_exists(bucket):
    with pytest.raises(TypeError, match="content_type"):
        bucket.put("a.txt", b"x", content_type=b"text/plain")
    with pytest.raises(ValueError, match="None"):
        bucket.upload_file(io.BytesIO(b"x"), "b.txt", content_type="")
    assert [o.key for o in bucket.list(recursive=True)] == []


@pytest.mark.parametrize("size", [1000, 6 * MiB], ids=["single", "multipart"])
def test_upload_file_single_and_multipart(bucket, tmp_path, size):
    path = tmp_path / "f"
    path.write_bytes(os.urandom(size))
    opts = {"part_size": 5 * MiB}
    bucket.upload_file(path, "v/clip.mp4", **opts)
    bucket.upload_file(path, "v/off.mp4", content_type=None, metadata={"k": "v"}, **opts)
    bucket.upload_file(str(path), "v/given", content_type="video/x-given", **opts)
    assert stored(bucket, "v/clip.mp4") == {"content-type": "video/mp4"}
    assert stored(bucket, "v/off.mp4") == {"k": "v"}
    assert stored(bucket, "v/given") == {"content-type": "video/x-given"}
    assert bucket.stat("v/clip.mp4").content_length == size


def test_aio_put_upload_and_upload_file(access, bucket, tmp_path):
    path = tmp_path / "table.csv"
    path.write_bytes(b"a,b\n1,2\n")

    async def main():
        async with await aio.open_project(access) as project:
            b = project.bucket(bucket.name)
            await b.put("a/tom.jpg", b"jpeg")
            await b.put("a/off.jpg", b"jpeg", content_type=None)
            async with b.upload("a/p.png") as up:
                await up.write(b"png")
            async with project.upload_object(bucket.name, "a/q.png", content_type=None) as up:
                await up.write(b"png")
            await b.upload_file(path, "a/table.csv")
            await b.upload_file(path, "a/raw.csv", content_type=None)

    asyncio.run(main())
    assert stored(bucket, "a/tom.jpg") == {"content-type": "image/jpeg"}
    assert stored(bucket, "a/off.jpg") == {}
    assert stored(bucket, "a/p.png") == {"content-type": "image/png"}
    assert stored(bucket, "a/q.png") == {}
    assert stored(bucket, "a/table.csv") == {"content-type": "text/csv"}
    assert stored(bucket, "a/raw.csv") == {}


def test_fsspec_open_pipe_and_put(storj_network, bucket, tmp_path):
    fsspec = pytest.importorskip("fsspec")
    from storj_uplink.filesystem import StorjFileSystem

    fs = fsspec.filesystem("sj", access=storj_network.access, skip_instance_cache=True)
    try:
        root = bucket.name
        with fs.open(f"{root}/w/a.txt", "wb") as f:
            f.write(b"hello")
        with fs.open(f"{root}/w/b.txt", "wb", content_type=None, metadata={"k": "v"}) as f:
            f.write(b"hello")
        with fs.open(f"sj://{root}/w/c.txt", "wb", content_type="text/x-c") as f:
            f.write(b"hello")
        fs.pipe(f"{root}/w/d.json", b"{}")
        fs.pipe_file(f"{root}/w/e.json", b"{}", content_type=None)
        local = tmp_path / "page.html"
        local.write_bytes(b"<p>hi</p>")
        fs.put(str(local), f"{root}/w/page.html")
        fs.put_file(str(local), f"{root}/w/raw.html", content_type=None)
        assert fs.info(f"{root}/w/a.txt")["metadata"] == {"content-type": "text/plain"}
    finally:
        fs.close()
        StorjFileSystem.clear_instance_cache()
    assert stored(bucket, "w/a.txt") == {"content-type": "text/plain"}
    assert stored(bucket, "w/b.txt") == {"k": "v"}
    assert stored(bucket, "w/c.txt") == {"content-type": "text/x-c"}
    assert stored(bucket, "w/d.json") == {"content-type": "application/json"}
    assert stored(bucket, "w/e.json") == {}
    assert stored(bucket, "w/page.html") == {"content-type": "text/html"}
    assert stored(bucket, "w/raw.html") == {}


def test_the_classic_binding_sets_no_content_type(storj_network, bucket):
    """uplink-c stores no content type, and code written for it keeps getting none."""
    storj = LibUplinkPy()
    access_result, err = storj.parse_access(storj_network.access.encode("utf-8"))
    assert err is None
    project_result, err = storj.open_project(access_result.access)
    assert err is None
    try:
        up, err = storj.upload_object(project_result.project, bucket.name, "c/old.jpg", None)
        assert err is None
        data = (c_uint8 * 4)(*b"jpeg")
        assert storj.upload_write(up.upload, cast(data, POINTER(c_uint8)), 4)[1] is None
        assert storj.upload_commit(up.upload) is None
    finally:
        storj.close_project(project_result.project)
    assert stored(bucket, "c/old.jpg") == {}
