"""Round trips on the real local network: bytes (sha256), ranges, metadata, unicode."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from datetime import datetime, timedelta, timezone

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network

SIZES = [0, 1, 4 * 1024, 1024 * 1024, 64 * 1024 * 1024 + 1]


def sha(data) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s}B")
def test_round_trip_sha256(bucket, size):
    data = os.urandom(size)
    with bucket.upload("obj") as up:
        view = memoryview(data)
        for i in range(0, size, 1 << 20):  # 1 MiB writes, zero copy slices
            assert up.write(view[i:i + (1 << 20)]) == len(view[i:i + (1 << 20)])
    assert up.committed and up.info.content_length == size
    with bucket.download("obj") as down:
        assert down.info.content_length == size
        got = down.read()
    assert len(got) == size and sha(got) == sha(data)
    assert bucket.stat("obj").content_length == size


def test_readinto_and_buffered_reader(bucket):
    data = os.urandom(3 * 1024 * 1024 + 17)
    bucket.put("k", data)
    with bucket.download("k") as down:
        reader = io.BufferedReader(down, buffer_size=256 * 1024)
        chunks = list(iter(lambda: reader.read(100_000), b""))
    assert sha(b"".join(chunks)) == sha(data)
    buf = bytearray(len(data))
    with bucket.download("k") as down:
        view, got = memoryview(buf), 0
        while got < len(buf):
            n = down.readinto(view[got:])
            assert n > 0
            got += n
        assert down.readinto(bytearray(10)) == 0
    assert bytes(buf) == data


def test_copyfileobj_both_ways(bucket, tmp_path):
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(2 * 1024 * 1024 + 3))
    with open(src, "rb") as f, bucket.upload("file") as up:
        shutil.copyfileobj(f, up, 256 * 1024)
    dst = tmp_path / "dst.bin"
    with bucket.download("file") as down, open(dst, "wb") as f:
        shutil.copyfileobj(down, f, 256 * 1024)
    assert sha(dst.read_bytes()) == sha(src.read_bytes())


@pytest.mark.parametrize("offset,length", [(0, 10), (5, 100), (1000, -1), (4095, 1), (0, 0)])
def test_ranged_downloads(bucket, offset, length):
    data = os.urandom(4096)
    bucket.put("r", data)
    with bucket.download("r", offset=offset, length=length) as down:
        got = down.read()
    end = len(data) if length < 0 else offset + length
    assert got == data[offset:end]


def test_suffix_download_with_negative_offset(bucket):
    data = os.urandom(1000)
    bucket.put("s", data)
    with bucket.download("s", offset=-100) as down:
        assert down.read() == data[-100:]


def test_numpy_like_buffers_and_array(bucket):
    import array

    arr = array.array("d", [1.5, 2.5, -3.25] * 1000)
    with bucket.upload("arr") as up:
        assert up.write(arr) == len(arr) * arr.itemsize
    assert bucket.get("arr") == arr.tobytes()


def test_unicode_keys_and_metadata(bucket):
    key = "dossier/été/ファイル 🚀.txt"
    meta = {"content-type": "text/plain", "ünïcode": "värde ✓", "empty": "", "emoji🚀": "✓"}
    info = bucket.put(key, b"hello", metadata=meta)
    assert info.key == key and info.metadata == meta
    got = bucket.stat(key)
    assert got.key == key and got.metadata == meta
    listed = list(bucket.list("dossier/été/", custom=True))
    assert [o.key for o in listed] == [key] and listed[0].metadata == meta


def test_metadata_with_nul_is_refused_before_upload(bucket):
    with pytest.raises(ValueError, match="NUL"):
        bucket.put("nul", b"x", metadata={"k": "a\0b"})
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("nul")


def test_metadata_set_during_upload(bucket):
    with bucket.upload("m") as up:
        up.write(b"x")
        up.set_custom_metadata({"a": "1"})
    assert bucket.stat("m").metadata == {"a": "1"}


def test_times_are_aware_utc_and_expires_round_trips(bucket):
    expires = datetime.now(timezone.utc) + timedelta(days=2)
    info = bucket.put("e", b"x", expires=expires)
    stat = bucket.stat("e")
    assert stat.created is not None and stat.created.tzinfo is not None
    assert abs((stat.created - datetime.now(timezone.utc)).total_seconds()) < 600
    assert stat.expires is not None and abs((stat.expires - expires).total_seconds()) < 2
    assert info.expires == stat.expires
    assert bucket.put("never", b"x").expires is None


def test_naive_expires_is_refused(bucket):
    with pytest.raises(ValueError, match="timezone-aware"):
        bucket.upload("x", expires=datetime.now())


def test_abort_leaves_nothing(bucket):
    with pytest.raises(RuntimeError):
        with bucket.upload("aborted") as up:
            up.write(b"partial")
            raise RuntimeError("boom")
    assert up.aborted
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("aborted")


def test_close_commits_like_a_file(bucket):
    up = bucket.upload("closed")
    up.write(b"abc")
    up.close()
    assert up.committed and bucket.get("closed") == b"abc"


def test_write_after_commit_or_abort_raises(bucket):
    up = bucket.upload("w")
    up.commit()
    with pytest.raises(sj.UploadDoneError):
        up.write(b"more")
    with pytest.raises(sj.UploadDoneError):
        up.commit()
    with pytest.raises(sj.UploadDoneError):
        up.abort()
    up2 = bucket.upload("w2")
    up2.abort()
    up2.abort()  # idempotent
    with pytest.raises(sj.UploadDoneError):
        up2.write(b"x")


def test_delete_object_returns_what_was_deleted(bucket):
    bucket.put("d", b"12345")
    deleted = bucket.delete("d")
    assert deleted is not None and deleted.key == "d"
    with pytest.raises(sj.ObjectNotFoundError) as info:
        bucket.stat("d")
    assert isinstance(info.value, KeyError) and info.value.code == 0x21


def test_download_of_missing_object(bucket):
    with pytest.raises(sj.ObjectNotFoundError):
        with bucket.download("missing") as down:
            down.read()


def test_use_after_close(bucket):
    bucket.put("u", b"data")
    down = bucket.download("u")
    down.close()
    down.close()
    with pytest.raises(ValueError):
        down.read()
    with pytest.raises(sj.ClosedError):
        down.readinto(bytearray(4))
