"""Multipart uploads on the real local network: parts out of order, listings, abort, resume."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from datetime import datetime, timedelta, timezone

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network

MiB = 1 << 20


def sha(data) -> str:
    return hashlib.sha256(data).hexdigest()


def test_three_parts_out_of_order(project, bucket):
    # production satellites want every part but the last to be >= 5 MiB
    parts = {1: os.urandom(5 * MiB), 2: os.urandom(5 * MiB + 3), 3: os.urandom(MiB + 7)}
    with project.begin_upload(bucket.name, "big.bin", metadata={"kind": "multi"}) as mpu:
        assert isinstance(mpu, sj.MultipartUpload)
        assert (mpu.bucket, mpu.key) == (bucket.name, "big.bin") and mpu.upload_id
        for number in (3, 1, 2):
            with mpu.part(number) as part:
                assert isinstance(part, sj.PartUpload) and part.writable()
                view = memoryview(parts[number])
                for i in range(0, len(view), MiB):
                    part.write(view[i:i + MiB])
                part.etag = f"etag-{number}"
                assert part.tell() == len(parts[number])
            assert part.committed and part.info.size == len(parts[number])
            assert part.info.etag == f"etag-{number}".encode()
    assert mpu.committed
    whole = parts[1] + parts[2] + parts[3]
    info = mpu.object
    assert info.key == "big.bin" and info.content_length == len(whole)
    assert bucket.stat("big.bin").metadata == {"kind": "multi"}
    with bucket.download("big.bin") as down:
        assert sha(down.read()) == sha(whole)
    # a range across the part boundary
    with bucket.download("big.bin", offset=5 * MiB - 10, length=20) as down:
        assert down.read() == whole[5 * MiB - 10:5 * MiB + 10]


def test_list_uploads_and_parts(project, bucket):
    mpu = project.begin_upload(bucket.name, "dir/a.bin")
    other = bucket.begin_upload("b.bin")
    try:
        for number, etag in ((2, b"two"), (1, "one"), (5, None)):
            with mpu.part(number) as part:
                part.write(os.urandom(1000 * number))
                if etag is not None:
                    part.etag = etag
        uploads = {u.key: u for u in project.list_uploads(bucket.name, recursive=True)}
        assert set(uploads) == {"dir/a.bin", "b.bin"}
        assert uploads["dir/a.bin"].upload_id == mpu.upload_id
        assert all(isinstance(u, sj.UploadInfo) for u in uploads.values())
        top = {u.key: u.is_prefix for u in bucket.list_uploads()}
        assert top == {"dir/": True, "b.bin": False}
        assert [u.key for u in project.list_uploads(bucket.name, prefix="dir/")] == ["dir/a.bin"]

        parts = list(mpu.list_parts())
        assert [(p.part_number, p.size, p.etag) for p in parts] == [
            (1, 1000, b"one"), (2, 2000, b"two"), (5, 5000, b"")]
        assert all(p.modified is not None for p in parts)
        after = list(project.list_upload_parts(bucket.name, "dir/a.bin", mpu.upload_id, cursor=1))
        assert [p.part_number for p in after] == [2, 5]
    finally:
        mpu.abort()
        other.abort()
    assert list(project.list_uploads(bucket.name, recursive=True)) == []


def test_abort_leaves_nothing(project, bucket):
    with pytest.raises(RuntimeError, match="boom"):
        with bucket.begin_upload("gone.bin") as mpu:
            with mpu.part(1) as part:
                part.write(os.urandom(MiB))
            open_part = mpu.part(2)
            open_part.write(b"half")
            raise RuntimeError("boom")
    assert mpu.aborted and open_part.aborted  # the open part was aborted first
    assert list(bucket.list_uploads(recursive=True)) == []
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("gone.bin")
    assert list(bucket.list(recursive=True)) == []
    mpu.abort()  # idempotent
    with pytest.raises(sj.UploadDoneError):
        mpu.part(3)
    with pytest.raises(sj.UploadDoneError):
        mpu.commit()


def test_resume_from_another_project(access, project, bucket):
    mpu = bucket.begin_upload("resumed.bin")
    first = os.urandom(5 * MiB)
    with mpu.part(1) as part:
        part.write(first)
    with access.open_project() as other:
        again = other.resume_upload(bucket.name, "resumed.bin", mpu.upload_id)
        assert again.info is None and again.upload_id == mpu.upload_id
        assert [p.part_number for p in again.list_parts()] == [1]
        with again.part(2) as part:
            part.write(b"tail")
        info = again.commit(metadata={"resumed": "yes"})
    assert info.content_length == len(first) + 4
    assert bucket.stat("resumed.bin").metadata == {"resumed": "yes"}
    assert bucket.get("resumed.bin") == first + b"tail"


def test_begin_upload_with_expiry(bucket):
    expires = (datetime.now(timezone.utc) + timedelta(days=3)).replace(microsecond=0)
    with bucket.begin_upload("exp.bin", expires=expires) as mpu:
        with mpu.part(1) as part:
            part.write(b"x" * 100)
    assert bucket.stat("exp.bin").expires == expires
    pending = bucket.begin_upload("pending.bin", expires=expires)
    try:
        listed = list(bucket.list_uploads(system=True))
        assert [u.expires for u in listed] == [expires]
    finally:
        pending.abort()
    with pytest.raises(ValueError):
        bucket.begin_upload("naive.bin", expires=datetime(2040, 1, 1))


@pytest.mark.parametrize("number,exc", [
    ("1", TypeError), (1.0, TypeError), (True, TypeError), (None, TypeError),
    (-1, ValueError), (2**32, ValueError),
])
def test_part_numbers_are_validated(bucket, number, exc):
    mpu = bucket.begin_upload("n.bin")
    try:
        with pytest.raises(exc):
            mpu.part(number)
        with pytest.raises(exc):
            list(mpu.list_parts(cursor=number))
    finally:
        mpu.abort()


def test_part_numbers_uplink_refuses(bucket):
    mpu = bucket.begin_upload("n.bin")
    try:
        with mpu.part(0) as part:  # 0 is a valid part number
            part.write(b"zero")
        # uint32 in the C API, but storj.io/uplink stops below 2**31 - 1
        with pytest.raises(sj.InternalError, match="partNumber"):
            mpu.part(2**31 - 1)
    finally:
        mpu.abort()


def test_part_state_machine_and_etag(bucket):
    mpu = bucket.begin_upload("s.bin")
    try:
        part = mpu.part(1)
        assert part.etag == b""
        part.write(b"abc")
        part.etag = b"\x01raw-bytes\xff"
        assert part.etag == b"\x01raw-bytes\xff"
        with pytest.raises(sj.InternalError, match="etag already set"):
            part.etag = "again"
        with pytest.raises(TypeError):
            part.etag = 42
        with pytest.raises(ValueError):
            part.etag = b"nul\0byte"
        with pytest.raises(TypeError):
            part.write("text")
        with pytest.raises(ValueError, match="still open"):
            mpu.commit()
        info = part.commit()
        assert info.size == 3 and info.etag == b"\x01raw-bytes\xff"
        assert part.info == info and part.closed
        with pytest.raises(sj.UploadDoneError):
            part.write(b"more")
        with pytest.raises(sj.UploadDoneError):
            part.commit()
        with pytest.raises(sj.UploadDoneError):
            part.abort()
        part.close()  # idempotent

        dropped = mpu.part(2)
        dropped.write(b"dropped")
        dropped.abort()
        dropped.abort()
        assert dropped.aborted
        with pytest.raises(sj.UploadDoneError):
            dropped.write(b"x")
        with pytest.raises(sj.UploadDoneError):
            _ = dropped.info
        assert [p.part_number for p in mpu.list_parts()] == [1]
        assert "raw-bytes" not in repr(part) and "part=1" in repr(part)
    finally:
        mpu.abort()


def test_part_is_a_raw_stream(bucket, tmp_path):
    data = os.urandom(3 * MiB + 11)
    src = tmp_path / "src"
    src.write_bytes(data)
    with bucket.begin_upload("stream.bin") as mpu:
        with open(src, "rb") as f, mpu.part(1) as part:
            shutil.copyfileobj(f, part, 256 * 1024)
        with mpu.part(2) as part, io.BufferedWriter(part, buffer_size=64 * 1024) as buffered:
            buffered.write(b"small ")
            buffered.write(b"writes")
    assert bucket.get("stream.bin") == data + b"small writes"


def test_closing_the_project_aborts_open_parts(access, bucket):
    other = access.open_project()
    mpu = other.begin_upload(bucket.name, "c.bin")
    part = mpu.part(1)
    part.write(b"unfinished")
    other.close()
    assert part.aborted and part.closed
    with pytest.raises(sj.ClosedError):
        mpu.part(2)
    with pytest.raises(sj.ClosedError):
        other.resume_upload(bucket.name, "c.bin", mpu.upload_id)
    # the multipart upload itself stays pending on the satellite until aborted
    keys = [u.upload_id for u in bucket.list_uploads()]
    assert keys == [mpu.upload_id]
    bucket.project.resume_upload(bucket.name, "c.bin", mpu.upload_id).abort()


def test_garbage_collected_part_is_aborted(bucket):
    import gc

    mpu = bucket.begin_upload("gc.bin")
    try:
        part = mpu.part(1)
        part.write(b"forgotten")
        del part
        gc.collect()
        assert list(mpu.list_parts()) == []
    finally:
        mpu.abort()


def test_errors_of_a_missing_upload(project, bucket):
    with pytest.raises(sj.InternalError, match="upload ID invalid"):
        project.resume_upload(bucket.name, "x", "not-an-id").abort()
    mpu = bucket.begin_upload("x")
    mpu.abort()
    with pytest.raises(sj.ObjectNotFoundError):
        project.resume_upload(bucket.name, "x", mpu.upload_id).abort()
    with pytest.raises(sj.BucketNotFoundError):
        project.begin_upload(bucket.name + "-missing", "x")
    with pytest.raises(TypeError):
        project.resume_upload(bucket.name, "x", 42)
    with pytest.raises(TypeError):
        project.begin_upload(bucket.name, "x", metadata=[("a", "b")])
    with pytest.raises(TypeError):
        pickle_it(mpu)


def pickle_it(obj):
    import pickle

    return pickle.dumps(obj)
