"""Refusals and failure paths on the real network: an expired share, listings of pending
uploads and parts that fail, listings of a closed project."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network


def test_expired_share_is_refused(access, bucket):
    bucket.put("shared/a", b"alpha")
    past = datetime.now(timezone.utc) - timedelta(hours=1)
    expired = access.share(sj.Permission.read_only(not_after=past),
                           sj.SharePrefix(bucket.name, "shared/"))
    future = datetime.now(timezone.utc) + timedelta(hours=1)
    valid = access.share(sj.Permission.read_only(not_after=future),
                         sj.SharePrefix(bucket.name, "shared/"))
    try:
        with valid.open_project() as proj:  # the same share, not expired, works
            assert proj.bucket(bucket.name).get("shared/a") == b"alpha"
        with expired.open_project() as proj:
            b = proj.bucket(bucket.name)
            with pytest.raises(sj.PermissionDeniedError) as raised:
                b.get("shared/a")
            assert isinstance(raised.value, PermissionError)
            with pytest.raises(sj.PermissionDeniedError):
                b.stat("shared/a")
            with pytest.raises(sj.PermissionDeniedError):
                list(b.list(prefix="shared/"))
    finally:
        expired.close()
        valid.close()


def test_pending_upload_listing_failures(access, project, bucket):
    mpu = bucket.begin_upload("pending")
    try:
        with pytest.raises(sj.BucketNotFoundError):
            list(project.list_uploads(bucket.name + "-missing"))
        # (the satellite answers "not found" for an invalid name here, not "invalid")
        with pytest.raises(sj.BucketNotFoundError):
            list(project.list_uploads("Not_A_Valid_Bucket"))
        with pytest.raises(ValueError):
            list(project.list_uploads(bucket.name, cursor="\0"))
        # a grant that may not list sees no pending uploads of others
        no_list = access.share(sj.Permission(allow_download=True, allow_upload=True),
                               sj.SharePrefix(bucket.name))
        try:
            with no_list.open_project() as proj:
                with pytest.raises(sj.PermissionDeniedError):
                    list(proj.list_uploads(bucket.name))
        finally:
            no_list.close()
        assert [u.key for u in bucket.list_uploads()] == ["pending"]
    finally:
        mpu.abort()


def test_part_listing_failures(project, bucket):
    mpu = bucket.begin_upload("parts")
    with mpu.part(1) as part:
        part.write(b"part one")
    assert [p.part_number for p in mpu.list_parts()] == [1]
    with pytest.raises(sj.InternalError, match="upload ID invalid"):
        list(project.list_upload_parts(bucket.name, "parts", "not-an-id"))
    with pytest.raises(ValueError):
        project.list_upload_parts(bucket.name, "parts", mpu.upload_id, cursor=-1)
    mpu.abort()
    with pytest.raises(sj.ObjectNotFoundError):  # the upload is gone
        project.resume_upload(bucket.name, "parts", mpu.upload_id).abort()


def test_listings_of_a_closed_project_raise_closed_error(access, bucket):
    proj = access.open_project()
    listing = proj.list_uploads(bucket.name)
    finished = proj.list_uploads(bucket.name)
    assert list(finished) == []  # exhausted before the project closed: stays exhausted
    proj.close()
    assert list(finished) == []
    with pytest.raises(sj.ClosedError):  # cut short by the closing: never looks complete
        list(listing)
    with pytest.raises(sj.ClosedError):
        list(proj.list_uploads(bucket.name))
    with pytest.raises(sj.ClosedError):
        list(proj.list_upload_parts(bucket.name, "k", "id"))
