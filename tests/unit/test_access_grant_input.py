"""Bad access grants are bad input: AccessGrantInvalidError (a ValueError leaf of
StorjError, code INTERNAL as uplink-c says), and text longer than any real grant is
refused before the native parse (whose time grows with the square of the length)."""

import pytest

import storj_uplink as sj
import storj_uplink.binding as b
from storj_uplink._native import access as native_access
from storj_uplink.filesystem import StorjFileSystem

LIMIT = native_access.MAX_ACCESS_GRANT_LENGTH


class _NoNativeParse:
    """Stands in for the native lib: the parse must not be reached."""

    def __getattr__(self, name):
        raise AssertionError(f"{name} called for a grant that should have been refused")


def test_unparseable_grant_is_a_value_error_leaf_with_the_c_code():
    with pytest.raises(sj.AccessGrantInvalidError) as info:
        sj.Access.parse("garbage")
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, sj.StorjError)
    assert isinstance(err, sj.InternalError)  # what it was before it had its own class
    assert err.code == b.ERROR_INTERNAL == 0x02
    assert "invalid access grant format" in str(err)
    assert sj.AccessGrantInvalidError.__subclasses__() == []


def test_twenty_megabytes_are_refused_before_the_native_parse(monkeypatch):
    monkeypatch.setattr(native_access, "lib", _NoNativeParse())
    for text in ("1" * 20_000_000, "1" * (LIMIT + 1)):
        with pytest.raises(sj.AccessGrantInvalidError, match=r"access grant too long: \d+") as info:
            sj.Access.parse(text)
        assert info.value.code == b.ERROR_INTERNAL
        assert "111111111" not in str(info.value)  # the input is never echoed


def test_the_limit_itself_still_reaches_the_native_parse():
    # "0" is not a base58 digit: the native parse rejects it at once
    with pytest.raises(sj.AccessGrantInvalidError, match="invalid access grant format"):
        sj.Access.parse("0" * LIMIT)


def test_a_real_grant_is_far_below_the_limit():
    # 100 share prefixes with 1000-byte keys made a grant of 446 290 characters
    assert 446_290 < LIMIT <= 1 << 20


def test_binding_returns_the_error_string_for_both(monkeypatch):
    # ctypes-era shape: the result structure comes back too, its error set (issue 19)
    result, err = b.parse_access("garbage")
    assert not result.access and result.error.contents.code == err.code == b.ERROR_INTERNAL
    assert isinstance(err.exception, sj.AccessGrantInvalidError) and "access grant" in err
    monkeypatch.setattr(native_access, "lib", _NoNativeParse())
    result, err = b.parse_access("1" * 20_000_000)
    assert not result.access and err.code == b.ERROR_INTERNAL and "too long" in err
    assert result.error.contents.message == str(err).encode()


def test_filesystem_refuses_a_huge_grant_before_the_native_parse(monkeypatch):
    monkeypatch.setattr(native_access, "lib", _NoNativeParse())
    with pytest.raises(ValueError, match="too long"):
        StorjFileSystem(access="1" * 20_000_000, skip_instance_cache=True)
