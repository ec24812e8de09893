"""Fuzzing the OO API and storj_uplink.binding on the real network, open and closed.

Only TypeError, ValueError or a StorjError (or their documented subclasses) may
come out; never a crash, a hang or another exception. The CI budget is bounded
(tests/fuzz_strategies.py: 2,000 examples in all, a slice of the soak); STORJ_UPLINK_SOAK=1
runs the soak budget.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import storj_uplink as sj
from storj_uplink import binding
from tests.fuzz_strategies import (
    ALLOWED,
    NETWORK_FUZZ_TESTS,
    hostile_int,
    hostile_metadata,
    hostile_text,
    hostile_value,
    network_budget,
)

pytestmark = pytest.mark.network
OK = (*ALLOWED, sj.StorjError)
name_or_junk = st.one_of(hostile_text, hostile_value, st.just("fuzz-bucket"))


def _drain(result):
    """Consume and close whatever a call returned."""
    if isinstance(result, sj.Listing):
        for _ in zip(range(3), result):
            pass
        result.close()
    elif isinstance(result, (sj.Upload, sj.Download)):
        if isinstance(result, sj.Upload):
            result.abort()
        else:
            result.close()
    elif isinstance(result, sj.Access):
        result.close()


def _call(fn, *args, **kwargs):
    try:
        _drain(fn(*args, **kwargs))
    except OK:
        pass


@pytest.fixture(scope="module")
def fuzz_bucket(project):
    b = project.ensure_bucket("fuzz-bucket")
    b.put("existing", b"data")
    yield b
    project.delete_bucket("fuzz-bucket", with_objects=True)


@network_budget
@given(name=name_or_junk)
def test_bucket_operations(project, fuzz_bucket, name):
    for fn in (project.stat_bucket, project.list_objects, project.bucket):
        _call(fn, name)
    _call(lambda: list(project.list_buckets(cursor=name)))


@network_budget
@given(bucket=name_or_junk, key=st.one_of(hostile_text, hostile_value))
def test_object_operations(project, fuzz_bucket, bucket, key):
    _call(project.stat_object, bucket, key)
    _call(project.download_object, bucket, key)
    _call(project.upload_object, bucket, key)
    _call(project.list_objects, bucket, key, key)


@network_budget
@given(offset=st.one_of(hostile_int, hostile_value), length=st.one_of(hostile_int, hostile_value))
def test_download_ranges(fuzz_bucket, offset, length):
    try:
        with fuzz_bucket.download("existing", offset, length) as down:
            data = down.read()
        assert len(data) <= 4
    except OK:
        pass


@network_budget
@given(data=hostile_value, metadata=hostile_metadata, expires=hostile_value)
def test_upload_values(fuzz_bucket, data, metadata, expires):
    try:
        fuzz_bucket.put("fuzzed", data, metadata=metadata, expires=expires)
    except OK:
        pass


@network_budget
@given(args=st.lists(hostile_value, min_size=1, max_size=4))
def test_methods_of_closed_objects(access, fuzz_bucket, args):
    proj = access.open_project()
    up = proj.upload_object("fuzz-bucket", "closed-upload")
    down = proj.download_object("fuzz-bucket", "existing")
    proj.close()
    for fn in (proj.stat_bucket, proj.create_bucket, proj.stat_object, proj.upload_object,
               proj.download_object, proj.list_objects, up.write, up.commit,
               up.set_custom_metadata, down.read, down.readinto):
        _call(fn, *args[: fn.__code__.co_argcount - 1] if hasattr(fn, "__code__") else args)
    _call(up.abort)
    _call(down.close)


@network_budget
@given(value=hostile_value, other=hostile_value)
def test_binding_functions_never_raise_more_than_type_error(project, fuzz_bucket, value, other):
    calls = [
        lambda: binding.parse_access(value),
        lambda: binding.stat_bucket(project, value),
        lambda: binding.ensure_bucket(project, value) if value != "fuzz-bucket" else None,
        lambda: binding.stat_object(project, "fuzz-bucket", value),
        lambda: binding.list_objects(project, value, None),
        lambda: binding.download_object(project, "fuzz-bucket", value, None),
        lambda: binding.upload_object(project, value, other, None),
    ]
    for call in calls:
        try:
            result = call()
        except TypeError:
            continue
        if isinstance(result, tuple) and result and result[0] is not None:
            for field in ("upload", "download", "access"):  # the OO object behind a handle
                handle = getattr(getattr(result[0], field, None), "oo", None)
                if isinstance(handle, sj.Upload):
                    handle.abort()
                elif isinstance(handle, (sj.Download, sj.Access)):
                    handle.close()


def test_every_network_fuzz_test_has_its_share_of_the_budget():
    tests = [f for name, f in globals().items()
             if name.startswith("test_") and hasattr(f, "hypothesis")]
    assert len(tests) == NETWORK_FUZZ_TESTS
    assert all(f._hypothesis_internal_use_settings.max_examples
               == network_budget.max_examples for f in tests)
