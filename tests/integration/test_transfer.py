"""Whole-file transfers on the real local network: 200 MiB both ways, failures leave nothing."""

from __future__ import annotations

import hashlib
import io
import os
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

import storj_uplink as sj
from storj_uplink.transfer import MIN_PART_SIZE

pytestmark = pytest.mark.network

MiB = 1 << 20


def file_of(path, size):
    """A file of random bytes written in 1 MiB chunks; returns its sha256."""
    h = hashlib.sha256()
    with open(path, "wb") as f:
        for i in range(0, size, MiB):
            chunk = os.urandom(min(MiB, size - i))
            h.update(chunk)
            f.write(chunk)
    return h.hexdigest()


def sha_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(MiB), b""):
            h.update(chunk)
    return h.hexdigest()


class Progress:
    def __init__(self):
        self.calls = []
        self.threads = set()
        self.lock = threading.Lock()

    def __call__(self, done, total):
        with self.lock:
            self.calls.append((done, total))
            self.threads.add(threading.get_ident())

    def check(self, size):
        done = [d for d, _ in self.calls]
        assert done == sorted(done) and self.calls[-1] == (size, size)


def nothing_left(bucket, key):
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat(key)
    assert list(bucket.list_uploads(recursive=True)) == []


def test_200_mib_round_trip(bucket, tmp_path, capsys):
    size = 200 * MiB
    src, dst = tmp_path / "src.bin", tmp_path / "dst.bin"
    digest = file_of(src, size)

    up = Progress()
    t0 = time.monotonic()
    info = bucket.upload_file(src, "big/200.bin", concurrency=4, progress=up,
                              metadata={"sha256": digest})
    t_up = time.monotonic() - t0
    meta = {"sha256": digest, "content-type": "application/octet-stream"}  # type from ".bin"
    assert info.content_length == size and info.metadata == meta
    up.check(size)
    assert len(up.threads) > 1  # reported from the worker threads
    assert list(bucket.list_uploads(recursive=True)) == []

    down = Progress()
    t0 = time.monotonic()
    got = bucket.download_file("big/200.bin", dst, concurrency=4, progress=down)
    t_down = time.monotonic() - t0
    assert got.content_length == size and got.metadata == meta
    down.check(size)
    assert sha_file(dst) == digest
    assert sorted(os.listdir(tmp_path)) == ["dst.bin", "src.bin"]  # no temporary file left

    with capsys.disabled():
        print(f"\n200 MiB: upload_file {t_up:.1f} s ({size / MiB / t_up:.0f} MiB/s), "
              f"download_file {t_down:.1f} s ({size / MiB / t_down:.0f} MiB/s)")


def test_file_objects_and_odd_part_sizes(bucket, tmp_path):
    size = 3 * MIN_PART_SIZE + 12345
    src = tmp_path / "src.bin"
    digest = file_of(src, size)
    with open(src, "rb") as f:
        bucket.upload_file(f, "fo.bin", part_size=MIN_PART_SIZE, concurrency=3)
        assert f.tell() == size
    out = io.BytesIO()
    prog = Progress()
    bucket.download_file("fo.bin", out, progress=prog)
    assert hashlib.sha256(out.getvalue()).hexdigest() == digest
    prog.check(size)
    dst = tmp_path / "odd.bin"
    bucket.download_file("fo.bin", str(dst), part_size=7 * MiB + 1, concurrency=5)
    assert sha_file(dst) == digest


def test_small_and_empty_files_use_one_upload(bucket, tmp_path, mocker):
    begin = mocker.spy(sj.Project, "begin_upload")
    small = tmp_path / "small.bin"
    digest = file_of(small, 3 * MiB)
    prog = Progress()
    bucket.upload_file(small, "small.bin", progress=prog)
    prog.check(3 * MiB)
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    prog = Progress()
    assert bucket.upload_file(str(empty), "empty.bin", progress=prog).content_length == 0
    assert prog.calls == [(0, 0)]
    begin.assert_not_called()
    bucket.download_file("small.bin", tmp_path / "small.out")
    assert sha_file(tmp_path / "small.out") == digest
    bucket.download_file("empty.bin", tmp_path / "empty.out")
    assert (tmp_path / "empty.out").read_bytes() == b""


