"""Multipart and edge logic without the network: the multipart native layer is mocked;
join_share_url is pure and runs for real."""

from __future__ import annotations

import dataclasses

import pytest

import storj_uplink as sj
from storj_uplink._native.core import NativeHandle
from storj_uplink.project import Project


class FakeProject(Project):
    def __init__(self):
        super().__init__(NativeHandle("project-ptr", lambda: None, "project"), access=None)


@pytest.fixture
def native(mocker):
    closes = mocker.patch("storj_uplink.project._project")
    closes.close_project_ext.return_value = (None, False)  # a clean close
    m = mocker.patch("storj_uplink.multipart._multipart")
    m.begin_upload.return_value = sj.UploadInfo(upload_id="UID", key="k")
    m.upload_part.side_effect = lambda *a: NativeHandle("part", lambda: None, "part upload")
    m.part_upload_write.side_effect = lambda h, buf, n: n
    m.part_upload_info.side_effect = lambda h: sj.PartInfo(part_number=1, size=3, modified=None)
    m.commit_upload.return_value = sj.ObjectInfo(key="k", content_length=3)
    return m


def test_with_block_commits_with_the_begin_metadata(native):
    proj = FakeProject()
    with proj.begin_upload("b", "k", metadata={"a": "1"}) as mpu:
        assert mpu.upload_id == "UID" and mpu.info.upload_id == "UID"
        with mpu.part(1) as part:
            assert part.write(b"abc") == 3
    native.part_upload_commit.assert_called_once()
    native.commit_upload.assert_called_once_with(proj._handle, "b", "k", "UID", {"a": "1"})
    native.abort_upload.assert_not_called()
    assert mpu.committed and mpu.object.content_length == 3


@pytest.mark.parametrize("metadata,exc", [([("a", "b")], TypeError), ({"a": 1}, TypeError),
                                          ({"": "v"}, ValueError)])
def test_begin_metadata_is_validated_before_the_upload_starts(native, metadata, exc):
    with pytest.raises(exc):
        FakeProject().begin_upload("b", "k", metadata=metadata)
    native.begin_upload.assert_not_called()


def test_commit_metadata_overrides_and_state(native):
    mpu = FakeProject().begin_upload("b", "k", metadata={"a": "1"})
    mpu.commit(metadata={"b": "2"})
    assert native.commit_upload.call_args.args[-1] == {"b": "2"}
    with pytest.raises(sj.UploadDoneError):
        mpu.commit()
    with pytest.raises(sj.UploadDoneError):
        mpu.abort()
    with pytest.raises(sj.UploadDoneError):
        mpu.part(2)


def test_exception_aborts_open_parts_then_the_upload(native):
    proj = FakeProject()
    with pytest.raises(KeyError):
        with proj.begin_upload("b", "k") as mpu:
            part = mpu.part(7)
            part.write(b"x")
            raise KeyError("boom")
    native.part_upload_abort.assert_called_once()
    native.abort_upload.assert_called_once_with(proj._handle, "b", "k", "UID")
    native.commit_upload.assert_not_called()
    assert part.aborted and mpu.aborted


def test_abort_failure_does_not_hide_the_original(native):
    native.abort_upload.side_effect = sj.InternalError("abort failed")
    with pytest.raises(ZeroDivisionError):
        with FakeProject().begin_upload("b", "k"):
            _ = 1 / 0


def test_failed_abort_can_be_retried(native):
    mpu = FakeProject().begin_upload("b", "k")
    native.abort_upload.side_effect = sj.InternalError("network down")
    with pytest.raises(sj.InternalError):
        mpu.abort()
    assert not mpu.aborted
    native.abort_upload.side_effect = None
    mpu.abort()
    assert mpu.aborted


def test_commit_refuses_open_parts(native):
    mpu = FakeProject().begin_upload("b", "k")
    part = mpu.part(2)
    with pytest.raises(ValueError, match=r"\[2\]"):
        mpu.commit()
    part.commit()
    mpu.commit()


@pytest.mark.parametrize("number,exc", [
    ("1", TypeError), (1.5, TypeError), (False, TypeError), (-1, ValueError),
    (2**32, ValueError),
])
def test_part_numbers_are_validated_before_any_native_call(native, number, exc):
    mpu = FakeProject().begin_upload("b", "k")
    with pytest.raises(exc):
        mpu.part(number)
    native.upload_part.assert_not_called()


def test_part_numbers_at_the_limits_pass(native):
    mpu = FakeProject().begin_upload("b", "k")
    mpu.part(0).abort()
    mpu.part(2**32 - 1).abort()
    assert [c.args[-1] for c in native.upload_part.call_args_list] == [0, 2**32 - 1]


