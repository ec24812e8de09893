"""Object Lock on the local network: bucket default retention, compliance and
governance retention, legal hold, bypass permission, deleting a locked bucket."""

from __future__ import annotations

import hashlib
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network

GOV = sj.RetentionMode.GOVERNANCE
COMP = sj.RetentionMode.COMPLIANCE


def soon(seconds: float) -> datetime:
    return datetime.now(timezone.utc) + timedelta(seconds=seconds)


@pytest.fixture
def locked(project):
    """A fresh bucket with Object Lock; afterwards deleted with everything, waiting
    out the short compliance retentions the tests place (at most 20 s)."""
    name = "l-" + uuid.uuid4().hex[:20]
    bucket = project.create_bucket(name, object_lock=True)
    yield bucket
    deadline = time.monotonic() + 30
    while True:
        try:
            project.delete_bucket(name, with_objects=True, bypass_governance=True)
            return
        except sj.BucketNotFoundError:
            return
        except sj.StorjError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def test_object_lock_bucket_is_versioned_with_lock_enabled(locked, bucket):
    assert locked.versioning is sj.VersioningState.ENABLED
    assert locked.object_lock == sj.ObjectLockConfiguration(enabled=True, default_retention=None)
    with pytest.raises(sj.ObjectLockNotEnabledError):
        _ = bucket.object_lock  # an ordinary bucket


def test_default_retention_get_set_remove(locked):
    locked.set_default_retention(sj.DefaultRetention(GOV, days=3))
    assert locked.object_lock.default_retention == sj.DefaultRetention(GOV, days=3)
    locked.set_default_retention(sj.DefaultRetention("compliance", years=1))
    assert locked.object_lock.default_retention == sj.DefaultRetention(COMP, years=1)
    locked.set_default_retention(sj.DefaultRetention(GOV, days=1))
    # a new object gets the default retention
    info = locked.put("defaulted", b"x")
    retention = locked.get_retention("defaulted")
    assert retention is not None and retention.mode is GOV
    assert soon(23 * 3600) < retention.retain_until < soon(25 * 3600)
    assert locked.stat("defaulted", info.version).retention == retention
    locked.set_default_retention(None)
    assert locked.object_lock.default_retention is None
    assert locked.get_retention(locked.put("plain", b"y").key) is None


def test_compliance_blocks_delete_and_shortening(locked):
    until = soon(8).replace(microsecond=0)
    info = locked.put("c", b"keep me", retention=sj.Retention(COMP, until))
    assert locked.get_retention("c") == sj.Retention(COMP, until)
    for bypass in (False, True):
        with pytest.raises(sj.ObjectLockedError) as err:
            locked.delete("c", info.version, bypass_governance=bypass)
        assert isinstance(err.value, PermissionError)
    with pytest.raises(sj.ObjectLockedError):
        locked.set_retention("c", sj.Retention(COMP, soon(4)), bypass_governance=True)
    with pytest.raises(sj.StorjError):  # nor turned into governance
        locked.set_retention("c", sj.Retention(GOV, soon(60)), bypass_governance=True)
    # lengthening is allowed
    longer = (until + timedelta(seconds=2)).replace(microsecond=0)
    locked.set_retention("c", sj.Retention(COMP, longer))
    assert locked.get_retention("c", info.version) == sj.Retention(COMP, longer)
    assert locked.get("c", version=info.version) == b"keep me"
    # deleting without a version only adds a delete marker: the locked version stays
    locked.delete("c")
    assert locked.get("c", version=info.version) == b"keep me"


def test_compliance_ends_at_retain_until(locked):
    info = locked.put("brief", b"b", retention=sj.Retention(COMP, soon(3)))
    with pytest.raises(sj.ObjectLockedError):
        locked.delete("brief", info.version)
    time.sleep(4)
    locked.delete("brief", info.version)
    assert list(locked.list_versions()) == []


def test_governance_needs_the_flag_and_the_permission(locked, access):
    info = locked.put("g", b"governed", retention=sj.Retention(GOV, soon(3600)))
    with pytest.raises(sj.ObjectLockedError):
        locked.delete("g", info.version)
    with pytest.raises(sj.ObjectLockedError):  # shortening needs the bypass too
        locked.set_retention("g", sj.Retention(GOV, soon(600)))
    # an access that may delete but not bypass governance
    no_bypass = sj.Permission(allow_download=True, allow_list=True, allow_delete=True,
                              allow_get_object_retention=True)
    with access.share(no_bypass, locked.name) as shared, shared.open_project() as other:
        with pytest.raises((sj.PermissionDeniedError, sj.ObjectLockedError)) as err:
            other.delete_object(locked.name, "g", info.version, bypass_governance=True)
        assert isinstance(err.value, PermissionError)
        assert other.get_object_retention(locked.name, "g").mode is GOV
    assert locked.get("g", version=info.version) == b"governed"
    # with the permission (the project's full access) and the flag
    locked.set_retention("g", sj.Retention(GOV, soon(600)), bypass_governance=True)
    assert locked.get_retention("g").retain_until < soon(700)
    deleted = locked.delete("g", info.version, bypass_governance=True)
    assert deleted is not None and deleted.version == info.version
    with pytest.raises(sj.ObjectNotFoundError):
        locked.stat("g", info.version)


