"""The one-call native paths (uplink_fast_*) against the per-call paths they replace.

Listings fetch pages of items per native call (_native.fast.ObjectPages);
Bucket.put / Bucket.get move a whole small object in one call
(storj_uplink._small). Each must give exactly what the uplink-c sequence of
calls gives: the same items, bytes, metadata and errors.
"""

from __future__ import annotations

import hashlib
import os
import threading
from datetime import datetime, timedelta, timezone

import pytest

import storj_uplink as sj
from storj_uplink._native import fast as _fast
from storj_uplink._native import objects as _objects
from storj_uplink._writer import MAX_NATIVE_CALL
from storj_uplink.listing import Listing
from storj_uplink.project_ext import listing_args

pytestmark = pytest.mark.network

N_FLAT = 300  # more than one page of PAGE_ITEMS


def per_item(project, bucket, prefix="", cursor=None, recursive=False, system=True,
             custom=False):
    """The listing through uplink_object_iterator_next/_item, one call per item."""
    pre, cur = listing_args(prefix, cursor)
    handle = _objects.list_objects(project._handle, bucket, pre, cur, recursive, system, custom)
    return list(Listing(project, handle, _objects.object_iterator_next, lambda o: o))


def paged(project, bucket, page_items, first=None, prefix="", cursor=None, recursive=False,
          system=True, custom=False):
    pre, cur = listing_args(prefix, cursor)
    handle = _objects.list_objects(project._handle, bucket, pre, cur, recursive, system, custom)
    pages = _fast.ObjectPages(first, page_items)
    return list(Listing(project, handle, _objects.object_iterator_next, lambda o: o, pages))


@pytest.fixture(scope="module")
def listed(project):
    """A bucket with N_FLAT flat objects, nested "directories", metadata and expiries."""
    name = "t-fast-" + os.urandom(6).hex()
    bucket = project.create_bucket(name)
    expires = datetime.now(timezone.utc) + timedelta(days=3)
    for i in range(N_FLAT):
        meta = {"i": str(i), "note": "ünï"} if i % 5 == 0 else None
        bucket.put(f"flat/{i:04d}", b"x" * (i % 17), metadata=meta,
                   expires=expires if i % 7 == 0 else None)
    for key in ("dir/a", "dir/b/c", "dir/b/d", "dir/e/f/g", "top"):
        bucket.put(key, key.encode(), metadata={"k": key})
    yield bucket
    project.delete_bucket(name, with_objects=True)


OPTIONS = [
    dict(),
    dict(recursive=True),
    dict(recursive=True, custom=True),
    dict(recursive=True, system=False),
    dict(prefix="flat/", custom=True),
    dict(prefix="flat/", cursor="flat/0255"),
    dict(prefix="flat/", cursor="flat/0299"),
    dict(prefix="dir/"),
    dict(prefix="dir/", recursive=True, custom=True),
    dict(prefix="nothing-here/"),
]


@pytest.mark.parametrize("options", OPTIONS, ids=[repr(o) for o in OPTIONS])
def test_pages_give_the_per_item_listing(project, listed, options):
    want = per_item(project, listed.name, **options)
    if not options.get("prefix", "").startswith("nothing"):
        assert want, "the fixture lists something here"
    got_public = list(project.list_objects(listed.name, **options))
    assert got_public == want
    assert [repr(o) for o in got_public] == [repr(o) for o in want]
    for page_items in (1, 2, 7, 256):  # page boundaries everywhere
        assert paged(project, listed.name, page_items, **options) == want
        assert paged(project, listed.name, page_items, _objects.object_iterator_next,
                     **options) == want


def test_pages_carry_system_and_custom_metadata(project, listed):
    items = {o.key: o for o in listed.list(prefix="flat/", custom=True)}
    assert len(items) == N_FLAT
    o = items["flat/0035"]
    assert o.content_length == 35 % 17 and o.metadata == {"i": "35", "note": "ünï"}
    assert o.created is not None and o.created.tzinfo is not None
    assert o.expires is not None and o.expires > datetime.now(timezone.utc)
    assert items["flat/0001"].expires is None and items["flat/0001"].metadata == {}
    plain = sj.ObjectInfo(**vars(o))  # built by the dataclass's __init__
    assert o == plain and repr(o) == repr(plain) and type(o) is sj.ObjectInfo
    stat = listed.stat("flat/0035")
    assert (stat.key, stat.content_length, stat.created, stat.expires, stat.metadata) == \
        (o.key, o.content_length, o.created, o.expires, o.metadata)
    prefixes = [o for o in listed.list(prefix="dir/") if o.is_prefix]
    assert sorted(p.key for p in prefixes) == ["dir/b/", "dir/e/"]


def test_empty_and_missing_buckets(project, bucket):
    assert list(bucket.list()) == [] == per_item(project, bucket.name)
    assert list(bucket.list(recursive=True, prefix="a/")) == []
    missing = "t-missing-" + os.urandom(6).hex()
    with pytest.raises(sj.BucketNotFoundError):
        per_item(project, missing)
    with pytest.raises(sj.BucketNotFoundError):
        list(project.list_objects(missing))


def test_a_listing_stays_lazy_and_closable(project, listed):
    listing = listed.list(prefix="flat/")
    first = next(listing)
    assert first == per_item(project, listed.name, "flat/")[0] and not listing.closed
    listing.close()
    assert listing.closed
    with pytest.raises(StopIteration):
        next(listing)
    listing = listed.list(prefix="flat/")
    next(listing), next(listing)  # a page of the rest is buffered now
    listing.close()
    with pytest.raises(StopIteration):  # and dropped with the listing
        next(listing)


