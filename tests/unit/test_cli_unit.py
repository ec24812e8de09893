"""The command line without a network: parsing, sj:// paths, access resolution, errors, exits."""

from __future__ import annotations

import argparse
import io
import os
import sys
from datetime import datetime, timedelta, timezone

import pytest

import storj_uplink as sj
from storj_uplink._access_source import legacy_access_file
from storj_uplink.cli import main
from storj_uplink.cli.cp import parse_size, plan, positive_int
from storj_uplink.cli.credentials import open_access, resolve_access
from storj_uplink.cli.errors import CliError, error_line, redact
from storj_uplink.cli.ls import format_table, format_time, object_rows
from storj_uplink.cli.main import build_parser
from storj_uplink.cli.paths import RemotePath, is_remote, local_target, parse_remote
from storj_uplink.cli.progress import TransferProgress, want_progress
from storj_uplink.cli.share import parse_time, permission_for
from storj_uplink.cli.transfers import run_parallel
from storj_uplink.progress import TQDM_MISSING, format_bytes, line_callback, tqdm_callback
from storj_uplink.saved import config_dir

GRANT = "1Zq8WjYbtBYbzFsKTM5Bb2HRPZBmyr3sJGAk5RfYg4VkiVDTV9cCiHrY2Ykdj"  # base58-looking
API_KEY = "13YqeAPIkeySecretValue"
PASSPHRASE = "correct horse battery staple"