def test_upload_file_with_expiry(bucket, tmp_path):
    expires = (datetime.now(timezone.utc) + timedelta(days=1)).replace(microsecond=0)
    path = tmp_path / "f"
    file_of(path, MIN_PART_SIZE + 1)
    bucket.upload_file(path, "multi", part_size=MIN_PART_SIZE, expires=expires)
    bucket.upload_file(path, "single", expires=expires)
    assert bucket.stat("multi").expires == expires
    assert bucket.stat("single").expires == expires


class FailingReader(io.RawIOBase):
    """A seekable binary source that raises once ``fail_at`` bytes were read."""

    def __init__(self, path, fail_at):
        self._f = open(path, "rb")
        self.fail_at = fail_at

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, pos, whence=io.SEEK_SET):
        return self._f.seek(pos, whence)

    def tell(self):
        return self._f.tell()

    def readinto(self, b):
        if self._f.tell() + len(b) > self.fail_at:
            raise OSError("disk on fire")
        return self._f.readinto(b)

    def close(self):
        self._f.close()
        super().close()


@pytest.mark.parametrize("size,fail_at", [
    (4 * MIN_PART_SIZE, 2 * MIN_PART_SIZE + MiB),  # multipart, a middle part fails
    (3 * MiB, 2 * MiB),                             # a single upload
])
def test_failed_upload_leaves_nothing(bucket, tmp_path, size, fail_at):
    path = tmp_path / "src.bin"
    file_of(path, size)
    with FailingReader(path, fail_at) as src, pytest.raises(OSError, match="disk on fire"):
        bucket.upload_file(src, "failed.bin", part_size=MIN_PART_SIZE, concurrency=2)
    nothing_left(bucket, "failed.bin")


def test_a_raising_progress_callback_aborts_the_upload(bucket, tmp_path):
    path = tmp_path / "src.bin"
    file_of(path, 3 * MIN_PART_SIZE)

    def progress(done, total):
        if done >= MIN_PART_SIZE + MiB:
            raise ValueError("stop")

    with pytest.raises(ValueError, match="stop"):
        bucket.upload_file(path, "stopped.bin", part_size=MIN_PART_SIZE, progress=progress)
    nothing_left(bucket, "stopped.bin")


def test_failed_download_leaves_no_partial_destination(bucket, tmp_path):
    src = tmp_path / "src.bin"
    file_of(src, 3 * MIN_PART_SIZE)
    bucket.upload_file(src, "obj.bin", part_size=MIN_PART_SIZE)
    out = tmp_path / "out"
    out.mkdir()
    dest = out / "dest.bin"

    def progress(done, total):
        if done >= 2 * MiB:
            raise ValueError("interrupted")

    with pytest.raises(ValueError, match="interrupted"):
        bucket.download_file("obj.bin", dest, part_size=MIN_PART_SIZE, progress=progress)
    assert os.listdir(out) == []

    dest.write_bytes(b"previous version")
    with pytest.raises(ValueError, match="interrupted"):
        bucket.download_file("obj.bin", dest, progress=progress, concurrency=1)
    assert dest.read_bytes() == b"previous version" and os.listdir(out) == ["dest.bin"]

    with pytest.raises(sj.ObjectNotFoundError):
        bucket.download_file("missing.bin", out / "missing.bin")
    assert os.listdir(out) == ["dest.bin"]


def test_download_replaces_the_destination(bucket, tmp_path):
    bucket.put("k", b"new contents")
    dest = tmp_path / "dest"
    dest.write_bytes(b"old, longer contents")
    bucket.download_file("k", dest)
    assert dest.read_bytes() == b"new contents"