def test_part_etag(native):
    part = FakeProject().begin_upload("b", "k").part(1)
    assert part.etag == b""
    part.etag = "é-tag"
    native.part_upload_set_etag.assert_called_once_with(part._handle, "é-tag")
    assert part.etag == "é-tag".encode()
    part.etag = bytearray(b"\x00\x01")  # the native layer rejects the NUL; here it is mocked
    assert part.etag == b"\x00\x01"
    with pytest.raises(TypeError):
        part.etag = 5
    part.commit()
    with pytest.raises(sj.UploadDoneError):
        part.etag = "late"


def test_part_upload_is_a_raw_stream(native):
    part = FakeProject().begin_upload("b", "k").part(3)
    assert part.writable() and not part.readable() and part.part_number == 3
    assert part.write(memoryview(b"hello")[1:]) == 4 and part.tell() == 4
    assert part.write(b"") == 0
    with pytest.raises(TypeError):
        part.write("str")
    part.close()
    part.close()
    assert part.committed and part.closed
    with pytest.raises(sj.UploadDoneError):
        part.write(b"x")


def test_closing_the_project_aborts_open_parts_but_not_committed_ones(native):
    proj = FakeProject()
    mpu = proj.begin_upload("b", "k")
    done, pending = mpu.part(1), mpu.part(2)
    done.commit()
    proj.close()
    assert pending.aborted and done.committed
    native.part_upload_abort.assert_called_once()
    native.abort_upload.assert_not_called()  # the multipart upload stays resumable


def test_resume_and_listings_validate(native):
    proj = FakeProject()
    mpu = proj.resume_upload("b", "k", "UID")
    assert mpu.info is None and repr(mpu) == "<MultipartUpload 'b'/'k' upload_id='UID' open>"
    with pytest.raises(TypeError):
        proj.resume_upload("b", None, "UID")
    with pytest.raises(ValueError):
        proj.list_upload_parts("b", "k", "UID", cursor=-1)
    proj.close()
    with pytest.raises(sj.ClosedError):
        proj.resume_upload("b", "k", "UID")


# ---------------------------------------------------------------- edge (pure)

BASE = "https://link.example.test"


@pytest.mark.parametrize("args,kwargs,expected", [
    (("AKID",), {}, BASE + "/s/AKID"),
    (("AKID", "bucket"), {}, BASE + "/s/AKID/bucket"),
    (("AKID", "bucket", "dir/file.txt"), {}, BASE + "/s/AKID/bucket/dir/file.txt"),
    (("AKID", "bucket", "dir/"), {}, BASE + "/s/AKID/bucket/dir/"),
    (("AKID", "bucket", "file.txt"), {"raw": True}, BASE + "/raw/AKID/bucket/file.txt"),
    (("AKID", "my bucket", "a b/c?d#e%f+ü.txt"), {},
     BASE + "/s/AKID/my%20bucket/a%20b/c%3Fd%23e%25f+%C3%BC.txt"),
])
def test_join_share_url(args, kwargs, expected):
    assert sj.join_share_url(BASE, *args, **kwargs) == expected


def test_join_share_url_keeps_the_base_path():
    assert sj.join_share_url("https://h.test/prefix/", "K", "b", "k") == \
        "https://h.test/prefix/s/K/b/k"


@pytest.mark.parametrize("args,kwargs,match", [
    (("",), {}, "accessKeyID"),
    (("AKID", "", "key"), {}, "bucket is required"),
    (("AKID", "bucket"), {"raw": True}, "key is required"),
    (("AKID", "bucket", "dir/"), {"raw": True}, "prefix"),
])
def test_join_share_url_errors(args, kwargs, match):
    with pytest.raises(sj.InternalError, match=match):
        sj.join_share_url(BASE, *args, **kwargs)


def test_join_share_url_invalid_input():
    with pytest.raises(sj.InternalError, match="invalid base url"):
        sj.join_share_url("not a url", "AKID")
    with pytest.raises(ValueError):
        sj.join_share_url(BASE, "AKID", "b", "nul\0key")
    with pytest.raises(TypeError):
        sj.join_share_url(BASE, "AKID", b"bucket")


def test_edge_credentials_hide_the_secret():
    creds = sj.EdgeCredentials("AKID", "top-secret-value", "https://gw.test")
    assert "top-secret-value" not in repr(creds) and "AKID" in repr(creds)
    with pytest.raises(dataclasses.FrozenInstanceError):
        creds.secret_key = "x"
    assert creds == sj.EdgeCredentials("AKID", "top-secret-value", "https://gw.test")


def test_register_access_checks_its_argument():
    with pytest.raises(TypeError):
        sj.register_access("serialized grant", "auth.example.test:7777")


def test_new_names_are_exported():
    for name in ("MultipartUpload", "PartUpload", "EdgeCredentials", "register_access",
                 "join_share_url"):
        assert name in sj.__all__ and hasattr(sj, name)
    assert issubclass(sj.PartUpload, __import__("io").RawIOBase)
