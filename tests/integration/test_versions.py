"""Object versions on the local network: listing, old versions, delete markers, copy,
batch delete, conditional upload, and unversioned buckets unchanged."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def versioned(bucket):
    bucket.enable_versioning()
    assert bucket.versioning is sj.VersioningState.ENABLED
    return bucket


def test_unversioned_bucket_behaves_as_before(bucket):
    assert bucket.versioning is sj.VersioningState.UNVERSIONED
    bucket.put("k", b"one")
    bucket.put("k", b"two")  # overwrites: no older version is kept
    versions = list(bucket.list_versions())
    assert [(v.key, v.is_latest, v.is_delete_marker) for v in versions] == [("k", True, False)]
    assert bucket.get("k") == b"two"
    info = bucket.stat("k")
    assert info.version is None and info.content_length == 3  # the uplink-c path, as before
    assert bucket.delete("k") is not None
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("k")
    assert list(bucket.list_versions()) == []  # no delete marker either


def test_versions_listed_with_the_right_latest(versioned):
    payloads = [os.urandom(2000 + i) for i in range(3)]
    uploaded = [versioned.put("doc", p, metadata={"n": str(i)}) for i, p in enumerate(payloads)]
    ids = [u.version for u in uploaded]
    assert all(ids) and len(set(ids)) == 3
    versions = [v for v in versioned.list_versions(custom=True) if v.key == "doc"]
    assert sorted(v.version for v in versions) == sorted(ids)
    latest = [v for v in versions if v.is_latest]
    assert len(latest) == 1 and latest[0].version == ids[-1]
    assert latest[0].content_length == len(payloads[-1])
    # each old version downloads its own bytes; stat by version reports it
    for i, (version, data) in enumerate(zip(ids, payloads)):
        assert sha(versioned.get("doc", version=version)) == sha(data)
        info = versioned.stat("doc", version)
        assert info.version == version and info.metadata == {"n": str(i)}
        assert info.is_latest is None  # a stat of a version does not tell
    assert sha(versioned.get("doc")) == sha(payloads[-1])


def test_ranged_download_of_an_old_version(versioned):
    old = versioned.put("r", b"0123456789").version
    versioned.put("r", b"abcdefghij")
    with versioned.download("r", 2, 5, version=old) as d:
        assert d.read() == b"23456"


def test_delete_leaves_a_delete_marker(versioned):
    v1 = versioned.put("gone", b"first").version
    versioned.delete("gone")  # the latest: a delete marker is added, v1 stays
    with pytest.raises(sj.ObjectNotFoundError):
        versioned.stat("gone")
    with pytest.raises(sj.ObjectNotFoundError):
        versioned.get("gone")
    assert [o.key for o in versioned.list()] == []
    versions = list(versioned.list_versions())
    markers = [v for v in versions if v.is_delete_marker]
    assert len(versions) == 2 and len(markers) == 1
    assert markers[0].is_latest and markers[0].key == "gone"
    assert versioned.get("gone", version=v1) == b"first"
    # a delete marker has no bytes
    with pytest.raises(sj.StorjError) as err:
        versioned.get("gone", version=markers[0].version)
    assert isinstance(err.value, (sj.MethodNotAllowedError, sj.ObjectNotFoundError))
    # removing the marker (by version) brings the object back
    versioned.delete("gone", markers[0].version)
    assert versioned.get("gone") == b"first"
    # removing a version for good
    versioned.delete("gone", v1)
    assert list(versioned.list_versions()) == []


def test_suspended_versioning(versioned):
    versioned.put("s", b"a")
    versioned.suspend_versioning()
    assert versioned.versioning is sj.VersioningState.SUSPENDED
    versioned.put("s", b"b")
    assert versioned.get("s") == b"b"
    assert len([v for v in versioned.list_versions() if v.key == "s"]) == 2


def test_copy_an_old_version(versioned):
    old = versioned.put("src", b"old bytes").version
    versioned.put("src", b"new bytes")
    copied = versioned.copy("src", "copy", version=old)
    assert copied.key == "copy"
    assert versioned.get("copy") == b"old bytes"


def test_listing_versions_with_prefix_and_recursion(versioned):
    for key in ("a/1", "a/2", "a/b/3", "top"):
        versioned.put(key, b"x")
        versioned.put(key, b"y")
    shallow = list(versioned.list_versions("a/"))
    assert sorted(v.key for v in shallow if not v.is_prefix) == ["a/1", "a/1", "a/2", "a/2"]
    assert [v.key for v in shallow if v.is_prefix] == ["a/b/"]
    deep = [v.key for v in versioned.list_versions("a/", recursive=True)]
    assert sorted(deep) == ["a/1", "a/1", "a/2", "a/2", "a/b/3", "a/b/3"]
    assert len(list(versioned.list_versions(recursive=True))) == 8


def test_bad_versions_get_clear_errors(versioned):
    mine = versioned.put("mine", b"m").version
    other = versioned.put("other", b"o").version
    # a version of another object (the satellite alone would address this object's
    # version of the same number: both are version 1 here)
    assert mine[:16] == other[:16]
    for call in (lambda: versioned.stat("mine", other),
                 lambda: versioned.get("mine", version=other),
                 lambda: versioned.copy("mine", "copy", version=other),
                 lambda: versioned.delete("mine", other)):
        with pytest.raises(sj.ObjectNotFoundError, match="is not a version of"):
            call()
    # malformed versions never reach the network
    with pytest.raises(ValueError, match="hex"):
        versioned.stat("mine", "not-hex")
    with pytest.raises(ValueError, match="empty"):
        versioned.stat("mine", "")
    with pytest.raises(TypeError):
        versioned.stat("mine", 12)  # type: ignore[arg-type]
    # a well-formed but wrong-length version
    with pytest.raises(sj.ObjectVersionInvalidError, match="2 bytes long, not 16") as err:
        versioned.stat("mine", "00ff")
    assert isinstance(err.value, ValueError)
    # nothing was deleted or copied on the way
    assert versioned.get("mine", version=mine) == b"m"
    assert sorted(o.key for o in versioned.list()) == ["mine", "other"]


def test_batch_delete_reports_every_key(bucket):
    present = [f"obj/{i:04d}" for i in range(300)]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda k: bucket.put(k, k.encode()), present))
    missing = [f"missing/{i:04d}" for i in range(701)]
    keys = present + missing  # 1,001 keys: two requests
    results = bucket.delete_objects(keys)
    assert len(results) == len(keys)
    by_key = {r.key: r for r in results}
    assert set(by_key) == set(keys)
    assert all(by_key[k].status is sj.DeleteStatus.DELETED and by_key[k].ok for k in present)
    assert all(by_key[k].status is sj.DeleteStatus.NOT_FOUND for k in missing)
    assert list(bucket.list(recursive=True)) == []


def test_batch_delete_of_versions(versioned):
    v1 = versioned.put("k", b"1").version
    versioned.put("k", b"2")
    results = versioned.delete_objects([("k", v1), "k"])
    assert {r.status for r in results} == {sj.DeleteStatus.DELETED}
    marker = next(r for r in results if r.version is None)
    assert marker.marker_version is not None  # deleting the latest added a marker
    remaining = list(versioned.list_versions())
    assert len(remaining) == 2 and sum(v.is_delete_marker for v in remaining) == 1
    with pytest.raises(TypeError):
        versioned.delete_objects([42])  # type: ignore[list-item]


def test_conditional_upload_refuses_an_existing_key(bucket):
    original = os.urandom(5000)
    bucket.put("k", original)
    with pytest.raises(sj.ObjectAlreadyExistsError) as err:
        bucket.put("k", b"intruder", if_none_match=True)
    assert isinstance(err.value, FileExistsError)
    assert isinstance(err.value, sj.PreconditionFailedError)
    assert sha(bucket.get("k")) == sha(original)
    assert len(list(bucket.list_versions())) == 1
    info = bucket.put("new", b"fresh", if_none_match=True)
    assert info.key == "new" and bucket.get("new") == b"fresh"


def test_conditional_upload_in_a_versioned_bucket(versioned):
    versioned.put("k", b"kept")
    with pytest.raises(sj.ObjectAlreadyExistsError):
        versioned.put("k", b"no", if_none_match=True)
    assert versioned.get("k") == b"kept"
    assert len(list(versioned.list_versions())) == 1