STORJ_VARS = ("STORJ_ACCESS", "STORJ_SATELLITE", "STORJ_API_KEY", "STORJ_PASSPHRASE",
              "XDG_CONFIG_HOME", "UPLINK_ACCESS", "UPLINK_CONFIG_DIR")


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No STORJ_* variables, and an empty config directory."""
    for name in STORJ_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- sj:// paths


@pytest.mark.parametrize("text, bucket, key", [
    ("sj://bucket", "bucket", ""),
    ("sj://bucket/", "bucket", ""),
    ("sj://bucket/key", "bucket", "key"),
    ("sj://bucket/dir/", "bucket", "dir/"),
    ("sj://bucket/a/b/c.txt", "bucket", "a/b/c.txt"),
    ("SJ://bucket/k", "bucket", "k"),
    ("sj://bucket/with space", "bucket", "with space"),
])
def test_parse_remote(text, bucket, key):
    where = parse_remote(text)
    assert (where.bucket, where.key) == (bucket, key)


def test_remote_path_properties():
    assert parse_remote("sj://b").is_bucket and parse_remote("sj://b").is_prefix
    assert parse_remote("sj://b/d/").is_prefix and not parse_remote("sj://b/d/").is_bucket
    key = parse_remote("sj://b/d/f.txt")
    assert not key.is_prefix and key.name == "f.txt" and key.dir_prefix == "d/f.txt/"
    assert str(key) == "sj://b/d/f.txt" and str(parse_remote("sj://b/")) == "sj://b"
    assert RemotePath("b", "d/").child("x/y") == RemotePath("b", "d/x/y")
    assert RemotePath("b", "d").child("x") == RemotePath("b", "d/x")
    assert RemotePath("b").child("x") == RemotePath("b", "x")
    assert str(parse_remote("sj://", allow_root=True)) == "sj://"


@pytest.mark.parametrize("text", ["sj://", "sj:///key", "bucket/key", "s3://b/k", "/tmp/x",
                                  "sj://bad bucket/k", ""])
def test_parse_remote_invalid(text):
    with pytest.raises(CliError):
        parse_remote(text)


def test_is_remote():
    assert is_remote("sj://b") and not is_remote("./sj://b") and not is_remote("b")


def test_local_target_refuses_escapes(tmp_path):
    assert local_target(str(tmp_path), "a/b.txt") == str(tmp_path / "a" / "b.txt")
    for bad in ["../x", "a/../../x", "/etc/passwd", "", "./"]:
        with pytest.raises(CliError):
            local_target(str(tmp_path), bad)


# ---------------------------------------------------------------- argument parsing


def test_parser_commands_and_options():
    parser = build_parser()
    args = parser.parse_args(["--access", "G", "cp", "-r", "--parallelism", "3", "a",
                              "sj://b/"])
    assert (args.command, args.access, args.recursive, args.parallelism) == ("cp", "G", True, 3)
    assert args.progress is None and args.part_size == 64 << 20 and args.transfers == 1
    assert args.locations == ["a", "sj://b/"]
    args = parser.parse_args(["cp", "--no-progress", "--part-size", "8MiB", "a", "sj://b/k",
                              "--access", "H", "--debug"])
    assert args.progress is False and args.part_size == 8 << 20
    assert args.access == "H" and args.debug
    args = parser.parse_args(["--debug", "ls"])
    assert args.debug and args.location is None and not args.recursive and args.access is None
    assert parser.parse_args(["rb", "--force", "sj://b"]).force
    share = parser.parse_args(["share", "sj://b/p/", "sj://c", "--writeonly"])
    assert share.writeonly and share.locations == ["sj://b/p/", "sj://c"]
    assert parser.parse_args(["share", "sj://b"]).readonly is None  # true unless --writeonly
    assert parser.parse_args(["rm", "-r", "sj://b/p/"]).recursive
    # Go-style booleans: --flag=false (any strconv.ParseBool spelling)
    assert not parser.parse_args(["rm", "--recursive=false", "sj://b/p/"]).recursive
    assert parser.parse_args(["rm", "--recursive=T", "sj://b/p/"]).recursive
    assert parser.parse_args(["share", "--readonly=0", "sj://b"]).readonly is False
    assert parser.parse_args(["cp", "--progress=false", "a", "sj://b/"]).progress is False


@pytest.mark.parametrize("argv", [
    ["cp"], ["share", "sj://b", "--max-object-ttl", "soon"], ["cp", "-p", "0", "a", "b"],
    ["cp", "-t", "0", "a", "sj://b/"], ["rm", "--recursive=maybe", "sj://b/"],
    ["cp", "--metadata", "{bad", "a", "sj://b/k"], ["cp", "--metadata", '{"a": 1}', "a", "sj://b/"],
    ["access", "import", "onlyname"], ["mv", "sj://b/k"], ["meta", "get"],
    ["cp", "--part-size", "1MiB", "a", "sj://b/k"], ["share", "sj://b", "--not-after", "soon"],
    ["frobnicate"], ["ls", "--nope"],
])
def test_usage_errors_exit_1(argv, capsys, clean_env):
    code, out, err = run(argv, capsys)
    assert code == 1 and out == ""
    assert err.splitlines()[-1].startswith("error: ") and "usage:" in err


def test_no_command(capsys, clean_env):
    code, _, err = run([], capsys)
    assert code == 1 and "a command is required" in err


@pytest.mark.parametrize("command", [
    [], ["ls"], ["cp"], ["rm"], ["mb"], ["rb"], ["share"], ["mv"], ["meta"], ["meta", "get"],
    ["version"], ["access"], *(["access", c] for c in (
        "create", "import", "export", "inspect", "list", "use", "remove", "restrict", "register",
        "revoke"))])
def test_help_for_every_command(command, capsys):
    code, out, err = run([*command, "--help"], capsys)
    assert code == 0 and out.startswith("usage: storj-uplink") and err == ""


def test_version(capsys):
    code, out, _ = run(["--version"], capsys)
    assert code == 0
    assert out.strip() == (f"storj-uplink {sj.__version__} (uplink-c API "
                           f"{sj.UPLINK_C_API_VERSION}, storj.io/uplink "
                           f"{sj.STORJ_UPLINK_GO_VERSION})")


def test_module_entry_point_exists():
    import storj_uplink.__main__ as entry  # importing must not run the CLI

    assert entry.main is main


@pytest.mark.parametrize("text, value", [("1048576", 1 << 20), ("64M", 64 << 20),
                                         ("64MiB", 64 << 20), ("5mb", 5 << 20),
                                         ("1g", 1 << 30), ("2KiB", 2048)])
def test_parse_size(text, value):
    assert parse_size(text) == value


def test_parse_size_and_count_errors():
    for bad in ["", "x", "-1", "1.5M", "3Q"]:
        with pytest.raises(argparse.ArgumentTypeError):
            parse_size(bad)
    for bad in ["0", "-2", "x", "100000"]:
        with pytest.raises(argparse.ArgumentTypeError):
            positive_int(bad)


def test_parse_time():
    now = datetime(2030, 1, 1, tzinfo=timezone.utc)
    assert parse_time("+2h", now) == now + timedelta(hours=2)
    assert parse_time("+30m", now) == now + timedelta(minutes=30)
    assert parse_time("+7d", now) == now + timedelta(days=7)
    assert parse_time("2031-02-03T04:05:06Z") == datetime(2031, 2, 3, 4, 5, 6,
                                                          tzinfo=timezone.utc)
    assert parse_time("2031-02-03T04:05:06+02:00").utcoffset() == timedelta(hours=2)
    naive = parse_time("2031-02-03")
    assert naive.tzinfo is not None  # local time, made aware
    for bad in ["tomorrow", "+3y", "2031-13-01"]:
        with pytest.raises(argparse.ArgumentTypeError):
            parse_time(bad)


def test_permission_for():
    def perm(*flags):
        return permission_for(build_parser().parse_args(["share", *flags, "sj://b"]))

    assert perm() == sj.Permission.read_only()
    assert perm("--writeonly") == sj.Permission(allow_upload=True, allow_delete=True)
    assert perm("--readonly=false") == sj.Permission.full()
    assert perm("--full", "--disallow-deletes") == sj.Permission(True, True, True, False)
    assert perm("--disallow-lists") == sj.Permission(allow_download=True)
    assert perm("--max-object-ttl", "1h30m").max_object_ttl == timedelta(minutes=90)
    full = perm("--full", "--not-after", "2030-01-01T00:00:00Z")
    assert full.allow_delete and full.not_after == datetime(2030, 1, 1, tzinfo=timezone.utc)
    with pytest.raises(CliError):
        perm("--not-before", "+2h", "--not-after", "+1h")


# ---------------------------------------------------------------- access resolution


def test_access_flag_wins(clean_env, monkeypatch):
    monkeypatch.setenv("STORJ_ACCESS", "ENVGRANT")
    src = resolve_access(GRANT, {"STORJ_ACCESS": "ENVGRANT"})
    assert src.grant == GRANT and src.origin == "--access"


def test_access_flag_file(clean_env):
    path = clean_env / "grant.txt"
    path.write_text(GRANT + "\n")
    src = resolve_access(str(path), {})
    assert src.grant == GRANT and str(path) in src.origin
    with pytest.raises(CliError, match="does not exist"):
        resolve_access(str(clean_env / "missing.txt"), {})
    empty = clean_env / "empty"
    empty.write_text("  \n")
    with pytest.raises(CliError, match="empty"):
        resolve_access(str(empty), {})


def test_access_env_then_config_then_satellite(clean_env):
    cfg = clean_env / "config" / "storj-uplink" / "access"
    env = {"XDG_CONFIG_HOME": str(clean_env / "config"), "STORJ_SATELLITE": "id@host:7777",
           "STORJ_API_KEY": API_KEY, "STORJ_PASSPHRASE": PASSPHRASE}
    assert legacy_access_file(env) == str(cfg)
    # nothing but satellite + API key: request
    src = resolve_access(None, env)
    assert (src.grant, src.satellite, src.api_key, src.passphrase) == (
        None, "id@host:7777", API_KEY, PASSPHRASE)
    assert API_KEY not in repr(src) and PASSPHRASE not in repr(src)
    # a config file beats satellite + API key
    cfg.parent.mkdir(parents=True)
    cfg.write_text(GRANT)
    src = resolve_access(None, env)
    assert src.grant == GRANT and "config file" in src.origin
    # STORJ_ACCESS beats the config file (a grant, or a file holding one)
    src = resolve_access(None, {**env, "STORJ_ACCESS": "ENVGRANT"})
    assert src.grant == "ENVGRANT" and src.origin == "STORJ_ACCESS"
    src = resolve_access(None, {**env, "STORJ_ACCESS": str(cfg)})
    assert src.grant == GRANT
    # and --access beats everything
    assert resolve_access(GRANT, {**env, "STORJ_ACCESS": "ENVGRANT"}).grant == GRANT


def test_config_dir_as_the_go_cli_finds_it(clean_env):
    home = str(clean_env / "home")
    xdg = str(clean_env / "xdg")
    env = {"HOME": home, "XDG_CONFIG_HOME": xdg, "AppData": r"C:\Users\u\AppData\Roaming"}
    assert config_dir(None, env, "linux") == os.path.join(xdg, "storj", "uplink")
    assert config_dir(None, {"HOME": home}, "linux") == os.path.join(home, ".config", "storj",
                                                                      "uplink")
    assert config_dir(None, env, "darwin") == os.path.join(
        home, "Library", "Application Support", "Storj", "Uplink")
    assert config_dir(None, env, "win32") == os.path.join(env["AppData"], "Storj", "Uplink")
    assert config_dir(None, {**env, "UPLINK_CONFIG_DIR": "/x/y"}, "linux") == "/x/y"
    assert config_dir("/flag", {**env, "UPLINK_CONFIG_DIR": "/x/y"}, "linux") == "/flag"
    assert legacy_access_file({"HOME": home}) == os.path.join(home, ".config", "storj-uplink",
                                                              "access")


def test_passphrase_is_never_assumed_empty(clean_env):
    src = resolve_access(None, {"STORJ_SATELLITE": "s", "STORJ_API_KEY": "k"})
    assert src.passphrase is None
    with pytest.raises(CliError, match=r"passphrase.*no terminal"):
        open_access(src, stdin=io.StringIO())


def test_no_access_names_every_option(clean_env):
    with pytest.raises(CliError) as e:
        resolve_access(None, {"XDG_CONFIG_HOME": str(clean_env / "config")})
    msg = str(e.value)
    for option in ("--access", "STORJ_ACCESS", "access.json", "STORJ_SATELLITE",
                   "STORJ_API_KEY", "STORJ_PASSPHRASE", "access import"):
        assert option in msg
    with pytest.raises(CliError, match="STORJ_API_KEY is not set"):
        resolve_access(None, {"STORJ_SATELLITE": "s"})


def test_no_access_exit_code(capsys, clean_env):
    code, out, err = run(["ls"], capsys)
    assert code == 1 and out == ""
    assert err.startswith("error: no access grant") and err.count("\n") == 1


def test_invalid_grant_is_not_printed(capsys, clean_env, monkeypatch):
    code, out, err = run(["--access", GRANT, "ls"], capsys)
    assert code == 1 and out == "" and "not valid" in err
    assert GRANT not in err and err.count("\n") == 1
    monkeypatch.setenv("STORJ_ACCESS", GRANT)
    code, _, err = run(["--debug", "ls", "sj://b"], capsys)
    assert code == 1 and GRANT not in err and "Traceback" in err
    with pytest.raises(CliError) as e:
        open_access(resolve_access(GRANT, {}))
    assert GRANT not in str(e.value)


# ---------------------------------------------------------------- errors and exits


def test_redact():
    text = f"failed with {GRANT} and {API_KEY} ({PASSPHRASE})"
    out = redact(text, [GRANT, API_KEY, PASSPHRASE, None, "", "ab"])
    assert GRANT not in out and API_KEY not in out and PASSPHRASE not in out
    assert out.count("[REDACTED]") == 3 and out.startswith("failed with ")


def test_error_line_formats():
    assert error_line(CliError("boom")) == "error: boom"
    assert error_line(sj.BucketNotFoundError('uplink: bucket not found ("b")')) == \
        'error: bucket not found ("b")'
    assert error_line(FileNotFoundError(2, "No such file or directory", "/x")) == \
        "error: No such file or directory: /x"
    assert error_line(ValueError("multi\nline")) == "error: ValueError: multi line"
    assert error_line(sj.InternalError(f"oops {API_KEY}"), [API_KEY]) == \
        "error: oops [REDACTED]"


def test_unexpected_errors_are_one_line_without_traceback(capsys, clean_env, mocker,
                                                          monkeypatch):
    mocker.patch("storj_uplink.cli.ls.run", side_effect=RuntimeError(f"bad {API_KEY}"))
    monkeypatch.setenv("STORJ_API_KEY", API_KEY)
    code, out, err = run(["ls"], capsys)
    assert code == 1 and out == ""
    assert err == "error: RuntimeError: bad [REDACTED]\n"


def test_interrupt_exit_code(capsys, clean_env, mocker):
    mocker.patch("storj_uplink.cli.ls.run", side_effect=KeyboardInterrupt)
    code, _, err = run(["ls"], capsys)
    assert code == 130 and err == "error: interrupted\n"


def test_access_file_paths_are_not_redacted(capsys, clean_env, monkeypatch):
    missing = str(clean_env / "nowhere" / "grant.txt")
    code, _, err = run(["--access", missing, "ls"], capsys)
    assert code == 1 and err == f"error: the access grant file named by --access does not " \
                                f"exist: {missing}\n"
    monkeypatch.setenv("STORJ_ACCESS", missing)
    code, _, err = run(["ls"], capsys)
    assert code == 1 and missing in err and "STORJ_ACCESS" in err


def test_usage_error_redacts_access_flag(capsys, clean_env):
    code, _, err = run(["--access", GRANT, "ls", "extra", "args"], capsys)
    assert code == 1 and GRANT not in err


def test_local_to_local_copy_is_refused(capsys, clean_env, tmp_path):
    (tmp_path / "a").write_text("x")
    code, out, err = run(["cp", str(tmp_path / "a"), str(tmp_path / "b")], capsys)
    assert code == 1 and out == "" and "sj://" in err and not (tmp_path / "b").exists()


def test_plan_upload(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "a.txt").write_bytes(b"12")
    (tmp_path / "d" / "sub" / "b.txt").write_bytes(b"345")
    single = plan(None, str(tmp_path / "d" / "a.txt"), "sj://bk/in/", False)
    assert [(c.destination, c.size) for c in single] == [(RemotePath("bk", "in/a.txt"), 2)]
    renamed = plan(None, str(tmp_path / "d" / "a.txt"), "sj://bk/x.bin", False)
    assert renamed[0].destination == RemotePath("bk", "x.bin")
    tree = plan(None, str(tmp_path / "d"), "sj://bk/pre", True)
    assert [c.destination.key for c in tree] == ["pre/a.txt", "pre/sub/b.txt"]
    assert [c.destination.key for c in plan(None, str(tmp_path / "d"), "sj://bk", True)] == [
        "a.txt", "sub/b.txt"]
    with pytest.raises(CliError, match="--recursive"):
        plan(None, str(tmp_path / "d"), "sj://bk/", False)
    with pytest.raises(CliError, match="no such file"):
        plan(None, str(tmp_path / "nope"), "sj://bk/", False)
    with pytest.raises(CliError):
        plan(None, "-", "sj://bk/", False)
    with pytest.raises(CliError):
        plan(None, str(tmp_path / "d"), "sj://", True)


def test_run_parallel_stops_on_first_error():
    ran = []

    def ok(i):
        return lambda: ran.append(i)

    def fail():
        raise ValueError("first")

    run_parallel([ok(1), ok(2)], 4)
    assert sorted(ran) == [1, 2]
    with pytest.raises(ValueError, match="first"):
        run_parallel([fail] + [ok(i) for i in range(50)], 2)
    with pytest.raises(ValueError, match="first"):
        run_parallel([fail, ok(99)], 1)
    assert 99 not in ran


# ---------------------------------------------------------------- output helpers


def test_format_table_and_rows():
    when = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    args = build_parser().parse_args(["ls", "--utc", "sj://b"])
    entries = [{"kind": "PRE", "key": "a/"},
               {"kind": "OBJ", "created": "2030-01-02 03:04:05", "size": 10, "key": "z.txt"}]
    rows = object_rows(entries, args)
    assert rows[1:] == [("PRE", "", "", "a/"), ("OBJ", "2030-01-02 03:04:05", "10", "z.txt")]
    lines = format_table(rows)
    assert lines[0] == "KIND    CREATED                SIZE    KEY"  # the Go CLI's tabwriter
    assert lines[2].endswith("z.txt") and lines[1].endswith("a/")
    assert len({line.index(line.split()[-1]) for line in lines}) == 1  # keys aligned
    assert format_time(when) == "2030-01-02 03:04:05"


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_want_progress():
    assert want_progress(None, FakeTTY()) is True
    assert want_progress(None, io.StringIO()) is False
    assert want_progress(True, io.StringIO()) is True
    assert want_progress(False, FakeTTY()) is False


def test_transfer_progress_sums_files(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # no tqdm: the text line
    out = io.StringIO()
    with TransferProgress(True, 30, "2 files", out) as progress:
        one, two = progress.for_file(), progress.for_file()
        one(5, 10)
        two(20, 20)
        one(10, 10)
    text = out.getvalue()
    assert "2 files" in text and "30 B / 30 B (100%)" in text.splitlines()[-1]
    disabled = TransferProgress(False, 30, "x", out)
    assert disabled.for_file() is None and not disabled.enabled
    disabled.close()


# ---------------------------------------------------------------- storj_uplink.progress


def test_format_bytes():
    assert [format_bytes(n) for n in (0, 1023, 1024, 1536 << 10, 3 << 30)] == [
        "0 B", "1023 B", "1.0 KiB", "1.5 MiB", "3.0 GiB"]


def test_tqdm_callback_without_tqdm(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with pytest.raises(ImportError) as e:
        tqdm_callback(total=10)
    assert str(e.value) == TQDM_MISSING and "storj-uplink-sdk[progress]" in str(e.value)
    noop = tqdm_callback(total=10, fallback=True)
    noop(5, 10)
    noop(10, 10)
    assert noop.closed


def test_tqdm_callback_with_tqdm():
    pytest.importorskip("tqdm")
    out = io.StringIO()
    bar = tqdm_callback(desc="file.bin", file=out, mininterval=0)
    bar(0, None)
    bar(512, 2048)
    bar(2048, 2048)
    assert bar.closed and "file.bin" in out.getvalue() and "2.00k" in out.getvalue()
    bar(4096, 4096)  # after closing: ignored
    with tqdm_callback(total=10, file=out) as bar2:
        bar2(3, 10)
    assert bar2.closed


def test_line_callback():
    out = io.StringIO()
    progress = line_callback(out, desc="x", interval=0)
    progress(1, None)
    progress(512, 1024)
    progress(1024, 1024)
    assert out.getvalue().splitlines() == ["x: 1 B", "x: 512 B / 1.0 KiB (50%)",
                                           "x: 1.0 KiB / 1.0 KiB (100%)"]
    assert progress.closed
    tty = FakeTTY()
    on_tty = line_callback(tty, interval=0)
    on_tty(5, 10)
    on_tty(10, 10)
    assert tty.getvalue().count("\r") == 2 and tty.getvalue().endswith("(100%)\n")
