"""The commands and flags taken from the Go ``uplink`` CLI, on the local network (in-process).

cp (--metadata, --expires, --range, --dry-run, --transfers, several sources), ls (--pending,
--expanded, --output json, --utc), mv, rm --pending, meta get, share (Go's flags and output),
version -- and the bad input of issue 16, each a one-line error with exit status 1.
The ``access`` commands are in test_cli_access.py.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timedelta, timezone

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network

MiB = 1 << 20


def shared_grant(out):
    [line] = [x for x in out.splitlines() if x.startswith("Access       : ")]
    return line.split(": ", 1)[1]


def keys_of(out):
    return [line.split()[-1] for line in out.splitlines()[1:]]


# ---------------------------------------------------------------- share


def test_share_flags(cli, bucket, tmp_path):
    bucket.put("d/x", b"x")
    target = tmp_path / "shared.txt"
    code, out, _ = cli("share", "--disallow-lists", "--max-object-ttl", "1h30m",
                       "--export-to", target, f"sj://{bucket.name}/d/")
    assert code == 0 and "Lists        : Disallowed" in out and "MaxObjectTTL : 1h30m0s" in out
    assert out.splitlines()[-1] == f"Exported to: {target}"
    grant = shared_grant(out)
    assert target.read_text() == grant + "\n"
    with sj.Access.parse(grant) as a, a.open_project() as p:
        assert p.bucket(bucket.name).get("d/x") == b"x"
        with pytest.raises(sj.PermissionDeniedError):
            list(p.list_objects(bucket.name, "d/"))
    code, out, _ = cli("share", "--writeonly", "--max-object-ttl", "1h", f"sj://{bucket.name}")
    with sj.Access.parse(shared_grant(out)) as a, a.open_project() as p:
        p.bucket(bucket.name).put("ttl", b"1")  # no expiry asked: the TTL applies
    left = bucket.stat("ttl").expires - datetime.now(timezone.utc)
    assert timedelta(minutes=58) < left <= timedelta(hours=1)
    code, _, err = cli("share", "--max-object-ttl", "1y", f"sj://{bucket.name}")
    assert code == 1 and "invalid duration" in err


# ---------------------------------------------------------------- cp


def test_cp_metadata_expires_and_meta_get(cli, bucket, tmp_path):
    src = tmp_path / "m.txt"
    src.write_text("meta")
    code, out, _ = cli("cp", "--metadata", '{"color": "blue", "n": "1"}', "--expires", "+2h",
                       src, f"sj://{bucket.name}/m.txt")
    assert code == 0
    info = bucket.stat("m.txt")
    assert info.metadata == {"color": "blue", "n": "1"}
    assert timedelta(hours=1, minutes=58) < info.expires - datetime.now(timezone.utc) \
        < timedelta(hours=2, minutes=1)
    code, out, _ = cli("meta", "get", f"sj://{bucket.name}/m.txt")
    assert code == 0 and json.loads(out) == {"color": "blue", "n": "1"}
    code, out, _ = cli("meta", "get", f"sj://{bucket.name}/m.txt", "color")
    assert (code, out) == (0, "blue\n")
    code, _, err = cli("meta", "get", f"sj://{bucket.name}/m.txt", "nope")
    assert (code, err) == (1, "error: entry 'nope' does not exist\n")
    bucket.put("plain", b"p")
    assert cli("meta", "get", f"sj://{bucket.name}/plain")[1] == "{}\n"
    code, _, err = cli("meta", "get", f"sj://{bucket.name}/missing")
    assert (code, err) == (1, f"error: object not found: sj://{bucket.name}/missing\n")
    # server-side copies keep their metadata but cannot change the expiry
    code, _, err = cli("cp", "--expires", "+1h", f"sj://{bucket.name}/m.txt",
                       f"sj://{bucket.name}/m2")
    assert (code, err) == (1, "error: expiration time cannot be changed with server-side "
                              "copy\n")


def test_cp_malformed_metadata_writes_nothing(cli, bucket, tmp_path):
    src = tmp_path / "f"
    src.write_text("x")
    for bad in ("{bad", '["a"]', '{"a": 1}', '{"a": {"b": "c"}}'):
        code, out, err = cli("cp", "--metadata", bad, src, f"sj://{bucket.name}/f")
        assert code == 1 and out == ""  # usage, then one error line
        assert err.splitlines()[-1].startswith("error: argument --metadata: ")
    assert list(bucket.list(recursive=True)) == []


def test_cp_range(cli, bucket, tmp_path):
    data = os.urandom(3000)
    bucket.put("r.bin", data)
    out_file = tmp_path / "part"
    code, _, _ = cli("cp", "--range", "bytes=100-199", f"sj://{bucket.name}/r.bin", out_file)
    assert code == 0 and out_file.read_bytes() == data[100:200]
    assert cli("cp", "--range", "2900-", f"sj://{bucket.name}/r.bin", out_file)[0] == 0
    assert out_file.read_bytes() == data[2900:]
    assert cli("cp", "--range", "-10", f"sj://{bucket.name}/r.bin", out_file)[0] == 0
    assert out_file.read_bytes() == data[-10:]
    assert cli("cp", "--range", "2990-5000", f"sj://{bucket.name}/r.bin", out_file)[0] == 0
    assert out_file.read_bytes() == data[2990:]  # clamped at the end, as HTTP does
    # a range past the end: a one-line error, nothing written
    fresh = tmp_path / "fresh"
    code, _, err = cli("cp", "--range", "3000-3100", f"sj://{bucket.name}/r.bin", fresh)
    assert code == 1 and err == (f"error: invalid range: it starts at byte 3000, past the end "
                                 f"of sj://{bucket.name}/r.bin (3000 bytes)\n")
    assert not fresh.exists() and not list(tmp_path.glob("*partial*"))
    for bad, message in [("5-1", "invalid range: 5 > 1"), ("1-2,4-5", "must be single range"),
                         ("abc", 'no "-"')]:
        code, _, err = cli("cp", "--range", bad, f"sj://{bucket.name}/r.bin", fresh)
        assert code == 1 and message in err
    code, _, err = cli("cp", "-r", "--range", "0-1", f"sj://{bucket.name}", tmp_path / "d")
    assert code == 1 and "recursive copy with byte range" in err


def test_cp_dry_run_transfers_and_several_sources(cli, bucket, tmp_path):
    files = {f"f{i}.txt": os.urandom(1000 + i) for i in range(5)}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    code, out, _ = cli("cp", "--dry-run", "-r", tmp_path, f"sj://{bucket.name}/dry/")
    assert code == 0 and len(out.splitlines()) == 5
    assert list(bucket.list(recursive=True)) == []  # nothing copied
    code, out, _ = cli("cp", "-r", "-t", "3", tmp_path, f"sj://{bucket.name}/up/")
    assert code == 0
    assert {o.key: bucket.get(o.key) for o in bucket.list(recursive=True)} == {
        f"up/{n}": d for n, d in files.items()}
    code, out, _ = cli("cp", tmp_path / "f0.txt", tmp_path / "f1.txt", f"sj://{bucket.name}/two")
    assert code == 0 and bucket.get("two/f0.txt") == files["f0.txt"]
    assert bucket.get("two/f1.txt") == files["f1.txt"]


def test_cp_parallelism_is_parts_of_one_file(cli, bucket, tmp_path):
    src = tmp_path / "big"
    src.write_bytes(os.urandom(11 * MiB))
    code, _, _ = cli("cp", "-p", "3", "--parallelism-chunk-size", "5MiB", src,
                     f"sj://{bucket.name}/big")
    assert code == 0
    # a multipart upload: three parts, so the object has three segments' worth of parts
    assert bucket.stat("big").content_length == 11 * MiB
    dst = tmp_path / "back"
    assert cli("cp", "-p", "3", f"sj://{bucket.name}/big", dst)[0] == 0
    assert hashlib.sha256(dst.read_bytes()).digest() == hashlib.sha256(src.read_bytes()).digest()


# ---------------------------------------------------------------- ls


def test_ls_expanded_json_utc_pending(cli, bucket):
    bucket.put("a", b"12", metadata={"k": "vv"})
    expires = datetime.now(timezone.utc) + timedelta(days=1)
    bucket.put("d/b", b"345", expires=expires)
    upload = bucket.begin_upload("pending/p")
    try:
        code, out, _ = cli("ls", "-x", "--utc", f"sj://{bucket.name}")
        lines = out.splitlines()
        assert lines[0].split() == ["KIND", "CREATED", "SIZE", "KEY", "EXPIRES", "META"]
        assert lines[1].split()[0] == "OBJ" and lines[1].split()[-1] == "3"  # k + vv
        code, out, _ = cli("ls", "-r", "--utc", "-o", "json", f"sj://{bucket.name}")
        entries = [json.loads(line) for line in out.splitlines()]
        assert [e["key"] for e in entries] == ["a", "d/b"]
        assert entries[0]["kind"] == "OBJ" and entries[0]["size"] == 2
        assert entries[1]["expires"] == expires.strftime("%Y-%m-%d %H:%M:%S")
        assert entries[0]["created"] == bucket.stat("a").created.strftime("%Y-%m-%d %H:%M:%S")
        code, out, _ = cli("ls", "--output", "json", f"sj://{bucket.name}")
        assert {"kind": "PRE", "key": "d/"} in [json.loads(x) for x in out.splitlines()]
        code, out, _ = cli("ls", "--pending", "-r", f"sj://{bucket.name}")
        assert code == 0 and keys_of(out) == ["pending/p"]
        code, _, err = cli("ls", "-o", "yaml", f"sj://{bucket.name}")
        assert (code, err) == (1, "error: unknown output format, got yaml\n")
        code, _, err = cli("ls", "--encrypted", f"sj://{bucket.name}")
        assert code == 1 and "not supported" in err
        # rm --pending aborts it
        code, out, _ = cli("rm", "--pending", f"sj://{bucket.name}/pending/p")
        assert (code, out) == (0, f"removed sj://{bucket.name}/pending/p\n")
        assert list(bucket.list_uploads(recursive=True)) == []
    finally:
        if not list(bucket.list_uploads(recursive=True)) == []:
            upload.abort()


# ---------------------------------------------------------------- mv


def test_mv(cli, bucket):
    bucket.put("a.txt", b"A")
    for key in ("dir/1", "dir/sub/2"):
        bucket.put(key, key.encode())
    code, out, err = cli("mv", f"sj://{bucket.name}/a.txt", f"sj://{bucket.name}/b.txt")
    assert (code, out, err) == (0, "", "")
    assert bucket.get("b.txt") == b"A"
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("a.txt")
    code, _, err = cli("mv", f"sj://{bucket.name}/b.txt", f"sj://{bucket.name}/b.txt")
    assert (code, err) == (1, "error: source and dest cannot be equal\n")
    assert bucket.get("b.txt") == b"A"
    code, _, err = cli("mv", f"sj://{bucket.name}/b.txt", f"sj://{bucket.name}/")
    assert (code, err) == (1, "error: source and dest cannot be equal\n")
    code, out, _ = cli("mv", "--dry-run", "-r", f"sj://{bucket.name}/dir/",
                       f"sj://{bucket.name}/moved/")
    assert code == 0 and len(out.splitlines()) == 2 and bucket.get("dir/1") == b"dir/1"
    code, _, err = cli("mv", "-r", f"sj://{bucket.name}/dir", f"sj://{bucket.name}/moved/")
    assert code == 1 and "must end with '/'" in err
    bucket.put("quiet/q", b"q")
    code, out, _ = cli("mv", "-r", "--progress=false", f"sj://{bucket.name}/quiet/",
                       f"sj://{bucket.name}/dir/")
    assert (code, out) == (0, "") and bucket.get("dir/q") == b"q"
    bucket.delete("dir/q")
    code, out, _ = cli("mv", "-r", "-p", "2", f"sj://{bucket.name}/dir/",
                       f"sj://{bucket.name}/moved/")
    assert code == 0 and sorted(out.splitlines()) == [
        f"Move sj://{bucket.name}/dir/1 to sj://{bucket.name}/moved/1",
        f"Move sj://{bucket.name}/dir/sub/2 to sj://{bucket.name}/moved/sub/2"]
    assert sorted(o.key for o in bucket.list(recursive=True)) == [
        "b.txt", "moved/1", "moved/sub/2"]
    assert bucket.get("moved/sub/2") == b"dir/sub/2"
    code, _, err = cli("mv", f"sj://{bucket.name}/nope", f"sj://{bucket.name}/x")
    assert (code, err) == (1, f"error: object not found: sj://{bucket.name}/nope\n")
    code, _, err = cli("mv", "local.txt", f"sj://{bucket.name}/x")
    assert code == 1 and "sj://" in err


# ---------------------------------------------------------------- rm and version


def test_rm_recursive_bucket_root_and_local(cli, bucket):
    for key in ("a", "b/c"):
        bucket.put(key, b"x")
    code, _, err = cli("rm", f"sj://{bucket.name}")  # not without --recursive
    assert code == 1 and "--recursive" in err and len(list(bucket.list(recursive=True))) == 2
    code, out, _ = cli("rm", "--recursive", f"sj://{bucket.name}")  # as the Go CLI: no prompt
    assert code == 0 and len(out.splitlines()) == 2
    assert list(bucket.list(recursive=True)) == []
    bucket.project.stat_bucket(bucket.name)  # the bucket stays
    code, _, err = cli("rm", "local/file")
    assert (code, err) == (1, "error: remove local/file skipped: local delete\n")


def test_version_command(cli):
    code, out, _ = cli("version")
    assert code == 0 and out.startswith(f"storj-uplink {sj.__version__} ")


# ---------------------------------------------------------------- recursive cp errors


def test_recursive_cp_goes_on_after_a_failed_file_and_counts_the_errors(cli, bucket, tmp_path):
    """As the Go CLI: every file is tried, each failure is printed, exit status 1."""
    payload = {f"p/{name}": os.urandom(3000 + i) for i, name in enumerate("abcde")}
    for key, data in payload.items():
        bucket.put(key, data)
    target = tmp_path / "out"
    (target / "c").mkdir(parents=True)  # the file p/c cannot be written: a directory is there
    code, out, err = cli("cp", "--recursive", "--transfers", "2", "--progress=false",
                         f"sj://{bucket.name}/p/", str(target))
    assert code == 1
    assert err.strip().splitlines()[-1].endswith("recursive copy failed (1 errors)")
    [failed] = [line for line in out.splitlines() if " failed: " in line]
    assert failed.startswith(f"download sj://{bucket.name}/p/c to ")
    for name in "abde":
        got = (target / name).read_bytes()
        assert hashlib.sha256(got).digest() == hashlib.sha256(payload[f"p/{name}"]).digest()
    assert (target / "c").is_dir()