def test_legal_hold_blocks_deletion_until_removed(locked):
    info = locked.put("h", b"held", legal_hold=True)
    assert locked.get_legal_hold("h") is True
    assert locked.stat("h", info.version).legal_hold is True
    for bypass in (False, True):
        with pytest.raises(sj.ObjectLockedError):
            locked.delete("h", info.version, bypass_governance=bypass)
    results = locked.delete_objects([info], bypass_governance=True)
    assert [(r.key, r.status) for r in results] == [("h", sj.DeleteStatus.LOCKED)]
    assert hashlib.sha256(locked.get("h")).digest() == hashlib.sha256(b"held").digest()
    locked.set_legal_hold("h", False)
    assert locked.get_legal_hold("h", info.version) is False
    locked.delete("h", info.version)
    assert list(locked.list_versions()) == []


def test_legal_hold_set_later_and_on_an_old_version(locked):
    v1 = locked.put("k", b"1").version
    locked.put("k", b"2")
    locked.set_legal_hold("k", True, v1)
    assert locked.get_legal_hold("k", v1) is True
    assert locked.get_legal_hold("k") is False  # the latest is not held
    with pytest.raises(sj.ObjectLockedError):
        locked.delete("k", v1)
    locked.set_legal_hold("k", False, v1)


def test_lock_on_a_bucket_without_object_lock(bucket):
    bucket.enable_versioning()
    bucket.put("k", b"x")
    with pytest.raises(sj.ObjectLockNotEnabledError):
        bucket.set_retention("k", sj.Retention(GOV, soon(60)))
    with pytest.raises(sj.ObjectLockNotEnabledError):
        bucket.set_legal_hold("k", True)
    with pytest.raises(sj.StorjError):
        bucket.put("locked", b"x", retention=sj.Retention(GOV, soon(60)))
    assert [o.key for o in bucket.list()] == ["k"]


def test_object_lock_bucket_cannot_suspend_versioning(locked):
    with pytest.raises(sj.ObjectLockInvalidError):
        locked.suspend_versioning()
    assert locked.versioning is sj.VersioningState.ENABLED


def test_bad_lock_input_gets_clear_errors(locked):
    locked.put("k", b"x")
    with pytest.raises(ValueError, match="in the future"):
        locked.set_retention("k", sj.Retention(GOV, soon(-60)))
    with pytest.raises(ValueError, match="in the future"):
        locked.put("p", b"x", retention=sj.Retention(COMP, soon(-1)))
    with pytest.raises(ValueError, match="unknown retention mode"):
        sj.Retention("forever", soon(60))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timezone-aware"):
        sj.Retention(GOV, datetime.now())
    with pytest.raises(TypeError):
        locked.set_retention("k", "governance")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="either days or years"):
        sj.DefaultRetention(GOV, days=1, years=1)
    with pytest.raises(ValueError, match="either days or years"):
        sj.DefaultRetention(GOV)
    with pytest.raises(TypeError):
        locked.set_legal_hold("k", "yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        locked.set_default_retention((GOV, 1))  # type: ignore[arg-type]
    assert locked.get_retention("k") is None and locked.get_legal_hold("k") is False
    assert [o.key for o in locked.list()] == ["k"]


def test_delete_locked_bucket_needs_the_bypass(project):
    name = "l-" + uuid.uuid4().hex[:20]
    bucket = project.create_bucket(name, object_lock=True)
    for i in range(3):
        bucket.put(f"g{i}", b"x", retention=sj.Retention(GOV, soon(3600)))
    with pytest.raises(sj.StorjError):
        project.delete_bucket(name, with_objects=True)
    assert len(list(bucket.list())) == 3
    with pytest.raises(ValueError, match="with_objects"):
        project.delete_bucket(name, bypass_governance=True)
    deleted = project.delete_bucket(name, with_objects=True, bypass_governance=True)
    assert deleted.name == name
    with pytest.raises(sj.BucketNotFoundError):
        project.stat_bucket(name)
