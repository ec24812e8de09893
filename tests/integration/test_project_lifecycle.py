"""Closing, concurrency and misuse of projects, uploads and downloads on the real network."""

from __future__ import annotations

import gc
import hashlib
import os
import threading

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network


def test_closing_a_project_ends_what_is_open(access, bucket_name):
    with access.open_project() as admin:
        admin.create_bucket(bucket_name)
        admin.bucket(bucket_name).put("exists", b"data")
    proj = access.open_project()
    up = proj.upload_object(bucket_name, "pending")
    up.write(b"never committed")
    down = proj.download_object(bucket_name, "exists")
    listing = proj.list_objects(bucket_name)
    proj.close()
    proj.close()  # idempotent
    assert up.aborted and down.closed and "closed" in repr(listing)
    with pytest.raises(sj.ClosedError):
        proj.stat_bucket(bucket_name)
    with pytest.raises(sj.UploadDoneError):
        up.write(b"x")
    with access.open_project() as check:
        with pytest.raises(sj.ObjectNotFoundError):
            check.stat_object(bucket_name, "pending")


def test_garbage_collected_upload_is_aborted_not_committed(project, bucket):
    up = bucket.upload("gc")
    up.write(b"abc")
    del up
    gc.collect()
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("gc")


def test_threads_share_a_project(project, bucket):
    errors = []
    payloads = {f"t{i}": os.urandom(100_000 + i) for i in range(8)}

    def work(key):
        try:
            bucket.put(key, payloads[key])
            got = bucket.get(key)
            assert hashlib.sha256(got).digest() == hashlib.sha256(payloads[key]).digest()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_one_upload_used_by_two_threads_raises(bucket):
    up = bucket.upload("busy")
    entered = threading.Event()
    release = threading.Event()

    def hold():
        def block():
            entered.set()
            release.wait(10)
        up._exclusive(block)

    t = threading.Thread(target=hold)
    t.start()
    entered.wait(10)
    try:
        with pytest.raises(sj.ConcurrentUseError):
            up.write(b"x")
    finally:
        release.set()
        t.join()
        up.abort()


def test_bad_argument_types_raise_type_error(project, bucket):
    with pytest.raises(TypeError):
        project.stat_bucket(123)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        bucket.put("k", "a str is not bytes")
    with pytest.raises(TypeError):
        bucket.put("k", b"x", metadata={"a": 1})  # type: ignore[dict-item]
    with pytest.raises(ValueError):
        bucket.stat("nul\0key")
    with pytest.raises(ValueError):
        bucket.stat("\ud800")
    with pytest.raises(ValueError):
        bucket.download("k", length=-2)
    with pytest.raises(TypeError):
        bucket.download("k", offset=1.5)  # type: ignore[arg-type]
