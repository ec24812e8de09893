"""storj_uplink.testnet: NetworkInfo, STORJ_* environment handling, external networks."""

from __future__ import annotations

import dataclasses
import sys

import pytest

from storj_uplink.testnet import (
    ExternalNetwork,
    LocalNetwork,
    NetworkInfo,
    TestnetError,
    connect_or_start,
    network_from_env,
)

SECRETS = ("sekrit-api-key", "sekrit-access", "sekrit-passphrase")


def _info(**kw):
    base = dict(
        satellite="1SatID@127.0.0.1:7777",
        api_key=SECRETS[0],
        access=SECRETS[1],
        passphrase=SECRETS[2],
        control="127.0.0.1:9999",
        node_addresses=("127.0.0.1:1", "127.0.0.1:2"),
    )
    base.update(kw)
    return NetworkInfo(**base)


def test_repr_and_str_hide_secrets():
    info = _info()
    for text in (repr(info), str(info), repr(ExternalNetwork(info)), f"{info}", f"{info!r}"):
        for secret in SECRETS:
            assert secret not in text
        assert "1SatID@127.0.0.1:7777" in text


def test_is_frozen():
    info = _info()
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.api_key = "x"  # type: ignore[misc]


def test_env_and_address_parts():
    info = _info()
    assert info.env() == {
        "STORJ_SATELLITE": "1SatID@127.0.0.1:7777",
        "STORJ_API_KEY": SECRETS[0],
        "STORJ_ACCESS": SECRETS[1],
    }
    assert info.satellite_address == "127.0.0.1:7777"
    assert info.satellite_id == "1SatID"
    assert info.satellite_port == 7777


def test_from_json():
    info = NetworkInfo.from_json(
        {
            "satellite": "a@127.0.0.1:1",
            "api_key": "k",
            "access": "acc",
            "passphrase": "p",
            "control": "127.0.0.1:2",
            "nodes": 2,
            "node_addresses": ["127.0.0.1:3", "127.0.0.1:4"],
            "pid": 5,
        }
    )
    assert info.node_addresses == ("127.0.0.1:3", "127.0.0.1:4")
    assert info.control == "127.0.0.1:2"
    with pytest.raises(TestnetError, match="incomplete"):
        NetworkInfo.from_json({"satellite": "a@127.0.0.1:1"})


def test_network_from_env_none_when_unset():
    assert network_from_env({}) is None
    assert network_from_env({"UNRELATED": "1"}) is None


def test_network_from_env_satellite_and_key():
    info = network_from_env(
        {"STORJ_SATELLITE": "x@h:1", "STORJ_API_KEY": "k", "STORJ_PASSPHRASE": "pp"}
    )
    assert (info.satellite, info.api_key, info.access, info.passphrase) == ("x@h:1", "k", "", "pp")


def test_network_from_env_access_only():
    info = network_from_env({"STORJ_ACCESS": "acc"})
    assert info.access == "acc" and info.satellite == ""


@pytest.mark.parametrize(
    "env, missing",
    [
        ({"STORJ_SATELLITE": "x@h:1"}, "STORJ_API_KEY"),
        ({"STORJ_API_KEY": "k"}, "STORJ_SATELLITE"),
    ],
)
def test_network_from_env_half_set_is_an_error(env, missing):
    with pytest.raises(TestnetError) as err:
        network_from_env(env)
    assert missing in str(err.value) and "\n" not in str(err.value)


def test_connect_or_start_uses_external_network_and_starts_nothing(tmp_path):
    never = [sys.executable, "-c", "raise SystemExit('must not start')"]
    env = {"STORJ_SATELLITE": "x@127.0.0.1:1", "STORJ_API_KEY": "k"}
    with connect_or_start(env, server_cmd=never, run_root=tmp_path) as net:
        assert isinstance(net, ExternalNetwork)
        assert not net.is_local
        assert net.info.satellite == "x@127.0.0.1:1"
        for call in (
            lambda: net.stop_node(0),
            lambda: net.start_node(0),
            net.stop_satellite,
            net.start_satellite,
            net.status,
            net.restore,
            lambda: net.limited_project(storage=1),
        ):
            with pytest.raises(TestnetError, match="fault control needs the local network"):
                call()
    assert list(tmp_path.iterdir()) == []


def test_local_network_not_started_has_no_info(tmp_path):
    net = LocalNetwork(run_root=tmp_path)
    with pytest.raises(TestnetError, match="not running"):
        _ = net.info
    net.stop()  # stopping a network that never started is fine
    with pytest.raises(TestnetError, match="at least 1 storage node"):
        LocalNetwork(nodes=0)
