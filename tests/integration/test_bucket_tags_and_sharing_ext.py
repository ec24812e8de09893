"""Beyond uplink-c on the local network: bucket tags and location, project info,
the Object Lock flags and max_object_ttl of a shared access."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network


def test_bucket_tags(bucket):
    assert bucket.tags == {}
    bucket.set_tags({"team": "storage", "cost-center": "42"})
    assert bucket.tags == {"team": "storage", "cost-center": "42"}
    bucket.set_tags({"team": "sdk"})  # replaces them all
    assert bucket.project.get_bucket_tags(bucket.name) == {"team": "sdk"}
    bucket.set_tags({})
    assert bucket.tags == {}


def test_bad_bucket_tags(bucket):
    with pytest.raises(sj.BucketTagInvalidError) as err:
        bucket.set_tags({"": "empty key"})
    assert isinstance(err.value, ValueError)
    with pytest.raises(sj.BucketTagInvalidError):
        bucket.set_tags({f"k{i}": "v" for i in range(60)})  # over the limit of 50
    with pytest.raises(TypeError):
        bucket.set_tags([("a", "b")])  # type: ignore[arg-type]
    with pytest.raises(sj.BucketNotFoundError):
        bucket.project.set_bucket_tags("t-" + uuid.uuid4().hex[:20], {"a": "b"})
    assert bucket.tags == {}


def test_bucket_location(bucket):
    assert bucket.location == ""  # the local network places buckets nowhere in particular
    with pytest.raises(sj.BucketNotFoundError):
        bucket.project.get_bucket_location("t-" + uuid.uuid4().hex[:20])


def test_project_info(project):
    info = project.info()
    assert uuid.UUID(info.public_id).version == 4
    assert info.created is not None and info.created < datetime.now(timezone.utc)
    assert project.info() == info


def test_max_object_ttl_is_enforced(access, bucket):
    perm = sj.Permission(allow_upload=True, allow_download=True, allow_list=True,
                         max_object_ttl=timedelta(hours=1))
    with access.share(perm, bucket.name) as shared, shared.open_project() as other:
        # without an expiry, the object gets one within the TTL
        other.bucket(bucket.name).put("ttl", b"short-lived")
        stat = bucket.stat("ttl")
        assert stat.expires is not None
        assert stat.expires <= datetime.now(timezone.utc) + timedelta(hours=1, minutes=1)
        # an expiry beyond the TTL is refused, and nothing is stored
        with pytest.raises(sj.StorjError):
            other.bucket(bucket.name).put(
                "too-long", b"x", expires=datetime.now(timezone.utc) + timedelta(days=2))
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("too-long")
    # the project's own access has no TTL
    assert bucket.put("forever", b"x").expires is None


def test_object_lock_permission_flags(access, project):
    name = "l-" + uuid.uuid4().hex[:20]
    locked = project.create_bucket(name, object_lock=True)
    try:
        version = locked.put("k", b"x").version
        until = datetime.now(timezone.utc) + timedelta(hours=1)
        plain = sj.Permission(allow_upload=True, allow_download=True, allow_list=True)
        with access.share(plain, name) as shared, shared.open_project() as other:
            with pytest.raises(sj.PermissionDeniedError):
                other.set_object_retention(name, "k", sj.Retention("governance", until))
            with pytest.raises(sj.PermissionDeniedError):
                other.set_object_legal_hold(name, "k", True)
        lock = sj.Permission(allow_list=True, allow_put_object_retention=True,
                             allow_get_object_retention=True, allow_put_object_legal_hold=True,
                             allow_get_object_legal_hold=True)
        assert lock.needs_extensions
        with access.share(lock, name) as shared, shared.open_project() as other:
            other.set_object_retention(name, "k", sj.Retention("governance", until), version)
            other.set_object_legal_hold(name, "k", True, version)
            assert other.get_object_retention(name, "k").mode is sj.RetentionMode.GOVERNANCE
            assert other.get_object_legal_hold(name, "k") is True
        locked.set_legal_hold("k", False)
    finally:
        project.delete_bucket(name, with_objects=True, bypass_governance=True)
