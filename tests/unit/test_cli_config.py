"""Without a network: saved accesses (access.json), sj:// URLs, Go-style flag values,
passphrase prompts, and Access.from_env / from_saved refusals."""

from __future__ import annotations

import argparse
import io
import os
from datetime import datetime, timedelta, timezone

import pytest

import storj_uplink as sj
import storj_uplink.saved
from storj_uplink.cli import main
from storj_uplink.cli.cp import parse_range
from storj_uplink.cli.credentials import ask_secret, may_be_grant
from storj_uplink.cli.errors import CliError
from storj_uplink.cli.flags import parse_go_duration, parse_human_date, parse_metadata
from storj_uplink.cli.share import auth_service_address, go_duration
from storj_uplink.saved import SavedAccesses
from storj_uplink.url import StorjURL, has_scheme, parse_url

GRANT = "1Zq8WjYbtBYbzFsKTM5Bb2HRPZBmyr3sJGAk5RfYg4VkiVDTV9cCiHrY2Ykdj"
NOW = datetime(2030, 1, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("STORJ_ACCESS", "STORJ_SATELLITE", "STORJ_API_KEY", "STORJ_PASSPHRASE",
                 "UPLINK_ACCESS", "UPLINK_CONFIG_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path


# ---------------------------------------------------------------- access.json


def test_saved_accesses_round_trip_as_the_go_cli_writes_them(tmp_path):
    empty = SavedAccesses.load(str(tmp_path / "d"))
    assert (empty.default, empty.accesses, empty.exists) == ("", {}, False)
    empty.accesses.update({"b": "G2", "a": "G1"})
    empty.default = "b"
    empty.save()
    path = tmp_path / "d" / "access.json"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    # Go's json.MarshalIndent(struct{Default; Accesses}, "", "\t"): fields in that order
    assert path.read_text() == '{\n\t"Default": "b",\n\t"Accesses": {\n\t\t"a": "G1",\n' \
                               '\t\t"b": "G2"\n\t}\n}'
    again = SavedAccesses.load(str(tmp_path / "d"))
    assert (again.default, again.accesses, again.exists) == ("b", {"a": "G1", "b": "G2"}, True)
    assert again.grant() == "G2" and again.grant("a") == "G1" and again.grant("x") is None
    assert "G1" not in repr(again) and "G2" not in repr(again)


def test_saved_accesses_field_names_in_any_case(tmp_path):
    (tmp_path / "access.json").write_text('{"default": "a", "ACCESSES": {"a": "G"}}')
    saved = sj.saved.SavedAccesses.load(str(tmp_path))
    assert (saved.default, saved.accesses) == ("a", {"a": "G"})  # as Go's json decoder


@pytest.mark.parametrize("text", ["not json", "[]", '{"Accesses": {"a": 1}}',
                                  '{"Default": 3, "Accesses": {}}', '{"Accesses": ["a"]}'])
def test_saved_accesses_refuse_other_files(tmp_path, text):
    (tmp_path / "access.json").write_text(text)
    with pytest.raises(ValueError) as e:
        SavedAccesses.load(str(tmp_path))
    assert str(tmp_path / "access.json") in str(e.value) and "a\": 1" not in str(e.value)


def test_unreadable_access_json_is_one_line(capsys, clean_env):
    where = clean_env / "cfg"
    where.mkdir()
    (where / "access.json").write_text("{" + GRANT)
    code = main(["--config-dir", str(where), "ls"])
    _, err = capsys.readouterr()
    assert code == 1 and err == f"error: {where / 'access.json'} is not valid JSON\n"


def test_access_from_saved_and_env_refusals(clean_env):
    with pytest.raises(sj.AccessNotFoundError, match="marked default"):
        sj.Access.from_saved()
    with pytest.raises(sj.AccessNotFoundError, match="no access grant"):
        sj.Access.from_env({})
    with pytest.raises(sj.AccessNotFoundError, match="STORJ_PASSPHRASE is not set"):
        sj.Access.from_env({"STORJ_SATELLITE": "id@host:1", "STORJ_API_KEY": "key"})
    with pytest.raises(sj.AccessNotFoundError, match="Cannot find access named 'nope'"):
        sj.Access.from_env({"UPLINK_ACCESS": "nope"})
    with pytest.raises(sj.AccessGrantInvalidError) as e:
        sj.Access.from_env({"STORJ_ACCESS": GRANT})
    assert GRANT not in str(e.value)
    assert issubclass(sj.AccessNotFoundError, ValueError)


# ---------------------------------------------------------------- sj:// URLs


def test_parse_url_shared_by_the_cli_and_fsspec():
    assert parse_url("sj://b/k/x") == StorjURL("b", "k/x")
    assert parse_url("b/k/", require_scheme=False) == StorjURL("b", "k/")
    assert parse_url("/b", require_scheme=False) == StorjURL("b")
    assert parse_url("sj://", allow_root=True) == StorjURL("")
    assert has_scheme("SJ://b") and not has_scheme("b")
    for bad in ("b/k", "sj://", "sj:///k", "sj://a b/k"):
        with pytest.raises(ValueError):
            parse_url(bad)
    with pytest.raises(TypeError):
        parse_url(3)  # type: ignore[arg-type]
    from storj_uplink.filesystem import StorjFileSystem

    assert StorjFileSystem.split_path(object.__new__(StorjFileSystem), "sj://b/k/x") == (
        "b", "k/x")


# ---------------------------------------------------------------- flag values


@pytest.mark.parametrize("text, seconds", [("1h30m", 5400), ("720h", 2592000), ("90s", 90),
                                           ("1.5h", 5400), ("-5m", -300), ("0", 0),
                                           ("2h45m30s", 9930), ("500ms", 0.5)])
def test_parse_go_duration(text, seconds):
    assert parse_go_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("bad", ["", "1y", "h", "1h30", "abc", "+"])
def test_parse_go_duration_refuses(bad):
    with pytest.raises(argparse.ArgumentTypeError):
        parse_go_duration(bad)


def test_parse_human_date():
    assert parse_human_date("none", NOW) is None
    assert parse_human_date("now", NOW) == NOW
    assert parse_human_date("+2h", NOW) == NOW + timedelta(hours=2)
    assert parse_human_date("-30m", NOW) == NOW - timedelta(minutes=30)
    assert parse_human_date("+7d", NOW) == NOW + timedelta(days=7)
    assert parse_human_date("2031-02-03T04:05:06Z") == datetime(2031, 2, 3, 4, 5, 6,
                                                                tzinfo=timezone.utc)
    day = parse_human_date("2031-02-03")
    end = parse_human_date("2031-02-03", round_up=True)
    assert day.tzinfo is not None and end - day == timedelta(days=1, microseconds=-1)
    minute = parse_human_date("2031-02-03T04:05", round_up=True)
    assert minute.second == 59
    with pytest.raises(argparse.ArgumentTypeError):
        parse_human_date("tomorrow")


def test_parse_metadata():
    assert parse_metadata('{"a": "1", "b": ""}') == {"a": "1", "b": ""}
    assert parse_metadata("") == {}
    for bad in ("{", "[]", '{"a": 1}', '{"a": {"b": "c"}}', "null"):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_metadata(bad)


@pytest.mark.parametrize("text, expected", [("0-99", (0, 100)), ("bytes=10-10", (10, 1)),
                                            ("100-", (100, -1)), ("-20", (-20, -1)),
                                            (" 5 - 6 ", (5, 2))])
def test_parse_range(text, expected):
    assert parse_range(text) == expected


@pytest.mark.parametrize("text, message", [("5-1", "5 > 1"), ("0-1,3-4", "single range"),
                                           ("7", 'no "-"'), ("-", "invalid range"),
                                           ("a-b", "invalid range")])
def test_parse_range_refuses(text, message):
    with pytest.raises(CliError, match=message):
        parse_range(text)


def test_go_duration_and_auth_service_address():
    assert [go_duration(timedelta(seconds=s)) for s in (5400, 300, 42, 3600)] == [
        "1h30m0s", "5m0s", "42s", "1h0m0s"]
    assert auth_service_address("https://auth.storjshare.io") == ("auth.storjshare.io:7777",
                                                                  False)
    assert auth_service_address("insecure://127.0.0.1:9/") == ("127.0.0.1:9", True)
    assert auth_service_address("auth.example:1234") == ("auth.example:1234", False)
    with pytest.raises(CliError):
        auth_service_address("https://")


# ---------------------------------------------------------------- secrets and prompts


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_ask_secret_only_on_a_terminal():
    asked = []

    def ask(prompt):
        asked.append(prompt)
        return "typed secret"

    assert ask_secret("Passphrase: ", "the passphrase", FakeTTY(), ask) == "typed secret"
    assert asked == ["Passphrase: "]
    with pytest.raises(CliError, match="no terminal"):
        ask_secret("Passphrase: ", "the passphrase", io.StringIO(), ask)
    with pytest.raises(CliError, match="non-empty"):
        ask_secret("P: ", "the passphrase", FakeTTY(), lambda _: "")

    def eof(_):
        raise EOFError

    with pytest.raises(CliError, match="the passphrase was not given"):
        ask_secret("P: ", "the passphrase", FakeTTY(), eof)


def test_requested_access_asks_for_the_passphrase(clean_env, monkeypatch, capsys, mocker):
    monkeypatch.setenv("STORJ_SATELLITE", "id@127.0.0.1:1")
    monkeypatch.setenv("STORJ_API_KEY", "secret-api-key-value")
    monkeypatch.setattr("sys.stdin", FakeTTY())
    ask = mocker.patch("getpass.getpass", return_value="hunter2-passphrase")
    request = mocker.patch("storj_uplink.access.Access.request",
                           side_effect=sj.InternalError("dial failed hunter2-passphrase"))
    code = main(["ls"])
    _, err = capsys.readouterr()
    assert code == 1 and ask.call_count == 1
    assert request.call_args.args[2] == "hunter2-passphrase"
    assert "hunter2-passphrase" not in err and "secret-api-key-value" not in err
    assert err.count("\n") == 1


def test_may_be_grant_spares_names_and_paths():
    assert may_be_grant(GRANT) and not may_be_grant("main") and not may_be_grant("./g.txt")
    assert not may_be_grant(os.path.join("dir", "x" * 30))


def test_ls_times_local_unless_utc(monkeypatch):
    import time

    from storj_uplink.cli.ls import format_time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        when = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
        assert format_time(when) == "2030-01-02 03:04:05"
        assert format_time(when, utc=False) == "2030-01-02 12:04:05"  # UTC+9
        assert format_time(None, utc=False) == ""
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_inspect_refuses_what_is_not_a_grant():
    from storj_uplink.cli.inspect import GrantFormatError, inspect_grant

    for bad in ["0OIl", GRANT, "1" * 30, "", "3QJmnh"]:  # not base58, bad checksums
        with pytest.raises(GrantFormatError):
            inspect_grant(bad)


@pytest.mark.parametrize("argv, message", [
    (["access", "create", "--unencrypted-object-keys"], "not supported"),
    (["access", "create"], "--satellite-address is needed"),
    (["access", "create", "--passphrase-stdin"], "as flags when passphrase-stdin is set"),
    (["rm", "--encrypted", "sj://b/k"], "not supported"),
    (["rm", "--pending", "--version-id", "01", "sj://b/k"], "pending uploads"),
    (["cp", "-r", "--range", "0-1", "sj://b/", "d"], "recursive copy with byte range"),
    (["mv", "-", "sj://b/k"], "cannot move to stdin/stdout"),
    (["share", "--tls", "sj://b"], "--dns"),
    (["access", "import", "name", "neither-a-grant-nor-a-file"], "neither a valid access"),
])
def test_refusals_before_any_network(argv, message, capsys, clean_env, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(argv)
    _, err = capsys.readouterr()
    assert code == 1 and message in err and err.count("\n") == 1, err
