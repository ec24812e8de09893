"""Fuzzing what works without a network: only TypeError/ValueError/StorjError may escape."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import storj_uplink as sj
from tests.fuzz_strategies import ALLOWED, hostile_text, hostile_value, naive_or_aware

OK = (*ALLOWED, sj.StorjError)


def _call(fn, *args, **kwargs):
    try:
        result = fn(*args, **kwargs)
    except OK:
        return None
    if hasattr(result, "close"):
        result.close()
    return result


@given(st.one_of(hostile_value, hostile_text))
def test_access_parse(value):
    _call(sj.Access.parse, value)


@given(hostile_value, hostile_value)
def test_encryption_key_derive(passphrase, salt):
    _call(sj.EncryptionKey.derive, passphrase, salt)


@given(hostile_value, hostile_value, hostile_value)
def test_config(user_agent, dial_timeout, temp_directory):
    cfg = _call(sj.Config, user_agent, dial_timeout, temp_directory)
    if cfg is not None:
        _call(cfg._to_c)


@given(st.lists(hostile_value, min_size=4, max_size=4),
       st.one_of(hostile_value, naive_or_aware), st.one_of(hostile_value, naive_or_aware))
def test_permission(flags, not_before, not_after):
    _call(sj.Permission, *flags, not_before, not_after)


@given(hostile_value, hostile_value)
def test_share_prefix(bucket, prefix):
    _call(sj.SharePrefix, bucket, prefix)


def test_errors_carry_no_unexpected_types():
    assert issubclass(sj.StorjError, Exception)
    for cls in OK:
        assert issubclass(cls, Exception)


@pytest.mark.parametrize("value", ["", "\0", "\ud800", "x" * 1_000_000])
def test_parse_of_extreme_strings(value):
    with pytest.raises(OK):
        sj.Access.parse(value)


def test_encryption_key_derive_takes_any_contiguous_salt():
    with pytest.raises(ValueError, match="salt: the buffer must be C-contiguous"):
        sj.EncryptionKey.derive("pw", memoryview(b"abcdef")[::2])
    with sj.EncryptionKey.derive("pw", memoryview(b"ace")) as a, \
            sj.EncryptionKey.derive("pw", bytearray(b"ace")) as b:
        assert not a.closed and not b.closed
