"""Buckets and listings on the real local network."""

from __future__ import annotations

import uuid

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network


def test_bucket_lifecycle_and_errors(project, bucket_name):
    created = project.create_bucket(bucket_name)
    assert created.name == bucket_name and created.created is not None
    assert project.stat_bucket(bucket_name) == created
    assert project.ensure_bucket(bucket_name).name == bucket_name
    with pytest.raises(sj.BucketAlreadyExistsError) as info:
        project.create_bucket(bucket_name)
    assert isinstance(info.value, FileExistsError)
    created.put("obj", b"x")
    with pytest.raises(sj.BucketNotEmptyError):
        project.delete_bucket(bucket_name)
    project.delete_bucket(bucket_name, with_objects=True)
    with pytest.raises(sj.BucketNotFoundError) as info:
        project.stat_bucket(bucket_name)
    assert isinstance(info.value, KeyError)


@pytest.mark.parametrize("name", ["", "A", "ab", "UPPER-case", "bad_name", "-dash", "a" * 64])
def test_invalid_bucket_names(project, name):
    with pytest.raises(sj.BucketNameInvalidError) as info:
        project.create_bucket(name)
    assert isinstance(info.value, ValueError)


def test_invalid_object_key(bucket):
    with pytest.raises((sj.ObjectKeyInvalidError, ValueError)):
        bucket.stat("")


def test_list_buckets_includes_new_ones(project):
    names = sorted("lb-" + uuid.uuid4().hex[:12] for _ in range(3))
    try:
        for n in names:
            project.create_bucket(n)
        listed = [b.name for b in project.list_buckets()]
        assert set(names) <= set(listed)
        after = [b.name for b in project.list_buckets(cursor=names[0])]
        assert names[0] not in after and names[1] in after
    finally:
        for n in names:
            project.delete_bucket(n)


def test_list_objects_prefixes_and_recursion(bucket):
    keys = ["a.txt", "dir/b.txt", "dir/c.txt", "dir/sub/d.txt", "other/e.txt"]
    for k in keys:
        bucket.put(k, k.encode())
    top = {(o.key, o.is_prefix) for o in bucket.list()}
    assert top == {("a.txt", False), ("dir/", True), ("other/", True)}
    assert sorted(o.key for o in bucket.list(recursive=True)) == sorted(keys)
    in_dir = {(o.key, o.is_prefix) for o in bucket.list("dir/")}
    assert in_dir == {("dir/b.txt", False), ("dir/c.txt", False), ("dir/sub/", True)}
    deep = sorted(o.key for o in bucket.list("dir/", recursive=True))
    assert deep == ["dir/b.txt", "dir/c.txt", "dir/sub/d.txt"]
    sizes = {o.key: o.content_length for o in bucket.list(recursive=True, system=True)}
    assert sizes["dir/sub/d.txt"] == len("dir/sub/d.txt")


def test_list_cursor_skips_to_after_key(bucket):
    # Listings come in the order of the *encrypted* keys, not of the plain ones.
    for k in ["k1", "k2", "k3", "k4"]:
        bucket.put(k, b"")
    full = [o.key for o in bucket.list()]
    assert sorted(full) == ["k1", "k2", "k3", "k4"]
    assert [o.key for o in bucket.list(cursor=full[1])] == full[2:]


def test_listing_break_frees_native_iterator(project, bucket):
    for i in range(5):
        bucket.put(f"o{i}", b"")
    listing = bucket.list()
    for _ in listing:
        break
    listing.close()
    assert list(listing) == []
    with bucket.list() as it:
        assert next(it).key in {f"o{i}" for i in range(5)}
    assert "closed" in repr(it)


def test_list_many_objects_crosses_pages(bucket):
    n = 1100  # more than one satellite page
    for i in range(n):
        bucket.put(f"many/{i:05d}", b"")
    keys = [o.key for o in bucket.list("many/", system=False)]
    assert len(keys) == n and sorted(keys) == [f"many/{i:05d}" for i in range(n)]


def test_list_of_missing_bucket_raises(project):
    with pytest.raises(sj.BucketNotFoundError):
        list(project.list_objects("no-such-bucket-" + uuid.uuid4().hex[:8]))


def test_cursor_is_a_full_key_and_prefix_must_end_with_slash(bucket):
    for k in ["tools/a", "tools/b", "tools/c"]:
        bucket.put(k, b"")
    full = [o.key for o in bucket.list("tools/")]
    assert sorted(full) == ["tools/a", "tools/b", "tools/c"]
    assert [o.key for o in bucket.list("tools/", cursor=full[0])] == full[1:]
    with pytest.raises(ValueError, match="must end with '/'"):
        bucket.list("tools")
    with pytest.raises(ValueError, match="must end with '/'"):
        bucket.list("tools", recursive=True)


def test_clear_errors_for_misuse_uplink_would_call_internal(access, bucket):
    with pytest.raises(ValueError, match="allows nothing"):
        access.share(sj.Permission())
    with pytest.raises(ValueError, match="length=-1"):
        bucket.download("k", offset=-5, length=2)
    key = sj.EncryptionKey.derive("pw", b"salt")
    assert not key.closed
    key.close()
    assert key.closed
    listing = bucket.list()
    list(listing)
    assert listing.closed
