"""The examples of examples/, run as scripts against the local network.

examples/hello_storj.py, README command 1's demo, runs the way the README runs it.

``python -m storj_uplink.testnet -- python examples/hello_storj.py`` with no
STORJ_* variables: the command starts its own network (the server build is
cached by the session's network), runs the demo with the variables set, stops
everything and exits with the demo's status.

The examples of the main uses run with the session network's variables
exported (as a reader would after ``python -m storj_uplink.testnet``); each
checks its own result (hashes) and exits non-zero when a check fails.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network

CONNECTION_VARIABLES = ("STORJ_SATELLITE", "STORJ_API_KEY", "STORJ_ACCESS")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hello_storj.py"


def test_hello_storj_through_the_testnet_command(storj_network, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in CONNECTION_VARIABLES}
    proc = subprocess.run(
        [sys.executable, "-m", "storj_uplink.testnet", "--", sys.executable, str(EXAMPLE)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    out = proc.stdout
    assert "sha256 matches" in out
    assert "shared:    a read-only access for greetings/ reads, cannot write" in out
    assert out.rstrip().endswith("hello storj: OK")
    # the demo's own satellite, not the session's: the command started a network
    assert storj_network.satellite_address not in out


# ---------------------------------------------------------------- the examples of the main uses

EXAMPLES = EXAMPLE.parent
README = EXAMPLES.parent / "README.md"
#: Each example run as ``python examples/NAME.py`` against the session's network,
#: with the closing line it prints when its own checks passed.
SELF_CHECKING = {
    "files_with_progress.py": "files with progress: OK",
    "share_link.py": "share link: OK",
    "sync_directory.py": "sync directory: OK",
    "pandas_fsspec.py": "pandas through fsspec: OK",
    "multipart_upload.py": "multipart upload: OK",
    "aio_web_service.py": "aio web service: OK",
}


def run_example(name, env, cwd, *args, timeout=300):
    return subprocess.run([sys.executable, str(EXAMPLES / name), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def example_env(storj_network):
    """The environment a reader's shell has after exporting the network's variables."""
    env = {k: v for k, v in os.environ.items() if k not in CONNECTION_VARIABLES}
    env.pop("STORJ_PASSPHRASE", None)
    env.update(storj_network.env())
    return env


def test_every_example_is_run_here_and_listed_in_the_readme():
    scripts = {p.name for p in EXAMPLES.glob("*.py")} - {"storj_env.py"}
    assert scripts == set(SELF_CHECKING) | {EXAMPLE.name, "binding_hello_storj.py"}
    readme = README.read_text(encoding="utf-8")
    for name in scripts:
        assert f"examples/{name}" in readme, f"README.md does not list examples/{name}"


def _buckets(storj_network):
    with sj.Access.parse(storj_network.access) as access, access.open_project() as project:
        return {b.name for b in project.list_buckets()}


@pytest.mark.parametrize("name", sorted(SELF_CHECKING))
def test_example_checks_its_result(name, storj_network, example_env, tmp_path):
    before = _buckets(storj_network)
    proc = run_example(name, example_env, tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert proc.stdout.rstrip().endswith(SELF_CHECKING[name]), proc.stdout[-2000:]
    assert storj_network.access not in proc.stdout + proc.stderr
    assert _buckets(storj_network) == before  # its scratch bucket is gone


def test_an_example_without_credentials_exits_non_zero(example_env, tmp_path):
    env = {k: v for k, v in example_env.items() if k not in CONNECTION_VARIABLES}
    proc = run_example("multipart_upload.py", env, tmp_path)
    assert proc.returncode == 1
    assert "set STORJ_ACCESS" in proc.stderr and "Traceback" not in proc.stderr


def test_sync_directory_command_sends_only_what_changed(bucket, example_env, tmp_path):
    tree = tmp_path / "tree"
    (tree / "d").mkdir(parents=True)
    (tree / "a.txt").write_text("a")
    (tree / "d" / "b.csv").write_text("x,y\n")
    args = (str(tree), bucket.name, "backup")
    first = run_example("sync_directory.py", example_env, tmp_path, *args)
    assert first.returncode == 0 and "2 sent, 0 unchanged" in first.stdout, first
    again = run_example("sync_directory.py", example_env, tmp_path, *args)
    assert again.returncode == 0 and "0 sent, 2 unchanged" in again.stdout, again
    (tree / "a.txt").write_text("A, changed")
    third = run_example("sync_directory.py", example_env, tmp_path, *args)
    assert third.returncode == 0 and "1 sent, 1 unchanged" in third.stdout, third
    assert bucket.get("backup/a.txt") == b"A, changed"
    assert bucket.stat("backup/d/b.csv").metadata == {
        "sha256": hashlib.sha256(b"x,y\n").hexdigest(), "content-type": "text/csv"}


def test_aio_web_service_serves_an_object_over_http(bucket, example_env, tmp_path):
    data = os.urandom(2 * 1024 * 1024 + 7)
    bucket.put("v/clip.mp4", data)
    proc = subprocess.Popen([sys.executable, str(EXAMPLES / "aio_web_service.py"), "serve",
                             bucket.name, "--port", "0"], cwd=tmp_path, env=example_env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()  # "serving sj://BUCKET on http://127.0.0.1:PORT/"
        assert line.startswith(f"serving sj://{bucket.name} on http://127.0.0.1:"), (
            line + proc.stderr.read() if proc.poll() is not None else line)
        base = line.split(" on ", 1)[1].strip()
        with urllib.request.urlopen(base + "v/clip.mp4", timeout=60) as response:
            body = response.read()
            assert response.headers["Content-Type"] == "video/mp4"
            assert int(response.headers["Content-Length"]) == len(data)
        assert hashlib.sha256(body).hexdigest() == hashlib.sha256(data).hexdigest()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "v/missing.mp4", timeout=60)
        assert missing.value.code == 404
        missing.value.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-2000:]
    assert out.rstrip().endswith("stopped")


def test_aio_web_service_on_a_missing_bucket_exits_non_zero(example_env, tmp_path):
    proc = run_example("aio_web_service.py", example_env, tmp_path,
                       "serve", "no-such-bucket-here", "--port", "0", timeout=120)
    assert proc.returncode != 0 and "BucketNotFoundError" in proc.stderr
    assert example_env["STORJ_ACCESS"] not in proc.stdout + proc.stderr


def test_share_link_registers_the_grant_and_prints_the_link(example_env, tmp_path):
    """With STORJ_AUTH_SERVICE set (here a fake edge auth service on loopback, without
    TLS), the read-only grant is registered as public and its linksharing URL printed."""
    from tests.integration.test_edge_and_keys import FakeAuthService

    service = FakeAuthService()
    try:
        env = dict(example_env, STORJ_AUTH_SERVICE=service.address, STORJ_AUTH_INSECURE="1",
                   STORJ_LINKSHARING_URL="https://link.example.test")
        proc = run_example("share_link.py", env, tmp_path)
    finally:
        service.close()
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    links = [line.split(": ", 1)[1].strip() for line in proc.stdout.splitlines()
             if line.startswith(("share link: https", "raw link:"))]
    assert len(links) == 2, proc.stdout
    assert links[0].startswith("https://link.example.test/s/jwfakeaccesskeyid/share-demo-")
    assert links[0].endswith("/public/index.html")
    assert links[1].startswith("https://link.example.test/raw/jwfakeaccesskeyid/share-demo-")
    rpc, _, fields = service.requests[0]
    assert rpc == "/EdgeAuth/RegisterAccess" and bool(fields.get(2, 0))  # public=True
    assert fields[1].decode() != example_env["STORJ_ACCESS"]  # the restricted grant, not ours
