"""The OO layer's own logic, with the native layer mocked (no network)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import pytest

import storj_uplink as sj
from storj_uplink._native.core import NativeHandle
from storj_uplink._writer import MAX_NATIVE_CALL
from storj_uplink.errors import ClosedError
from storj_uplink.listing import Listing
from storj_uplink.project import Project
from storj_uplink.upload import Upload


class FakeProject(Project):
    def __init__(self):
        super().__init__(NativeHandle("project-ptr", lambda: None, "project"), access=None)


@pytest.fixture
def native_upload(mocker):
    m = mocker.patch("storj_uplink.upload._upload")
    m.upload_object.side_effect = lambda *a: NativeHandle("up", lambda: None, "upload")
    m.upload_write.side_effect = lambda h, buf, n: n
    m.upload_info.return_value = sj.ObjectInfo(key="k", content_length=3)
    m.committed_upload_info.return_value = sj.ObjectInfo(key="k", content_length=3,
                                                         version="01" * 16)
    return m


def test_with_block_commits_on_success(native_upload):
    proj = FakeProject()
    with proj.upload_object("b", "k") as up:
        assert up.write(b"abc") == 3
    native_upload.upload_commit.assert_called_once()
    native_upload.upload_abort.assert_not_called()
    assert up.committed and up.closed and up.info.content_length == 3
    assert up.info.version == "01" * 16  # the info read right after the commit
    native_upload.upload_info.assert_not_called()


def test_with_block_aborts_and_reraises_on_error(native_upload):
    proj = FakeProject()
    with pytest.raises(KeyError):
        with proj.upload_object("b", "k") as up:
            up.write(b"abc")
            raise KeyError("boom")
    native_upload.upload_abort.assert_called_once()
    native_upload.upload_commit.assert_not_called()
    assert up.aborted


def test_a_failed_commit_at_the_end_of_with_aborts(native_upload):
    native_upload.upload_commit.side_effect = sj.InternalError("satellite unreachable")
    with pytest.raises(sj.InternalError, match="unreachable"):
        with FakeProject().upload_object("b", "k") as up:
            up.write(b"abc")
    native_upload.upload_abort.assert_called_once()  # nothing left open or pending
    assert up.aborted and not up.committed


def test_abort_error_does_not_hide_the_original(native_upload):
    native_upload.upload_abort.side_effect = sj.InternalError("abort failed")
    with pytest.raises(ZeroDivisionError):
        with FakeProject().upload_object("b", "k"):
            raise ZeroDivisionError("in the with block")


def test_metadata_failure_aborts_the_started_upload(native_upload):
    native_upload.upload_set_custom_metadata.side_effect = TypeError("bad metadata")
    with pytest.raises(TypeError):
        FakeProject().upload_object("b", "k", metadata={"a": 1})
    native_upload.upload_abort.assert_called_once()


def test_zero_length_write_makes_no_native_call(native_upload):
    with FakeProject().upload_object("b", "k") as up:
        assert up.write(b"") == 0
    native_upload.upload_write.assert_not_called()


def test_write_refuses_str_and_non_buffers(native_upload):
    up = FakeProject().upload_object("b", "k")
    with pytest.raises(TypeError, match="not str"):
        up.write("text")
    with pytest.raises(TypeError):
        up.write(12)
    up.abort()


def test_project_close_aborts_uploads_and_closes_listings(native_upload, mocker):
    native_project = mocker.patch("storj_uplink.project._project")
    native_project.close_project_ext.return_value = (None, False)  # closed cleanly
    proj = FakeProject()
    up = proj.upload_object("b", "k")
    freed = []
    listing = Listing(proj, NativeHandle("it", lambda: freed.append("it"), "object iterator"),
                      lambda h: None, lambda x: x)
    proj.close()
    assert up.aborted and freed == ["it"]
    with pytest.raises(sj.ClosedError):  # cut short: iterating it must not look complete
        list(listing)
    native_project.close_project_ext.assert_called_once()
    with pytest.raises(sj.ClosedError):
        proj.upload_object("b", "k2")


def test_listing_frees_on_exhaustion_break_and_error():
    proj = FakeProject()
    freed = []
    items = iter([1, 2, 3])

    def listing():
        return Listing(proj, NativeHandle("it", lambda: freed.append(1), "it"),
                       lambda h: next(items, None), lambda x: x * 10)

    assert list(listing()) == [10, 20, 30] and freed == [1]
    it = listing()
    items = iter([1, 2, 3])
    for _ in it:
        break
    it.close()
    assert freed == [1, 1]

    def failing(h):
        raise sj.BucketNotFoundError("gone", code=0x13)

    bad = Listing(proj, NativeHandle("it", lambda: freed.append(2), "it"), failing, lambda x: x)
    with pytest.raises(sj.BucketNotFoundError):
        next(bad)
    assert freed[-1] == 2 and list(bad) == []


def test_config_validation():
    assert sj.Config().dial_timeout is None
    assert sj.Config(dial_timeout=1.5)._to_c()[0].dial_timeout_milliseconds == 1500
    for bad in (0, -1, math.nan, math.inf, 10**9):
        with pytest.raises(ValueError):
            sj.Config(dial_timeout=bad)
    with pytest.raises(TypeError):
        sj.Config(dial_timeout="5")
    with pytest.raises(TypeError):
        sj.Config(user_agent=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        sj.Config(user_agent="a\0b")._to_c()


def test_permission_validation():
    now = datetime.now(timezone.utc)
    p = sj.Permission.read_only(not_after=now + timedelta(hours=1))
    assert p.allow_download and p.allow_list and not p.allow_upload
    with pytest.raises(ValueError):
        sj.Permission(not_before=datetime.now())  # naive
    with pytest.raises(TypeError):
        sj.Permission(allow_download=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        sj.SharePrefix("")


def test_download_and_offsets_are_checked_before_native_calls(mocker):
    native = mocker.patch("storj_uplink.download._download")
    proj = FakeProject()
    with pytest.raises(ValueError):
        proj.download_object("b", "k", length=-5)
    with pytest.raises(TypeError):
        proj.download_object("b", "k", offset=True)  # bools are not offsets
    native.download_object.assert_not_called()


def test_download_read_loops_over_empty_reads(mocker):
    native = mocker.patch("storj_uplink.download._download")
    native.download_object.return_value = NativeHandle("d", lambda: None, "download")
    reads = iter([(0, False), (3, False), (0, True)])

    def read(h, buf, n):
        got, eof = next(reads)
        buf[0:got] = b"xyz"[:got]
        return got, eof

    native.download_read.side_effect = read
    native.download_info.return_value = sj.ObjectInfo(key="k", content_length=3)
    with FakeProject().download_object("b", "k") as down:
        assert down.read() == b"xyz"
        assert down.read(10) == b""
    native.close_download.assert_called_once()


def test_upload_is_not_picklable_and_repr_is_safe(native_upload):
    import pickle

    up = FakeProject().upload_object("bucket", "key")
    assert repr(up) == "<Upload 'bucket'/'key' open>"
    with pytest.raises(TypeError):
        pickle.dumps(up)
    up.abort()
    assert isinstance(up, Upload)


def test_buffers_are_released_after_write_and_readinto(native_upload, mocker):
    up = FakeProject().upload_object("b", "k")
    data = bytearray(b"abcdef")
    up.write(data)
    data.extend(b"more")  # would raise BufferError if the view were still held
    up.abort()
    native = mocker.patch("storj_uplink.download._download")
    native.download_object.return_value = NativeHandle("d", lambda: None, "download")
    native.download_read.return_value = (2, False)
    with FakeProject().download_object("b", "k") as down:
        buf = bytearray(4)
        assert down.readinto(buf) == 2
        buf.extend(b"x")


def test_odd_buffers_raise_type_or_value_errors(native_upload, mocker):
    up = FakeProject().upload_object("b", "k")
    with pytest.raises(ValueError, match="C-contiguous"):
        up.write(memoryview(b"abcdef")[::2])
    assert up.write(memoryview(bytearray(12)).cast("B", (3, 4))) == 12
    up.abort()
    native = mocker.patch("storj_uplink.download._download")
    native.download_object.return_value = NativeHandle("d", lambda: None, "download")
    with FakeProject().download_object("b", "k") as down:
        for bad in (b"read-only", memoryview(bytearray(8))[::2], "text", 42):
            with pytest.raises(TypeError):
                down.readinto(bad)


def test_read_of_a_huge_size_allocates_one_native_call_at_most(mocker):
    native = mocker.patch("storj_uplink.download._download")
    native.download_object.return_value = NativeHandle("d", lambda: None, "download")
    sizes = []

    def download_read(handle, buf, size):
        sizes.append((len(buf), size))
        buf[0:4] = b"data"
        return 4, True

    native.download_read.side_effect = download_read
    down = FakeProject().download_object("b", "k")
    assert down.read(2**40) == b"data"  # a 1 TiB buffer would raise MemoryError here
    assert sizes == [(MAX_NATIVE_CALL, MAX_NATIVE_CALL)]
    down.close()
    with pytest.raises(ClosedError):
        down.read(2**40)
