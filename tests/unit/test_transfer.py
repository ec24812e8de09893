"""The whole-file transfer logic (storj_uplink.transfer) with the project mocked: no network."""

from __future__ import annotations

import hashlib
import io
import os
import threading
from datetime import datetime, timezone

import pytest

import storj_uplink as sj
from storj_uplink import transfer
from storj_uplink._parallel import Stopper
from storj_uplink.transfer import CHUNK_SIZE, MAX_PARTS, MIN_PART_SIZE, SEGMENT_SIZE, Part

MiB = 1 << 20
CREATED = datetime(2024, 1, 2, tzinfo=timezone.utc)


# ---------------------------------------------------------------- fakes


class FakePart:
    """A PartUpload stand-in: records the bytes written (copied: the caller reuses its buffer)."""

    def __init__(self, mpu, number):
        self.mpu, self.number = mpu, number
        self.chunks = []
        self.state = "open"

    def write(self, data):
        if self.mpu.fail_part == self.number and sum(map(len, self.chunks)) >= MiB:
            raise sj.InternalError("injected part failure")
        if self.mpu.on_write:
            self.mpu.on_write(self)
        assert len(data) <= CHUNK_SIZE  # bounded memory: never a whole part at once
        self.chunks.append(bytes(data))
        return len(data)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *rest):
        self.state = "committed" if exc_type is None else "aborted"

    @property
    def info(self):
        return sj.PartInfo(part_number=self.number, size=sum(map(len, self.chunks)), modified=None)


class FakeMultipart:
    def __init__(self, fail_part=None, on_write=None):
        self.parts = {}
        self.fail_part = fail_part
        self.on_write = on_write
        self.committed = self.aborted = False
        self.lock = threading.Lock()

    def part(self, number):
        p = FakePart(self, number)
        with self.lock:
            self.parts[number] = p
        return p

    def commit(self):
        assert all(p.state == "committed" for p in self.parts.values())
        self.committed = True
        data = self.data()
        return sj.ObjectInfo(key="k", content_length=len(data))

    def abort(self):
        self.aborted = True

    def data(self):
        return b"".join(b"".join(self.parts[n].chunks) for n in sorted(self.parts))


class FakeUpload:
    def __init__(self):
        self.chunks = []
        self.state = "open"

    def write(self, data):
        assert len(data) <= CHUNK_SIZE
        self.chunks.append(bytes(data))
        return len(data)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *rest):
        self.state = "committed" if exc_type is None else "aborted"

    @property
    def info(self):
        return sj.ObjectInfo(key="k", content_length=sum(map(len, self.chunks)))


