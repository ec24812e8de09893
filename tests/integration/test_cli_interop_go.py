"""storj-uplink and the Go ``uplink`` CLI (storj.io/storj at the version the network pins)
work on the same objects, the same saved accesses and each other's shares.

Our CLI runs in-process (the ``cli`` fixture); the Go CLI as a subprocess with
the same config directory (``UPLINK_CONFIG_DIR``, which both honour).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from datetime import datetime

import pytest

pytestmark = [pytest.mark.network, pytest.mark.needs_go]

MiB = 1 << 20


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


@pytest.fixture
def shared_config(tmp_path, monkeypatch):
    """A config dir both CLIs use (UPLINK_CONFIG_DIR); the Go CLI's first-run prompt answered."""
    where = tmp_path / "uplink-config"
    where.mkdir()
    (where / "config.ini").write_text("[analytics]\nenabled = false\n")
    monkeypatch.setenv("UPLINK_CONFIG_DIR", str(where))
    return where


@pytest.fixture
def go(go_uplink_cli, shared_config, storj_network):
    """Run the Go CLI: ``go(*args, access=GRANT_OR_NAME) -> CompletedProcess`` (text)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STORJ_", "UPLINK_"))}
    env["UPLINK_CONFIG_DIR"] = str(shared_config)

    def run(*args, access=storj_network.access):
        argv = [str(go_uplink_cli), *map(str, args)]
        if access is not None:
            argv.append(f"--access={access}")  # a flag of each command (not a global one)
        return subprocess.run(argv, env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=300)

    return run


def go_meta(go, location):
    r = go("meta", "get", location)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.mark.parametrize("size, ours_flags, go_flags", [
    (70_000, [], []),
    # ours: a multipart upload of three 5 MiB parts in parallel; Go: parallel ranges
    (11 * MiB + 3, ["-p", "3", "--part-size", "5MiB"], ["--parallelism", "3"]),
])
def test_ours_uploads_go_downloads(cli, go, bucket, tmp_path, size, ours_flags, go_flags):
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(size))
    meta = '{"color": "blue", "owner": "py"}'
    code, _, err = cli("cp", *ours_flags, "--metadata", meta, src, f"sj://{bucket.name}/o.bin")
    assert code == 0, err
    dst = tmp_path / "by-go.bin"
    r = go("cp", *go_flags, "--progress=false", f"sj://{bucket.name}/o.bin", dst)
    assert r.returncode == 0, r.stderr
    assert sha256(dst) == sha256(src)
    assert go_meta(go, f"sj://{bucket.name}/o.bin") == json.loads(meta)
    r = go("meta", "get", f"sj://{bucket.name}/o.bin", "owner")
    assert (r.returncode, r.stdout) == (0, "py\n")


@pytest.mark.parametrize("size, go_flags, ours_flags", [
    (70_000, [], []),
    # Go uploads in one part below 1 GiB whatever --parallelism; ours reads 5 MiB ranges
    (11 * MiB + 3, ["--parallelism", "2"], ["-p", "3", "--part-size", "5MiB"]),
])
def test_go_uploads_ours_downloads(cli, go, bucket, tmp_path, size, go_flags, ours_flags):
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(size))
    r = go("cp", *go_flags, "--progress=false", "--metadata", '{"made-by": "go"}', src,
           f"sj://{bucket.name}/g.bin")
    assert r.returncode == 0, r.stderr
    dst = tmp_path / "by-py.bin"
    code, _, err = cli("cp", *ours_flags, f"sj://{bucket.name}/g.bin", dst)
    assert code == 0, err
    assert sha256(dst) == sha256(src)
    code, out, _ = cli("meta", "get", f"sj://{bucket.name}/g.bin")
    assert code == 0 and json.loads(out) == {"made-by": "go"}
    assert bucket.stat("g.bin").metadata == {"made-by": "go"}


def test_listings_agree(cli, go, bucket):
    for key in ("a.txt", "dir/b.bin", "dir/sub/c", "z"):
        bucket.put(key, key.encode() * 3, metadata={"k": key} if key != "z" else None,
                   content_type=None)
    for args in (["--recursive"], [], ["--recursive", "--expanded"]):
        r = go("ls", *args, "--utc", f"sj://{bucket.name}")
        code, out, _ = cli("ls", *args, "--utc", f"sj://{bucket.name}")
        assert r.returncode == 0 and code == 0
        go_lines, our_lines = r.stdout.splitlines(), out.splitlines()
        assert our_lines[0] == go_lines[0]  # the same header, the same column layout
        assert sorted(our_lines[1:]) == sorted(go_lines[1:])  # Go lists in satellite order
    r = go("ls", "--recursive", "-x", "--utc", "-o", "json", f"sj://{bucket.name}")
    code, out, _ = cli("ls", "--recursive", "-x", "--utc", "-o", "json", f"sj://{bucket.name}")
    go_entries = sorted((json.loads(x) for x in r.stdout.splitlines()), key=lambda e: e["key"])
    our_entries = [json.loads(x) for x in out.splitlines()]
    assert our_entries == go_entries and len(our_entries) == 4
    assert {e["key"]: e.get("meta") for e in our_entries}["dir/b.bin"] == len("kdir/b.bin")


def test_saved_accesses_are_shared(cli, go, bucket, storj_network, shared_config, monkeypatch):
    bucket.put("k", b"v")
    monkeypatch.delenv("STORJ_ACCESS")
    # saved by Go, used by ours (the default, and by name)
    r = go("access", "import", "from-go", storj_network.access, access=None)
    assert r.returncode == 0, r.stderr
    code, out, _ = cli("ls", f"sj://{bucket.name}")
    assert code == 0 and out.splitlines()[-1].split()[-1] == "k"
    assert cli("--access", "from-go", "cp", f"sj://{bucket.name}/k", "-")[1] == "v"
    # saved by ours (made the default), used by Go without --access
    code, _, _ = cli("access", "import", "--use", "from-py", storj_network.access)
    assert code == 0
    r = go("access", "list", access=None)
    assert r.returncode == 0 and r.stdout.splitlines()[1:] == [
        f"           from-go    {storj_network.satellite.split('@')[1]}",
        f"*          from-py    {storj_network.satellite.split('@')[1]}"]
    r = go("ls", f"sj://{bucket.name}", access=None)
    assert r.returncode == 0 and r.stdout.splitlines()[-1].split()[-1] == "k"
    r = go("cp", "--access=from-py", f"sj://{bucket.name}/k", "-", access=None)
    assert (r.returncode, r.stdout) == (0, "v")
    # Go switches the default and removes ours; ours sees it
    assert go("access", "use", "from-go", access=None).returncode == 0
    assert go("access", "remove", "from-py", access=None).returncode == 0
    code, out, _ = cli("access", "list")
    assert code == 0 and [line.split()[-2:] for line in out.splitlines()[1:]] == [
        ["from-go", storj_network.satellite.split("@")[1]]]
    assert out.splitlines()[1].startswith("*")
    # an unknown name: both fail with exit status 1
    assert go("ls", access="nosuch").returncode == 1
    assert cli("--access", "nosuch", "ls")[0] == 1


def test_shares_are_honoured_both_ways(cli, go, bucket, tmp_path):
    bucket.put("pub/doc.txt", b"shared")
    bucket.put("private/x", b"no")
    up = tmp_path / "up.txt"
    up.write_text("new")
    # shared by ours, used by Go: read allowed, write and other prefixes refused
    code, out, _ = cli("share", f"sj://{bucket.name}/pub/")
    [grant] = [x.split(": ", 1)[1] for x in out.splitlines() if x.startswith("Access  ")]
    r = go("cp", f"sj://{bucket.name}/pub/doc.txt", "-", access=grant)
    assert (r.returncode, r.stdout) == (0, "shared")
    r = go("cp", "--progress=false", up, f"sj://{bucket.name}/pub/up.txt", access=grant)
    assert r.returncode == 1 and "permission denied" in r.stderr.lower()
    assert go("cp", f"sj://{bucket.name}/private/x", "-", access=grant).returncode == 1
    # shared by Go, used by ours: the same
    r = go("share", "--not-after", "+1h", f"sj://{bucket.name}/pub/")
    assert r.returncode == 0, r.stderr
    [grant] = [x.split(": ", 1)[1] for x in r.stdout.splitlines() if x.startswith("Access  ")]
    code, out, _ = cli("--access", grant, "cp", f"sj://{bucket.name}/pub/doc.txt", "-")
    assert (code, out) == (0, "shared")
    code, _, err = cli("--access", grant, "cp", up, f"sj://{bucket.name}/pub/up.txt")
    assert code == 1 and err.startswith("error: permission denied")
    assert cli("--access", grant, "cp", f"sj://{bucket.name}/private/x", "-")[0] == 1
    assert sorted(o.key for o in bucket.list(recursive=True)) == ["private/x", "pub/doc.txt"]


def when(text):
    """An RFC 3339 time (Go's nanoseconds cut to microseconds) as an aware datetime."""
    m = re.match(r"^(.{19})(\.\d+)?(Z|[+-]\d\d:\d\d)$", text)
    assert m, text
    frac = "." + (m.group(2) or ".0")[1:7].ljust(6, "0")  # 6 digits: Python 3.9 needs them
    return datetime.fromisoformat(m.group(1) + frac + m.group(3).replace("Z", "+00:00"))


def test_access_inspect_agrees(cli, go, bucket, storj_network):
    code, out, _ = cli("share", "--disallow-lists", "--not-after", "+1h",
                       f"sj://{bucket.name}/pub/", f"sj://{bucket.name}")
    [grant] = [x.split(": ", 1)[1] for x in out.splitlines() if x.startswith("Access  ")]
    r = go("access", "inspect", grant, access=None)
    assert r.returncode == 0, r.stderr
    theirs = json.loads(r.stdout)
    code, out, _ = cli("access", "inspect", grant)
    ours = json.loads(out)
    assert code == 0 and ours["satellite_addr"] == theirs["satellite_addr"]
    assert ours["macaroon"]["head"] == theirs["macaroon"]["head"]
    assert len(ours["macaroon"]["caveats"]) == len(theirs["macaroon"]["caveats"]) == 1
    [o], [t] = ours["macaroon"]["caveats"], theirs["macaroon"]["caveats"]
    basic = ("disallow_reads", "disallow_writes", "disallow_lists", "disallow_deletes")
    assert [k for k in basic if o.get(k)] == [k for k in basic if t.get(k)] == [
        "disallow_writes", "disallow_lists", "disallow_deletes"]
    # (ours also shows the Object Lock flags of the caveat, which the Go CLI's build omits)
    assert {k for k in t if k.startswith("disallow_")} <= {k for k in o if k.startswith(
        "disallow_")}
    assert [p["bucket"] for p in o["allowed_paths"]] == [p["bucket"] for p in t["allowed_paths"]]
    assert when(o["not_after"]) == when(t["not_after"])
    # the Go CLI prints the API key and the encryption key; ours does not
    assert "api_key" in theirs and "api_key" not in ours and "encryption_access" not in ours


def test_bad_input_exit_codes_match_the_go_cli(cli, go, bucket, tmp_path, shared_config):
    """Each bad input of issue 16: the Go CLI's exit status, ours with one line on stderr."""
    bucket.put("obj", b"12345")
    src = tmp_path / "f"
    src.write_text("x")
    r = go("ls", f"sj://{bucket.name}", access="nosuchname")  # an unknown access name
    code, _, err = cli("--access", "nosuchname", "ls", f"sj://{bucket.name}")
    assert (code, r.returncode) == (1, 1) and err.startswith("error: Cannot find access named")
    for argv in (
        ["cp", "--metadata", "{bad", src, f"sj://{bucket.name}/m"],       # malformed JSON
        ["cp", "--metadata", '{"a": 1}', src, f"sj://{bucket.name}/m"],   # not strings
        ["mv", f"sj://{bucket.name}/obj", f"sj://{bucket.name}/obj"],     # onto itself
        ["cp", "--range", "4-1", f"sj://{bucket.name}/obj", tmp_path / "r"],  # a bad range
    ):
        r = go(*argv)
        code, _, err = cli(*argv)
        assert (code, r.returncode) == (1, 1), (argv, r.stderr)
        assert err.splitlines()[-1].startswith("error: ") and "Traceback" not in err
    assert [o.key for o in bucket.list(recursive=True)] == ["obj"]  # nothing written
    assert not (tmp_path / "r").exists()
    # a range starting past the end: the Go CLI exits 0 (and writes an empty file); ours
    # refuses it with exit status 1 and writes nothing
    r = go("cp", "--range", "10-20", f"sj://{bucket.name}/obj", tmp_path / "go-r")
    assert r.returncode == 0 and (tmp_path / "go-r").read_bytes() == b""
    code, _, err = cli("cp", "--range", "10-20", f"sj://{bucket.name}/obj", tmp_path / "py-r")
    assert code == 1 and "past the end" in err and not (tmp_path / "py-r").exists()
    # rm --recursive of a bucket root: neither CLI asks; both empty the bucket, keep it
    bucket.put("more/obj", b"1")
    assert go("rm", "--recursive", f"sj://{bucket.name}").returncode == 0
    assert list(bucket.list(recursive=True)) == []
    bucket.put("again", b"1")
    assert cli("rm", "--recursive", f"sj://{bucket.name}")[0] == 0
    assert list(bucket.list(recursive=True)) == []
    bucket.project.stat_bucket(bucket.name)
