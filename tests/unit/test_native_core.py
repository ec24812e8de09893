"""The compiled module: versions, the error choke point, handles, leak check."""

import gc
import re

import pytest

import storj_uplink as sj
from storj_uplink._native import core, lib
from storj_uplink._native.core import NativeHandle, check, unwrap


def test_versions_are_exposed_and_consistent():
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", sj.__version__)
    assert core.BUILD_VERSION == sj.__version__
    assert sj.UPLINK_C_API_VERSION == "v1.14"
    assert re.fullmatch(r"v1\.14\.\d+", sj.STORJ_UPLINK_GO_VERSION)


def test_parse_garbage_raises_through_the_choke_point_and_frees():
    res = lib.uplink_parse_access(b"garbage")
    with pytest.raises(sj.StorjError) as info:
        unwrap(res, lib.uplink_free_access_result)
    assert info.value.code == lib.UPLINK_ERROR_INTERNAL
    assert type(info.value) is sj.InternalError
    assert str(info.value)
    assert lib.uplink_internal_UniverseIsEmpty()


def test_access_parse_error_does_not_leak_the_input():
    secret = "1Hx" + "q" * 60 + "SECRETGRANT"
    with pytest.raises(sj.StorjError) as info:
        sj.Access.parse(secret)
    assert secret not in str(info.value) and secret not in repr(info.value)
    assert "SECRETGRANT" not in (info.value.details or "")


def test_check_of_null_is_a_no_op():
    check(core.NULL)


def test_redact_replaces_long_secrets_only():
    assert core.redact("key=abcdefgh12 end", ["abcdefgh12"]) == "key=[REDACTED] end"
    assert core.redact("short ab", ["ab"]) == "short ab"


def test_native_handle_frees_exactly_once_after_borrows():
    freed = []
    h = NativeHandle("ptr", lambda: freed.append(1), "thing")
    with h as p:
        assert p == "ptr"
        h.close()
        assert freed == [] and h.closed
    assert freed == [1]
    h.close()
    assert freed == [1]
    with pytest.raises(sj.ClosedError, match="thing is closed"):
        with h:
            pass


def test_native_handle_finalizer_is_a_safety_net():
    freed = []
    NativeHandle("ptr", lambda: freed.append(1), "thing")
    gc.collect()
    assert freed == [1]


def test_invalid_handle_value_gives_invalid_handle_error():
    bogus = core.ffi.new("UplinkAccess *")
    bogus._handle = 987654
    res = lib.uplink_access_serialize(bogus)
    with pytest.raises(sj.InvalidHandleError):
        unwrap(res, lib.uplink_free_string_result)


def test_null_handle_gives_internal_error_naming_the_argument():
    res = lib.uplink_access_serialize(core.ffi.NULL)
    with pytest.raises(sj.InternalError, match="access"):
        unwrap(res, lib.uplink_free_string_result)


def test_universe_is_empty_after_all_of_this():
    gc.collect()
    assert sj._universe_is_empty()


def test_native_counts_follow_handles_and_goroutines():
    base = sj._native_counts()
    assert base.goroutines >= 1 and base.handles >= 0
    with sj.EncryptionKey.derive("passphrase", b"salt") as key:
        assert sj._native_counts().handles == base.handles + 1
        assert key is not None
    assert sj._native_counts().handles == base.handles