class FakeDownload:
    def __init__(self, data, offset, length, created=CREATED, fail_after=None):
        self.data = data[offset:offset + length]
        self.total = len(data)
        self.pos = 0
        self.created = created
        self.fail_after = fail_after
        self.closed = False

    @property
    def info(self):
        return sj.ObjectInfo(key="k", content_length=self.total, created=self.created)

    def readinto(self, view):
        if self.fail_after is not None and self.pos >= self.fail_after:
            raise sj.InternalError("injected download failure")
        n = min(len(view), len(self.data) - self.pos)
        view[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.closed = True


def sha(data):
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def project(mocker):
    proj = mocker.MagicMock(name="project")
    proj.mpu = FakeMultipart()
    proj.single = FakeUpload()
    proj.begin_upload.side_effect = lambda *a, **k: proj.mpu
    proj.upload_object.side_effect = lambda *a, **k: proj.single
    return proj


@pytest.fixture
def big_file(tmp_path):
    data = os.urandom(3 * MIN_PART_SIZE + 12345)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    return path, data


class Recorder:
    """A progress callback that checks thread safety and monotonicity."""

    def __init__(self):
        self.calls = []
        self.lock = threading.Lock()
        self.inside = 0

    def __call__(self, done, total):
        with self.lock:
            self.inside += 1
            assert self.inside == 1, "progress called concurrently"
        self.calls.append((done, total))
        with self.lock:
            self.inside -= 1

    def check(self, size):
        done = [d for d, _ in self.calls]
        assert done == sorted(done), "progress went backwards"
        assert self.calls[-1] == (size, size)


# ---------------------------------------------------------------- planning


@pytest.mark.parametrize("size,part_size,expected", [
    (0, 10, []),
    (1, 10, [Part(1, 0, 1)]),
    (10, 10, [Part(1, 0, 10)]),
    (11, 10, [Part(1, 0, 10), Part(2, 10, 1)]),
    (30, 10, [Part(1, 0, 10), Part(2, 10, 10), Part(3, 20, 10)]),
])
def test_plan_parts(size, part_size, expected):
    assert transfer.plan_parts(size, part_size) == expected


def test_plan_parts_covers_every_byte_once():
    size, part_size = 200 * MiB + 7, 64 * MiB
    parts = transfer.plan_parts(size, part_size)
    assert [p.number for p in parts] == [1, 2, 3, 4]
    assert sum(p.length for p in parts) == size
    assert all(a.offset + a.length == b.offset for a, b in zip(parts, parts[1:]))
    assert all(p.length == part_size for p in parts[:-1])


def test_part_size_grows_to_stay_within_max_parts():
    assert transfer.part_size_for(10 * SEGMENT_SIZE, SEGMENT_SIZE) == SEGMENT_SIZE
    huge = (MAX_PARTS + 1) * SEGMENT_SIZE
    size = transfer.part_size_for(huge, SEGMENT_SIZE)
    assert size % SEGMENT_SIZE == 0 and size > SEGMENT_SIZE
    assert len(transfer.plan_parts(huge, size)) <= MAX_PARTS


def test_defaults_are_documented_choices():
    assert transfer.DEFAULT_PART_SIZE == 64 * MiB and transfer.DEFAULT_PART_SIZE % SEGMENT_SIZE == 0
    assert transfer.DEFAULT_CONCURRENCY == 4
    assert 256 * 1024 <= CHUNK_SIZE <= MiB


# ---------------------------------------------------------------- progress


def test_progress_is_monotonic_and_serialized_across_threads():
    rec = Recorder()
    prog = transfer._Progress(rec, 8 * 1000)
    threads = [threading.Thread(target=lambda: [prog.add(1) for _ in range(1000)])
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    prog.finish()
    rec.check(8000)
    assert len(rec.calls) == 8000  # finish adds no duplicate when already at the total


def test_progress_finish_reports_empty_and_unknown_sizes():
    rec = Recorder()
    transfer._Progress(rec, 0).finish()
    assert rec.calls == [(0, 0)]
    rec = Recorder()
    prog = transfer._Progress(rec, None)
    prog.add(5)
    prog.finish()
    assert rec.calls == [(5, None), (5, 5)]


def test_progress_must_be_callable():
    with pytest.raises(TypeError):
        transfer._Progress(42, 1)


# ---------------------------------------------------------------- upload


def test_small_file_goes_through_one_upload(project, tmp_path):
    data = os.urandom(3 * MiB + 5)
    path = tmp_path / "small.bin"
    path.write_bytes(data)
    rec = Recorder()
    info = transfer.upload_file(project, "b", str(path), "k", progress=rec,
                                metadata={"a": "b"})
    project.begin_upload.assert_not_called()
    args = project.upload_object.call_args
    assert args.args[:2] == ("b", "k") and args.args[3] == {"a": "b"}
    assert sha(b"".join(project.single.chunks)) == sha(data)
    assert project.single.state == "committed" and info.content_length == len(data)
    rec.check(len(data))


def test_large_file_is_uploaded_in_parallel_parts(project, big_file):
    path, data = big_file
    rec = Recorder()
    started = threading.Barrier(3, timeout=10)
    seen = set()

    def on_write(part):  # the three parts must be in flight at the same time
        if part.number <= 3 and part.number not in seen:
            seen.add(part.number)
            started.wait()

    project.mpu.on_write = on_write
    expires = datetime(2031, 1, 1, tzinfo=timezone.utc)
    info = transfer.upload_file(project, "b", path, "k", part_size=MIN_PART_SIZE,
                                concurrency=3, progress=rec, metadata={"m": "1"},
                                expires=expires)
    project.begin_upload.assert_called_once_with("b", "k", expires=expires,
                                                 metadata={"m": "1"})
    project.upload_object.assert_not_called()
    mpu = project.mpu
    assert sorted(mpu.parts) == [1, 2, 3, 4]
    assert mpu.committed and not mpu.aborted
    assert sha(mpu.data()) == sha(data) and info.content_length == len(data)
    rec.check(len(data))


def test_a_failed_part_aborts_everything(project, big_file):
    path, _ = big_file
    project.mpu.fail_part = 2
    rec = Recorder()
    with pytest.raises(sj.InternalError, match="injected part failure"):
        transfer.upload_file(project, "b", path, "k", part_size=MIN_PART_SIZE,
                             concurrency=2, progress=rec, retry=None)
    mpu = project.mpu
    assert mpu.aborted and not mpu.committed
    assert all(p.state == "aborted" for n, p in mpu.parts.items() if n == 2)
    assert all(p.state in ("committed", "aborted") for p in mpu.parts.values())


class FailingFile(io.RawIOBase):
    """A seekable binary file object that raises after ``fail_at`` bytes were read."""

    def __init__(self, data, fail_at):
        self._f = io.BytesIO(data)
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
        if self._f.tell() >= self.fail_at:
            raise OSError("injected read failure")
        return self._f.readinto(b)


def test_a_failing_source_aborts_the_multipart_upload(project):
    data = os.urandom(2 * MIN_PART_SIZE + 1)
    src = FailingFile(data, fail_at=MIN_PART_SIZE + MiB)
    with pytest.raises(OSError, match="injected read failure"):
        transfer.upload_file(project, "b", src, "k", part_size=MIN_PART_SIZE)
    assert project.mpu.aborted and not project.mpu.committed


def test_a_failing_source_aborts_the_single_upload(project):
    src = FailingFile(os.urandom(3 * MiB), fail_at=MiB)
    with pytest.raises(OSError, match="injected read failure"):
        transfer.upload_file(project, "b", src, "k")
    assert project.single.state == "aborted"


def test_a_raising_progress_callback_aborts(project, big_file):
    path, _ = big_file

    def progress(done, total):
        if done > 2 * MiB:
            raise KeyboardInterrupt  # even a BaseException stops and aborts everything

    with pytest.raises(KeyboardInterrupt):
        transfer.upload_file(project, "b", path, "k", part_size=MIN_PART_SIZE,
                             progress=progress)
    assert project.mpu.aborted and not project.mpu.committed


def test_a_shrinking_source_is_an_error(project, tmp_path):
    path = tmp_path / "f"
    path.write_bytes(os.urandom(2 * MIN_PART_SIZE))
    src = transfer._FdSource(path)
    real = src.read_into
    src.read_into = lambda view, offset: 0 if offset >= MIN_PART_SIZE + 10 else real(view, offset)
    mpu = FakeMultipart()
    with pytest.raises(EOFError):
        transfer._upload_part(mpu, src, Part(2, MIN_PART_SIZE, MIN_PART_SIZE),
                              transfer._Progress(None, None), Stopper())
    src.close()
    assert mpu.parts[2].state == "aborted"


def test_file_object_upload_from_its_current_position(project):
    data = os.urandom(2 * MIN_PART_SIZE + 3)
    f = io.BytesIO(b"skip" + data)
    f.seek(4)
    transfer.upload_file(project, "b", f, "k", part_size=MIN_PART_SIZE)
    assert sha(project.mpu.data()) == sha(data)
    assert f.tell() == 4 + len(data)


def test_non_seekable_source_streams_through_one_upload(project):
    data = os.urandom(2 * MIN_PART_SIZE + 3)
    r, w = os.pipe()
    writer = threading.Thread(target=lambda: (os.write(w, data), os.close(w)))
    writer.start()
    rec = Recorder()
    try:
        with open(r, "rb", buffering=0) as f:
            transfer.upload_file(project, "b", f, "k", part_size=MIN_PART_SIZE, progress=rec)
    finally:
        writer.join()
    project.begin_upload.assert_not_called()
    assert sha(b"".join(project.single.chunks)) == sha(data)
    assert rec.calls[-1] == (len(data), len(data)) and rec.calls[0][1] is None


@pytest.mark.parametrize("kwargs,exc", [
    ({"part_size": MIN_PART_SIZE - 1}, ValueError),
    ({"part_size": 5.5 * MiB}, TypeError),
    ({"concurrency": 0}, ValueError),
    ({"concurrency": True}, TypeError),
])
def test_upload_options_are_validated(project, tmp_path, kwargs, exc):
    (tmp_path / "f").write_bytes(b"x")
    with pytest.raises(exc):
        transfer.upload_file(project, "b", tmp_path / "f", "k", **kwargs)
    project.upload_object.assert_not_called()


def test_text_files_are_refused(project, tmp_path):
    (tmp_path / "f").write_text("hello")
    with open(tmp_path / "f") as f, pytest.raises(TypeError, match="binary"):
        transfer.upload_file(project, "b", f, "k")


# ---------------------------------------------------------------- download


def _serve(project, data, fail=None, created=CREATED):
    """download_object(bucket, key, offset, length) over data; fail: offset of a failing range."""
    project.stat_object.return_value = sj.ObjectInfo(key="k", content_length=len(data),
                                                     created=CREATED)
    calls = []

    def download_object(bucket, key, offset, length):
        calls.append((offset, length))
        return FakeDownload(data, offset, length, created=created,
                            fail_after=MiB if offset == fail else None)

    project.download_object.side_effect = download_object
    return calls


def test_parallel_download_to_a_path(project, tmp_path):
    data = os.urandom(4 * MiB + 17)
    calls = _serve(project, data)
    rec = Recorder()
    dest = tmp_path / "out.bin"
    info = transfer.download_file(project, "b", "k", dest, part_size=MiB, concurrency=3,
                                  progress=rec)
    assert sha(dest.read_bytes()) == sha(data) and info.content_length == len(data)
    assert sorted(calls) == [(0, MiB), (MiB, MiB), (2 * MiB, MiB), (3 * MiB, MiB),
                             (4 * MiB, 17)]
    assert os.listdir(tmp_path) == ["out.bin"]
    rec.check(len(data))


def test_a_failed_range_leaves_no_partial_file(project, tmp_path):
    data = os.urandom(6 * MiB)
    _serve(project, data, fail=2 * MiB)
    dest = tmp_path / "out.bin"
    with pytest.raises(sj.InternalError, match="injected download failure"):
        transfer.download_file(project, "b", "k", dest, part_size=2 * MiB, retry=None)
    assert os.listdir(tmp_path) == []


def test_a_failed_download_keeps_the_old_destination(project, tmp_path):
    _serve(project, os.urandom(6 * MiB), fail=0)
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"old contents")
    with pytest.raises(sj.InternalError):
        transfer.download_file(project, "b", "k", str(dest), part_size=2 * MiB, retry=None)
    assert dest.read_bytes() == b"old contents"
    assert os.listdir(tmp_path) == ["out.bin"]


def test_an_object_replaced_during_download_is_detected(project, tmp_path):
    _serve(project, os.urandom(3 * MiB), created=datetime(2025, 1, 1, tzinfo=timezone.utc))
    with pytest.raises(sj.StorjError, match="changed"):
        transfer.download_file(project, "b", "k", tmp_path / "out.bin", part_size=MiB)
    assert os.listdir(tmp_path) == []


def test_download_to_a_file_object_is_sequential(project):
    data = os.urandom(3 * MiB + 1)
    calls = _serve(project, data)
    out = io.BytesIO()
    rec = Recorder()
    transfer.download_file(project, "b", "k", out, part_size=MiB, progress=rec)
    assert calls == [(0, len(data))]
    assert sha(out.getvalue()) == sha(data)
    rec.check(len(data))


def test_download_of_an_empty_object(project, tmp_path):
    calls = _serve(project, b"")
    rec = Recorder()
    transfer.download_file(project, "b", "k", tmp_path / "empty", progress=rec)
    assert (tmp_path / "empty").read_bytes() == b"" and calls == []
    assert rec.calls == [(0, 0)]


def test_download_refuses_a_directory_and_text_files(project, tmp_path):
    _serve(project, b"abc")
    with pytest.raises(IsADirectoryError):
        transfer.download_file(project, "b", "k", tmp_path)
    with open(tmp_path / "t", "w") as f, pytest.raises(TypeError):
        transfer.download_file(project, "b", "k", f)


def test_bucket_methods_delegate(mocker):
    up = mocker.patch("storj_uplink.transfer.upload_file", return_value="up")
    down = mocker.patch("storj_uplink.transfer.download_file", return_value="down")
    proj = mocker.MagicMock()
    b = sj.Bucket(proj, "b", None)
    assert b.upload_file("p", "k", concurrency=2) == "up"
    up.assert_called_once_with(proj, "b", "p", "k", part_size=transfer.DEFAULT_PART_SIZE,
                               concurrency=2, metadata=None, expires=None, progress=None,
                               retry=transfer.DEFAULT_RETRY, resume=False,
                               content_type="auto")
    assert b.download_file("k", "p", part_size=MiB, retry=None, resume=True) == "down"
    down.assert_called_once_with(proj, "b", "k", "p", concurrency=transfer.DEFAULT_CONCURRENCY,
                                 part_size=MiB, progress=None, retry=None, resume=True)


@pytest.mark.parametrize("has_pwrite", [True, False])
def test_offset_writes_from_many_threads_land_in_place(tmp_path, monkeypatch, has_pwrite):
    """Parallel ranges write at their offsets: os.pwrite, or seek + write where it is
    missing (Windows)."""
    from concurrent.futures import ThreadPoolExecutor

    from storj_uplink._transfer_io import pwrite_sink

    if not has_pwrite:
        monkeypatch.delattr(os, "pwrite")
    data = os.urandom(64 * 1024)
    path = tmp_path / "out"
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        sink = pwrite_sink(fd)
        chunks = [(memoryview(data)[i:i + 1000], i) for i in range(0, len(data), 1000)]
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda c: sink(*c), reversed(chunks)))
    finally:
        os.close(fd)
    assert path.read_bytes() == data
