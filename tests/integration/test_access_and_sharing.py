"""Access grants on the real network: request, serialize, share, permission denied."""

from __future__ import annotations

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network


def test_request_access_and_serialize_round_trip(storj_network):
    if not storj_network.api_key:
        pytest.fail("the network facts have no API key")
    acc = sj.Access.request(storj_network.satellite, storj_network.api_key,
                            storj_network.passphrase or "pass")
    try:
        assert acc.satellite_address == storj_network.satellite
        again = sj.Access.parse(acc.serialize())
        assert again.serialize() == acc.serialize()
        again.close()
    finally:
        acc.close()


def test_repr_never_shows_the_grant(access):
    text = repr(access)
    assert access.serialize() not in text
    assert "satellite" in text


def test_request_with_config(storj_network):
    cfg = sj.Config(user_agent="storj-uplink-tests/1.0", dial_timeout=10.0)
    with sj.Access.request(storj_network.satellite, storj_network.api_key, "pw",
                           config=cfg) as acc:
        with acc.open_project(cfg) as proj:
            assert not proj.closed
        assert proj.closed


def test_wrong_api_key_fails(storj_network):
    with pytest.raises(sj.StorjError) as info:
        sj.Access.request(storj_network.satellite, "13Yqe" + "x" * 40, "pw")
    assert "x" * 40 not in str(info.value)


def test_read_only_share_denies_writes(access, project, bucket):
    bucket.put("shared/a", b"alpha")
    bucket.put("private/b", b"beta")
    ro = access.share(sj.Permission.read_only(), sj.SharePrefix(bucket.name, "shared/"))
    try:
        serialized = ro.serialize()
        assert serialized != access.serialize()
        with sj.Access.parse(serialized).open_project() as proj:
            b = proj.bucket(bucket.name)
            assert b.get("shared/a") == b"alpha"
            with pytest.raises(sj.PermissionDeniedError) as info:
                b.put("shared/new", b"x")
            assert isinstance(info.value, PermissionError)
            with pytest.raises(sj.PermissionDeniedError):
                b.delete("shared/a")
            with pytest.raises(sj.PermissionDeniedError):
                b.get("private/b")
    finally:
        ro.close()


def test_share_rejects_bad_arguments(access):
    with pytest.raises(TypeError):
        access.share("read")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        access.share(sj.Permission.read_only(), 42)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        access.share(sj.Permission.read_only(), "")
