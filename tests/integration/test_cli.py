"""The storj-uplink command line on the real local network: in-process and as a subprocess."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network

MiB = 1 << 20


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def shared_grant(out):
    """The grant ``share`` printed (its ``Access       : ...`` line)."""
    lines = [line for line in out.splitlines() if line.startswith("Access       : ")]
    assert len(lines) == 1, out
    return lines[0].split(": ", 1)[1]


def keys_of(out):
    """The KEY column of ``ls`` output (header skipped)."""
    return [line.split()[-1] for line in out.splitlines()[1:]]


@pytest.fixture
def tree(tmp_path):
    """A local directory tree: {relative path: sha256}."""
    root = tmp_path / "tree"
    files = {"a.txt": b"alpha\n", "sub/b.bin": os.urandom(70_000), "sub/deeper/c": b"",
             "z.txt": b"zed"}
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root, {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()}


# ---------------------------------------------------------------- buckets


def test_mb_ls_rb(cli, bucket_name, project):
    code, out, err = cli("mb", f"sj://{bucket_name}")
    assert (code, out, err) == (0, "", "")  # silent, as the Go CLI
    project.stat_bucket(bucket_name)
    code, out, err = cli("mb", f"sj://{bucket_name}")
    assert code == 1 and out == "" and err == f"error: bucket already exists: sj://{bucket_name}\n"
    code, out, _ = cli("ls")
    assert code == 0 and out.splitlines()[0].split() == ["CREATED", "NAME"]
    assert bucket_name in keys_of(out)
    code, out, _ = cli("ls", "sj://")
    assert code == 0 and bucket_name in keys_of(out)
    code, out, _ = cli("rb", f"sj://{bucket_name}/")
    assert (code, out) == (0, f'Bucket "{bucket_name}" has been deleted.\n')
    with pytest.raises(sj.BucketNotFoundError):
        project.stat_bucket(bucket_name)
    code, out, err = cli("ls", f"sj://{bucket_name}")
    assert code == 1 and out == "" and err == f"error: bucket not found: sj://{bucket_name}\n"
    code, _, err = cli("rb", f"sj://{bucket_name}")
    assert code == 1 and err == f"error: bucket not found: sj://{bucket_name}\n"
    code, _, err = cli("mb", "sj://Not_Valid")
    assert code == 1 and err.startswith("error: bucket name invalid")


def test_rb_force(cli, bucket):
    bucket.put("a", b"1")
    bucket.put("d/b", b"2")
    code, _, err = cli("rb", f"sj://{bucket.name}")
    assert code == 1 and "not empty" in err and "--force" in err
    code, out, _ = cli("rb", "--force", f"sj://{bucket.name}")
    assert code == 0 and "deleted" in out
    with pytest.raises(sj.BucketNotFoundError):
        bucket.project.stat_bucket(bucket.name)


# ---------------------------------------------------------------- cp


def test_cp_up_and_down_large_file(cli, bucket, tmp_path):
    src = tmp_path / "big.bin"
    src.write_bytes(os.urandom(12 * MiB + 5))  # three 5 MiB parts: a multipart upload
    code, out, err = cli("cp", "--part-size", "5MiB", "-p", "3", src, f"sj://{bucket.name}/")
    assert (code, out, err) == (0, f"upload {src} to sj://{bucket.name}/big.bin\n", "")
    info = bucket.stat("big.bin")
    assert info.content_length == 12 * MiB + 5
    dst = tmp_path / "back.bin"
    code, out, err = cli("cp", "--part-size", "5MiB", f"sj://{bucket.name}/big.bin", dst)
    assert (code, out, err) == (0, f"download sj://{bucket.name}/big.bin to {dst}\n", "")
    assert sha256(dst) == sha256(src)
    into_dir = tmp_path / "dir"
    into_dir.mkdir()
    assert cli("cp", f"sj://{bucket.name}/big.bin", into_dir)[0] == 0
    assert sha256(into_dir / "big.bin") == sha256(src)
    assert cli("cp", f"sj://{bucket.name}/big.bin", f"{tmp_path}/new/")[0] == 0
    assert sha256(tmp_path / "new" / "big.bin") == sha256(src)


def test_cp_rename_and_server_side_copy(cli, bucket, tmp_path):
    src = tmp_path / "f.txt"
    src.write_text("content")
    assert cli("cp", src, f"sj://{bucket.name}/renamed.txt")[0] == 0
    assert bucket.get("renamed.txt") == b"content"
    assert cli("cp", f"sj://{bucket.name}/renamed.txt", f"sj://{bucket.name}/copies/")[0] == 0
    assert bucket.get("copies/renamed.txt") == b"content"
    assert cli("cp", f"sj://{bucket.name}/renamed.txt", f"sj://{bucket.name}/c2")[0] == 0
    assert bucket.get("c2") == b"content"


def test_cp_progress_forced(cli, bucket, tmp_path, monkeypatch):
    src = tmp_path / "p.bin"
    src.write_bytes(os.urandom(MiB))
    code, _, err = cli("cp", "--progress", src, f"sj://{bucket.name}/p.bin")
    assert code == 0 and "p.bin" in err
    pytest.importorskip("tqdm")
    assert "100%" in err
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # no tqdm: a line of text
    code, _, err = cli("cp", "--progress", f"sj://{bucket.name}/p.bin", tmp_path / "q.bin")
    assert code == 0 and err.splitlines()[-1] == "p.bin: 1.0 MiB / 1.0 MiB (100%)"
    code, _, err = cli("cp", "--no-progress", src, f"sj://{bucket.name}/p2.bin")
    assert (code, err) == (0, "")


def test_cp_stdin_and_stdout(cli, bucket, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"from stdin\n")))
    assert cli("cp", "-", f"sj://{bucket.name}/in.txt")[0] == 0
    assert bucket.get("in.txt") == b"from stdin\n"
    code, out, _ = cli("cp", f"sj://{bucket.name}/in.txt", "-")
    assert (code, out) == (0, "from stdin\n")


def test_cp_recursive_both_ways(cli, bucket, tree, tmp_path):
    root, hashes = tree
    code, out, err = cli("cp", "--recursive", "-t", "3", root, f"sj://{bucket.name}/up")
    assert (code, err) == (0, "")
    assert sorted(out.splitlines()) == sorted(
        f"upload {root / rel} to sj://{bucket.name}/up/{rel}" for rel in hashes)
    assert sorted(o.key for o in bucket.list(recursive=True)) == sorted(
        f"up/{rel}" for rel in hashes)
    dst = tmp_path / "down"
    code, _, _ = cli("cp", "-r", f"sj://{bucket.name}/up/", dst)
    assert code == 0
    got = {p.relative_to(dst).as_posix(): sha256(p) for p in dst.rglob("*") if p.is_file()}
    assert got == hashes
    # a bare bucket copies everything, keys as relative paths
    whole = tmp_path / "whole"
    assert cli("cp", "-r", f"sj://{bucket.name}", whole)[0] == 0
    assert sha256(whole / "up" / "sub" / "b.bin") == hashes["sub/b.bin"]
    # without --recursive a directory or prefix is refused
    code, _, err = cli("cp", root, f"sj://{bucket.name}/")
    assert code == 1 and "--recursive" in err
    code, _, err = cli("cp", f"sj://{bucket.name}/up/", tmp_path / "x")
    assert code == 1 and "--recursive" in err
    code, _, err = cli("cp", "-r", f"sj://{bucket.name}/nothing/", tmp_path / "x")
    assert code == 1 and "no objects found" in err


def test_cp_recursive_refuses_escaping_keys(cli, bucket, tmp_path):
    bucket.put("p/../../escape.txt", b"evil")
    code, _, err = cli("cp", "-r", f"sj://{bucket.name}/p/", tmp_path / "safe")
    assert code == 1 and "refusing" in err
    assert not (tmp_path / "escape.txt").exists()


# ---------------------------------------------------------------- ls and rm


def test_ls_prefix_and_recursive(cli, bucket):
    for key in ("a.txt", "photos/cat.jpg", "photos/2024/dog.jpg", "photos/2024/eel.jpg"):
        bucket.put(key, b"12345")
    code, out, _ = cli("ls", f"sj://{bucket.name}")
    assert code == 0 and out.splitlines()[0].split() == ["KIND", "CREATED", "SIZE", "KEY"]
    assert keys_of(out) == ["a.txt", "photos/"]
    assert out.splitlines()[1].split()[0] == "OBJ" and out.splitlines()[2].split()[0] == "PRE"
    assert out.splitlines()[1].split()[3] == "5"
    code, out, _ = cli("ls", f"sj://{bucket.name}/photos/")
    assert keys_of(out) == ["2024/", "cat.jpg"]
    code, out, _ = cli("ls", "--recursive", f"sj://{bucket.name}/photos/")
    assert keys_of(out) == ["photos/2024/dog.jpg", "photos/2024/eel.jpg", "photos/cat.jpg"]
    code, out, _ = cli("ls", "-r", f"sj://{bucket.name}")
    assert len(keys_of(out)) == 4
    code, out, _ = cli("ls", f"sj://{bucket.name}/photos/2024/d")  # a name prefix
    assert keys_of(out) == ["dog.jpg"]
    code, out, _ = cli("ls", f"sj://{bucket.name}/nothing/")
    assert code == 0 and keys_of(out) == []


def test_rm(cli, bucket):
    for key in ("keep", "d/a", "d/b", "d/e/c"):
        bucket.put(key, b"x")
    code, out, err = cli("rm", f"sj://{bucket.name}/keep")
    assert (code, out, err) == (0, f"removed sj://{bucket.name}/keep\n", "")
    code, out, err = cli("rm", f"sj://{bucket.name}/keep")  # nothing there: fine, as in Go
    assert (code, out, err) == (0, f"removed sj://{bucket.name}/keep\n", "")
    code, _, err = cli("rm", f"sj://{bucket.name}/d/")
    assert code == 1 and "--recursive" in err
    code, _, err = cli("rm", f"sj://{bucket.name}")
    assert code == 1 and "rb" in err
    code, out, _ = cli("rm", "-r", "-p", "2", f"sj://{bucket.name}/d")
    assert code == 0 and sorted(out.splitlines()) == [
        f"removed sj://{bucket.name}/d/{k}" for k in ("a", "b", "e/c")]
    assert list(bucket.list(recursive=True)) == []


# ---------------------------------------------------------------- share


def test_share_readonly_then_read_and_fail_to_write(cli, bucket, tmp_path):
    bucket.put("pub/doc.txt", b"shared")
    bucket.put("private/secret.txt", b"no")
    code, out, err = cli("share", f"sj://{bucket.name}/pub/")
    assert code == 0 and err == ""
    assert "Download     : Allowed" in out and "Upload       : Disallowed" in out
    assert f"Paths        : sj://{bucket.name}/pub/" in out
    grant = shared_grant(out)
    with sj.Access.parse(grant) as shared, shared.open_project() as p:
        assert p.bucket(bucket.name).get("pub/doc.txt") == b"shared"
    code, out, _ = cli("--access", grant, "cp", f"sj://{bucket.name}/pub/doc.txt", "-")
    assert (code, out) == (0, "shared")
    code, out, _ = cli("ls", "--access", grant, f"sj://{bucket.name}/pub/")
    assert code == 0 and keys_of(out) == ["doc.txt"]
    up = tmp_path / "up.txt"
    up.write_text("new")
    code, out, err = cli("--access", grant, "cp", up, f"sj://{bucket.name}/pub/up.txt")
    assert code == 1 and err.startswith("error: permission denied")
    assert out == f"upload {up} to sj://{bucket.name}/pub/up.txt\n"  # as the Go CLI prints
    assert grant not in err
    code, _, _ = cli("--access", grant, "cp", f"sj://{bucket.name}/private/secret.txt", "-")
    assert code == 1
    code, _, _ = cli("--access", grant, "rm", f"sj://{bucket.name}/pub/doc.txt")
    assert code == 1 and bucket.get("pub/doc.txt") == b"shared"


def test_share_writeonly_full_and_time_bounds(cli, bucket, tmp_path):
    bucket.put("d/x", b"x")
    up = tmp_path / "w.txt"
    up.write_text("w")
    grant = shared_grant(cli("share", "--writeonly", f"sj://{bucket.name}")[1])
    assert cli("--access", grant, "cp", up, f"sj://{bucket.name}/w.txt")[0] == 0
    assert bucket.get("w.txt") == b"w"
    assert cli("--access", grant, "cp", f"sj://{bucket.name}/d/x", "-")[0] == 1
    full = shared_grant(cli("share", "--readonly=false", "--not-after", "+1h",
                            f"sj://{bucket.name}/d/")[1])
    assert cli("--access", full, "rm", f"sj://{bucket.name}/d/x")[0] == 0
    later = shared_grant(cli("share", "--not-before", "+2h", f"sj://{bucket.name}")[1])
    code, _, err = cli("--access", later, "ls", f"sj://{bucket.name}")
    assert code == 1 and "permission denied" in err


# ---------------------------------------------------------------- access sources


def test_access_from_flag_file_and_config_file(cli, bucket, tmp_path, monkeypatch,
                                               storj_network):
    bucket.put("k", b"v")
    monkeypatch.delenv("STORJ_ACCESS")
    code, _, err = cli("ls", f"sj://{bucket.name}")
    assert code == 1 and "no access grant" in err
    grant_file = tmp_path / "grant"
    grant_file.write_text(storj_network.access + "\n")
    code, out, _ = cli("--access", grant_file, "ls", f"sj://{bucket.name}")
    assert code == 0 and keys_of(out) == ["k"]
    config = tmp_path / "cfg"
    (config / "storj-uplink").mkdir(parents=True)
    (config / "storj-uplink" / "access").write_text(storj_network.access)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    code, out, _ = cli("ls", f"sj://{bucket.name}")
    assert code == 0 and keys_of(out) == ["k"]


# ---------------------------------------------------------------- errors


def test_errors_are_one_line(cli, bucket, tmp_path):
    code, out, err = cli("cp", f"sj://{bucket.name}/missing.txt", tmp_path / "m")
    assert code == 1 and out == ""
    assert err == f"error: object not found: sj://{bucket.name}/missing.txt\n"
    assert not (tmp_path / "m").exists()
    code, _, err = cli("cp", tmp_path / "nope.txt", f"sj://{bucket.name}/")
    assert code == 1 and err == f"error: no such file: {tmp_path / 'nope.txt'}\n"
    (tmp_path / "f").write_text("1")
    code, _, err = cli("cp", tmp_path / "f", "sj://no-such-bucket-zz1/f")
    assert code == 1 and err == "error: bucket not found: sj://no-such-bucket-zz1\n"
    bucket.put("there.txt", b"1")
    code, _, err = cli("cp", f"sj://{bucket.name}/there.txt", tmp_path / "no" / "dir" / "m")
    assert code == 1 and err == f"error: no such directory: {tmp_path / 'no' / 'dir'}\n"
    code, _, err = cli("--debug", "cp", f"sj://{bucket.name}/missing.txt", "-")
    assert code == 1 and "Traceback" in err and err.endswith("object not found: "
                                                             f"sj://{bucket.name}/missing.txt\n")


# ---------------------------------------------------------------- subprocess


def subprocess_env(storj_network, tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORJ_")}
    env.update(storj_network.env())
    env["XDG_CONFIG_HOME"] = str(tmp_path / "no-config")
    env.update(extra)
    return env


def test_python_dash_m_subprocess(storj_network, bucket_name, tmp_path):
    env = subprocess_env(storj_network, tmp_path)

    def uplink(*args, stdin=None):
        return subprocess.run([sys.executable, "-m", "storj_uplink", *map(str, args)], env=env,
                              input=stdin, capture_output=True, timeout=120)

    r = uplink("mb", f"sj://{bucket_name}")
    assert r.returncode == 0 and r.stdout == b""
    data = os.urandom(300_000)
    r = uplink("cp", "-", f"sj://{bucket_name}/bin/data", stdin=data)
    assert r.returncode == 0, r.stderr
    r = uplink("cp", f"sj://{bucket_name}/bin/data", "-")
    assert r.returncode == 0 and r.stdout == data
    r = uplink("ls", "-r", f"sj://{bucket_name}")
    assert r.returncode == 0 and b"bin/data" in r.stdout and b"300000" in r.stdout
    r = uplink("cp", f"sj://{bucket_name}/nope", tmp_path / "x")
    assert r.returncode == 1 and r.stdout == b""
    assert r.stderr == f"error: object not found: sj://{bucket_name}/nope\n".encode()
    assert b"Traceback" not in r.stderr and storj_network.access.encode() not in r.stderr
    r = uplink("rb", "--force", f"sj://{bucket_name}")
    assert r.returncode == 0


def test_console_script_and_requested_access(storj_network, bucket, tmp_path):
    """STORJ_SATELLITE + STORJ_API_KEY + STORJ_PASSPHRASE request the same access."""
    script = Path(sys.executable).with_name("storj-uplink")
    if not script.exists():
        pytest.skip("the storj-uplink console script is not installed next to this Python")
    bucket.put("via-grant.txt", b"hello")
    env = subprocess_env(storj_network, tmp_path, STORJ_PASSPHRASE=storj_network.passphrase)
    del env["STORJ_ACCESS"]
    r = subprocess.run([str(script), "cp", f"sj://{bucket.name}/via-grant.txt", "-"], env=env,
                       capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout == b"hello"
    r = subprocess.run([str(script), "--version"], env=env, capture_output=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith(b"storj-uplink ")
    env["STORJ_API_KEY"] = "not-a-valid-api-key"
    r = subprocess.run([str(script), "ls"], env=env, capture_output=True, timeout=120)
    assert r.returncode == 1 and r.stderr.startswith(b"error: ")
    assert b"not-a-valid-api-key" not in r.stderr and r.stderr.count(b"\n") == 1