def test_threads_sharing_a_listing_get_each_item_once(project, listed):
    listing = listed.list(prefix="flat/")
    got: list = []

    def take():
        for info in listing:
            got.append(info.key)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(got) == [f"flat/{i:04d}" for i in range(N_FLAT)]


def test_project_closing_cuts_a_paged_listing_short(access, listed):
    proj = access.open_project()
    listing = proj.list_objects(listed.name, prefix="flat/")
    assert next(listing).key.startswith("flat/")
    assert next(listing).key.startswith("flat/")  # a page is buffered now
    proj.close()
    with pytest.raises(sj.ClosedError):
        next(listing)
    with pytest.raises(sj.ClosedError):
        proj.list_objects(listed.name)


# ---- small objects ------------------------------------------------------------------
def streaming_put(bucket, key, data, **kw):
    with bucket.upload(key, kw.get("expires"), kw.get("metadata")) as upload:
        upload.write(data)
    return upload.info


def streaming_get(bucket, key):
    with bucket.download(key) as download:
        return download.read()


def sha(data):
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("size", [0, 1, 1024, 70_000])
def test_put_and_get_match_the_streaming_path(bucket, size):
    data = os.urandom(size)
    expires = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=2)
    meta = {"a": "1", "ünï": "cödé"}
    fast = bucket.put("fast", data, metadata=meta, expires=expires)
    slow = streaming_put(bucket, "slow", data, metadata=meta, expires=expires)
    for info in (fast, slow):
        assert isinstance(info, sj.ObjectInfo)
        assert info.content_length == size and info.metadata == meta
        assert info.expires == expires and info.created is not None
        assert info.is_latest is True and info.legal_hold is None
    same = ("is_prefix", "is_delete_marker", "retention", "version")  # version: None, unversioned
    assert {f: getattr(fast, f) for f in same} == {f: getattr(slow, f) for f in same}
    for key in ("fast", "slow"):
        assert sha(bucket.get(key)) == sha(streaming_get(bucket, key)) == sha(data)
        stat = bucket.stat(key)
        assert (stat.content_length, stat.metadata, stat.expires) == (size, meta, expires)
    assert bucket.stat("fast").version == fast.version


def test_put_takes_any_bytes_like_value(bucket):
    import array
    data = os.urandom(4096)
    for i, value in enumerate([bytearray(data), memoryview(data), array.array("B", data)]):
        assert bucket.put(f"k{i}", value).content_length == 4096
        assert bucket.get(f"k{i}") == data
    assert bucket.put("no-meta", b"x", metadata={}).metadata == {}


def test_objects_too_big_for_one_call_stream(bucket):
    data = os.urandom(MAX_NATIVE_CALL + 12345)
    info = bucket.put("big", data, metadata={"m": "v"})
    assert info.content_length == len(data) and info.metadata == {"m": "v"}
    assert sha(bucket.get("big")) == sha(data)
    assert sj.ObjectInfo is type(info)


def test_bad_input_gives_the_streaming_errors(bucket):
    for bad in ("text", 12, None):
        with pytest.raises(TypeError) as fast:
            bucket.put("k", bad)
        with pytest.raises(TypeError) as slow:
            streaming_put(bucket, "k", bad)
        assert str(fast.value) == str(slow.value)
    with pytest.raises(ValueError):
        bucket.put("k", b"x", metadata={"": "empty key"})
    with pytest.raises(ValueError):
        bucket.put("k", b"x", expires=datetime(2030, 1, 1))  # naive
    with pytest.raises(ValueError):
        bucket.put("bad\0key", b"x")
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("k")  # nothing was committed by the refused calls


def test_missing_objects_and_buckets(project, bucket):
    with pytest.raises(sj.ObjectNotFoundError) as fast:
        bucket.get("nope")
    with pytest.raises(sj.ObjectNotFoundError) as slow:
        streaming_get(bucket, "nope")
    assert fast.value.code == slow.value.code
    gone = project.bucket("t-missing-" + os.urandom(6).hex())
    for call in (lambda: gone.put("k", b"x"), lambda: streaming_put(gone, "k", b"x")):
        with pytest.raises(sj.BucketNotFoundError):
            call()
    # a download from a missing bucket: uplink says the object is not found
    for call in (lambda: gone.get("k"), lambda: streaming_get(gone, "k")):
        with pytest.raises(sj.ObjectNotFoundError):
            call()
    with pytest.raises(sj.ObjectKeyInvalidError):
        bucket.put("", b"x")
    with pytest.raises(sj.ObjectKeyInvalidError):
        streaming_put(bucket, "", b"x")


def test_closed_project(access, bucket_name):
    proj = access.open_project()
    b = proj.create_bucket(bucket_name)
    b.put("k", b"data")
    proj.close()
    for call in (lambda: b.put("k2", b"x"), lambda: b.get("k"),
                 lambda: streaming_get(b, "k"), lambda: streaming_put(b, "k2", b"x")):
        with pytest.raises(sj.ClosedError):
            call()


def test_versions_and_lock_options_still_stream(bucket):
    bucket.enable_versioning()
    first = bucket.put("v", b"one")
    second = bucket.put("v", b"two")
    assert first.version != second.version
    assert bucket.get("v", version=first.version) == b"one"
    assert bucket.get("v") == b"two"
    with pytest.raises(sj.ObjectAlreadyExistsError):
        bucket.put("v", b"three", if_none_match=True)
    assert bucket.get("v") == b"two"
