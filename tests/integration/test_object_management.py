"""Object management on the local network: copy, move, metadata, revoke, delete with objects."""

from __future__ import annotations

import os
import uuid
from datetime import datetime, timedelta, timezone

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network


@pytest.fixture
def other_bucket(project):
    name = "t-" + uuid.uuid4().hex[:20]
    yield project.create_bucket(name)
    try:
        project.delete_bucket(name, with_objects=True)
    except sj.BucketNotFoundError:
        pass


def test_copy_within_and_across_buckets(bucket, other_bucket):
    data = os.urandom(100_000)
    bucket.put("src", data, metadata={"a": "1"})
    info = bucket.copy("src", "copy")
    assert isinstance(info, sj.ObjectInfo) and info.key == "copy"
    assert info.content_length == len(data) and info.metadata == {"a": "1"}
    across = bucket.copy("src", "dir/copy", new_bucket=other_bucket.name)
    assert across.key == "dir/copy"
    assert bucket.get("src") == bucket.get("copy") == other_bucket.get("dir/copy") == data
    assert other_bucket.stat("dir/copy").metadata == {"a": "1"}
    # the same through Project
    project = bucket.project
    assert project.copy_object(other_bucket.name, "dir/copy", bucket.name, "back").key == "back"
    assert bucket.get("back") == data


def test_move_within_and_across_buckets(bucket, other_bucket):
    data = os.urandom(5000)
    bucket.put("a", data)
    assert bucket.move("a", "b") is None
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("a")
    bucket.move("b", "moved/c", new_bucket=other_bucket.name)
    assert [o.key for o in bucket.list(recursive=True)] == []
    assert other_bucket.get("moved/c") == data
    bucket.project.move_object(other_bucket.name, "moved/c", bucket.name, "home")
    assert bucket.get("home") == data


def test_copy_and_move_errors(bucket, other_bucket):
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.copy("missing", "x")
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.move("missing", "x")
    bucket.put("k", b"v")
    with pytest.raises(sj.BucketNotFoundError):
        bucket.copy("k", "x", new_bucket=other_bucket.name + "-missing")
    with pytest.raises(sj.ObjectKeyInvalidError):
        bucket.copy("k", "")


def test_update_metadata_is_visible_in_stat_and_listing(bucket):
    bucket.put("m", b"data", metadata={"old": "1", "keep?": "no"})
    bucket.update_metadata("m", {"new": "2", "ünï": "cödé"})
    assert bucket.stat("m").metadata == {"new": "2", "ünï": "cödé"}  # replaced, not merged
    listed = {o.key: o.metadata for o in bucket.list(custom=True)}
    assert listed == {"m": {"new": "2", "ünï": "cödé"}}
    bucket.update_metadata("m", {})
    assert bucket.stat("m").metadata == {}
    assert bucket.get("m") == b"data"  # the bytes are untouched
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.update_metadata("missing", {"a": "b"})
    with pytest.raises(TypeError):
        bucket.update_metadata("m", {"a": 1})


def test_upload_expiry_survives_copy(bucket):
    expires = (datetime.now(timezone.utc) + timedelta(hours=5)).replace(microsecond=0)
    bucket.put("e", b"x", expires=expires)
    assert bucket.stat("e").expires == expires
    assert bucket.copy("e", "e2").expires == expires


def test_delete_bucket_with_objects(project, bucket_name):
    b = project.create_bucket(bucket_name)
    for i in range(5):
        b.put(f"dir/{i}", os.urandom(1000))
    pending = b.begin_upload("pending")
    with pending.part(1) as part:
        part.write(b"x")
    with pytest.raises(sj.BucketNotEmptyError):
        project.delete_bucket(bucket_name)
    deleted = project.delete_bucket(bucket_name, with_objects=True)
    assert deleted.name == bucket_name
    with pytest.raises(sj.BucketNotFoundError):
        project.stat_bucket(bucket_name)
    with pytest.raises(sj.BucketNotFoundError):
        project.delete_bucket(bucket_name, with_objects=True)


def test_revoke_access(access, project, bucket):
    bucket.put("shared/x", b"secret")
    shared = access.share(sj.Permission(allow_download=True, allow_list=True),
                          (bucket.name, "shared/"))
    with shared, shared.open_project() as sp:
        assert sp.bucket(bucket.name).get("shared/x") == b"secret"
        project.revoke_access(shared)
        # what the satellite answers for a revoked API key (macaroon)
        with pytest.raises(sj.PermissionDeniedError):
            sp.stat_object(bucket.name, "shared/x")
        with pytest.raises(sj.PermissionDeniedError):
            sp.bucket(bucket.name).get("shared/x")
        with pytest.raises(sj.PermissionDeniedError):
            list(sp.list_objects(bucket.name, prefix="shared/"))
        # a fresh project from the same grant is refused too
        with shared.open_project() as again, pytest.raises(sj.PermissionDeniedError):
            again.stat_object(bucket.name, "shared/x")
    # the parent grant still works
    assert bucket.get("shared/x") == b"secret"
    with pytest.raises(TypeError):
        project.revoke_access("a serialized grant is not an Access")


def test_a_grant_cannot_revoke_its_parent(access, project, bucket):
    child = access.share(sj.Permission(allow_download=True, allow_list=True, allow_upload=True,
                                       allow_delete=True))
    with child, child.open_project() as cp:
        with pytest.raises(sj.PermissionDeniedError, match="revoke"):
            cp.revoke_access(access)
    assert bucket.project.stat_bucket(bucket.name).name == bucket.name
