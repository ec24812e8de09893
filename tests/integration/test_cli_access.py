"""The ``access`` commands of the Go ``uplink`` CLI on the local network (in-process):
create, import, export, inspect, list, use, remove, restrict, register, revoke; the saved
accesses (access.json), Access.from_env / from_saved, and the passphrase prompt.
"""

from __future__ import annotations

import io
import json
import os
import sys

import pytest

import storj_uplink as sj

from .test_cli_commands import keys_of, shared_grant
from .test_edge_and_keys import FakeAuthService, closed_port

pytestmark = pytest.mark.network


@pytest.fixture
def config(tmp_path, monkeypatch):
    """An empty Go-CLI config dir, named by UPLINK_CONFIG_DIR; no STORJ_ACCESS."""
    where = tmp_path / "uplink-config"
    monkeypatch.setenv("UPLINK_CONFIG_DIR", str(where))
    monkeypatch.delenv("STORJ_ACCESS")
    return where


def saved(config):
    return json.loads((config / "access.json").read_text())


# ---------------------------------------------------------------- access


def test_access_import_list_use_remove(cli, config, storj_network, bucket, tmp_path):
    bucket.put("k", b"v")
    code, _, err = cli("ls", f"sj://{bucket.name}")
    assert code == 1 and "no access grant" in err and "access.json" in err
    code, out, err = cli("access", "import", "main", storj_network.access)
    assert (code, err) == (0, "")
    assert out == f'Imported access "main" to "{config / "access.json"}"\n'
    assert saved(config) == {"Default": "main", "Accesses": {"main": storj_network.access}}
    assert oct((config / "access.json").stat().st_mode & 0o777) == "0o600"
    # the default saved access is used; --access NAME picks one
    code, out, _ = cli("ls", f"sj://{bucket.name}")
    assert code == 0 and keys_of(out) == ["k"]
    grant_file = tmp_path / "g.txt"
    grant_file.write_text(storj_network.access + "\n")
    code, out, _ = cli("access", "import", "--use", "second", grant_file)  # from a file
    assert code == 0 and saved(config)["Default"] == "second"
    code, _, err = cli("access", "import", "main", storj_network.access)
    assert code == 1 and err == ('error: Access \'main\' already exists. Overwrite by specifying '
                                 '--force or choose a new name.\n')
    assert cli("access", "import", "-f", "main", storj_network.access)[0] == 0
    code, out, _ = cli("access", "list")
    sat = storj_network.satellite.split("@", 1)[1]
    assert code == 0 and out.splitlines() == [
        "CURRENT    NAME      SATELLITE", f"           main      {sat}",
        f"*          second    {sat}"]
    code, out, _ = cli("access", "list", "-v")
    assert storj_network.satellite in out  # the full node URL, never the grant
    code, out, _ = cli("--access", "main", "ls", f"sj://{bucket.name}")
    assert code == 0 and keys_of(out) == ["k"]
    code, out, _ = cli("access", "use", "main")
    assert (code, out) == (0, 'Switched default access to "main"\n')
    code, _, err = cli("access", "use", "nope")
    assert code == 1 and err.startswith("error: access 'nope' does not exist")
    code, _, err = cli("access", "remove", "main")
    assert (code, err) == (1, "error: cannot delete current access\n")
    code, out, _ = cli("access", "remove", "second")
    assert code == 0 and out == f'Removed access "second" from "{config / "access.json"}"\n'
    assert set(saved(config)["Accesses"]) == {"main"}
    code, _, err = cli("access", "remove", "second")
    assert (code, err) == (1, "error: unknown access: 'second'\n")
    # --config-dir wins over UPLINK_CONFIG_DIR
    code, _, err = cli("--config-dir", tmp_path / "elsewhere", "access", "list")
    assert code == 1 and "No accesses configured" in err


def test_unknown_access_name_is_one_line(cli, config, bucket):
    code, out, err = cli("--access", "nosuchname", "ls", f"sj://{bucket.name}")
    assert code == 1 and out == ""
    assert err == (f"error: Cannot find access named 'nosuchname' in saved accesses "
                   f"({config / 'access.json'})\n")


def test_storj_access_overrides_the_saved_default(cli, config, storj_network, bucket,
                                                  monkeypatch):
    bucket.put("k", b"v")
    with sj.Access.parse(storj_network.access) as full:
        other = full.share(sj.Permission.read_only(), "no-such-bucket-x").serialize()
    assert cli("access", "import", "narrow", other)[0] == 0
    assert cli("ls", f"sj://{bucket.name}")[0] == 1  # the narrow default cannot see it
    monkeypatch.setenv("STORJ_ACCESS", storj_network.access)
    code, out, _ = cli("ls", f"sj://{bucket.name}")
    assert code == 0 and keys_of(out) == ["k"]


def test_access_from_env_and_from_saved(cli, config, storj_network, bucket, monkeypatch):
    bucket.put("k", b"v")
    assert cli("access", "import", "main", storj_network.access)[0] == 0
    with sj.Access.from_saved() as a, a.open_project() as p:
        assert p.bucket(bucket.name).get("k") == b"v"
    with sj.Access.from_saved("main", config_dir=str(config)) as a:
        assert a.serialize() == storj_network.access
    with pytest.raises(sj.AccessNotFoundError, match="nope"):
        sj.Access.from_saved("nope")
    with sj.Access.from_env() as a:  # UPLINK_CONFIG_DIR's default
        assert a.serialize() == storj_network.access
    env = {"UPLINK_ACCESS": "main", "UPLINK_CONFIG_DIR": str(config)}
    with sj.Access.from_env(env) as a:
        assert a.serialize() == storj_network.access
    env = {"STORJ_SATELLITE": storj_network.satellite, "STORJ_API_KEY": storj_network.api_key,
           "XDG_CONFIG_HOME": str(config / "none"), "HOME": str(config / "none")}
    with pytest.raises(sj.AccessNotFoundError, match="STORJ_PASSPHRASE is not set"):
        sj.Access.from_env(env)
    with sj.Access.from_env({**env, "STORJ_PASSPHRASE": storj_network.passphrase}) as a:
        assert a.satellite_address == storj_network.satellite
    with pytest.raises(sj.AccessNotFoundError):
        sj.Access.from_env({"HOME": str(config / "none")})


def test_access_create_export_inspect(cli, config, storj_network, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(storj_network.passphrase + "\n"))
    code, out, err = cli("access", "create", "--passphrase-stdin", "--satellite-address",
                         storj_network.satellite, "--api-key", storj_network.api_key,
                         "--import-as", "created")
    assert (code, err) == (0, ""), err
    assert storj_network.api_key not in out and storj_network.passphrase not in out
    assert saved(config)["Accesses"]["created"] == storj_network.access
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = cli("access", "create", "--passphrase-stdin", "--satellite-address",
                       storj_network.satellite, "--api-key", storj_network.api_key)
    assert (code, err) == (1, "error: Encryption passphrase must be non-empty\n")
    code, _, err = cli("access", "create", "--satellite-address", storj_network.satellite,
                       "--api-key", storj_network.api_key)  # no terminal to ask on
    assert code == 1 and "no terminal" in err and storj_network.api_key not in err
    target = tmp_path / "exported"
    code, out, _ = cli("access", "export", "created", target)
    assert (code, out) == (0, f"Exported access to: {target}\n")
    assert target.read_text() == storj_network.access + "\n"
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    code, _, err = cli("access", "export", "created", target)  # never overwrites
    assert code == 1 and "exists" in err and target.read_text() == storj_network.access + "\n"
    code, out, _ = cli("access", "restrict", "--access", "created", "--export-to",
                       tmp_path / "restricted", "--prefix", "sj://somewhere")
    assert (code, out) == (0, f"Exported access to: {tmp_path / 'restricted'}\n")
    with sj.Access.parse((tmp_path / "restricted").read_text().strip()) as r:
        assert r.satellite_address == storj_network.satellite
    monkeypatch.setattr(sys, "stdin", io.StringIO(storj_network.passphrase))
    code, out, _ = cli("access", "create", "--passphrase-stdin", "--satellite-address",
                       storj_network.satellite, "--api-key", storj_network.api_key,
                       "--import-as", "second", "--use", "--export-to", tmp_path / "second")
    assert code == 0 and saved(config)["Default"] == "second"
    assert out.splitlines()[-1] == f"Exported access to: {tmp_path / 'second'}"
    code, out, _ = cli("access", "inspect", "created")
    details = json.loads(out)
    assert code == 0 and details["satellite_addr"] == storj_network.satellite
    assert details["macaroon"]["caveats"] == [] and details["macaroon"]["head"]
    assert storj_network.api_key not in out  # no API key, no signature, no encryption key
    code, out, _ = cli("access", "inspect", tmp_path / "restricted")  # a file
    [caveat] = json.loads(out)["macaroon"]["caveats"]
    assert caveat["allowed_paths"] == [{"bucket": "somewhere"}]
    assert caveat["disallow_writes"] and caveat["disallow_deletes"]
    assert "disallow_reads" not in caveat


def test_access_restrict_and_revoke(cli, config, storj_network, bucket, tmp_path):
    bucket.put("pub/a", b"A")
    assert cli("access", "import", "main", storj_network.access)[0] == 0
    code, out, _ = cli("access", "restrict", "--prefix", f"sj://{bucket.name}/pub/",
                       "--import-as", "ro")
    assert code == 0 and out.startswith('Imported access "ro"')
    with sj.Access.parse(saved(config)["Accesses"]["ro"]) as ro, ro.open_project() as p:
        assert p.bucket(bucket.name).get("pub/a") == b"A"
        with pytest.raises(sj.PermissionDeniedError):
            p.bucket(bucket.name).put("pub/b", b"B")
    code, out, _ = cli("access", "restrict", "--readonly=false", "--disallow-deletes",
                       "--prefix", f"sj://{bucket.name}/pub/")
    grant = out.strip()
    with sj.Access.parse(grant) as rw, rw.open_project() as p:
        p.bucket(bucket.name).put("pub/b", b"B")
        with pytest.raises(sj.PermissionDeniedError):
            p.bucket(bucket.name).delete("pub/b")
    code, out, _ = cli("access", "revoke", "ro")
    assert (code, out) == (0, "Revoked access 'ro'\n")
    with sj.Access.parse(saved(config)["Accesses"]["ro"]) as ro, ro.open_project() as p:
        with pytest.raises(sj.StorjError):
            p.bucket(bucket.name).get("pub/a")
    code, out, _ = cli("access", "revoke", grant)
    assert code == 0 and grant not in out


def test_access_register_and_share_url_with_an_auth_service(cli, storj_network, bucket):
    service = FakeAuthService()
    try:
        code, out, err = cli("access", "register", "--auth-service",
                             f"insecure://{service.address}", "--format", "env")
        assert (code, err) == (0, "")
        assert out.splitlines() == ["AWS_ACCESS_KEY_ID=jwfakeaccesskeyid",
                                    "AWS_SECRET_ACCESS_KEY=fake-secret-key-123",
                                    "AWS_ENDPOINT=https://gateway.example.test"]
        assert service.requests[-1][2][1].decode() == storj_network.access
        code, out, _ = cli("share", "--url", "--not-after", "+1h", "--auth-service",
                           f"insecure://{service.address}", "--base-url",
                           "https://link.example.test", f"sj://{bucket.name}/pub/")
        assert code == 0
        assert "Access Key ID: jwfakeaccesskeyid" in out and "Public Access: true" in out
        assert out.splitlines()[-1] == (f"URL       : https://link.example.test/s/"
                                        f"jwfakeaccesskeyid/{bucket.name}/pub/")
        shared = service.requests[-1][2][1].decode()
        assert shared == shared_grant(out) and shared != storj_network.access
        code, out, _ = cli("share", "--dns", "www.example.test", "--tls", "--not-after", "+1h",
                           "--auth-service", f"insecure://{service.address}",
                           f"sj://{bucket.name}")
        assert code == 0 and f"txt-www.example.test\tIN\tTXT  \tstorj-root:{bucket.name}" in out
        assert out.splitlines()[-1] == "txt-www.example.test\tIN\tTXT  \tstorj-tls:true"
        # --register alone: private credentials, no URL, no expiry needed
        code, out, _ = cli("share", "--register", "--auth-service",
                           f"insecure://{service.address}", f"sj://{bucket.name}")
        assert code == 0 and "Public Access: false" in out and "URL" not in out
        assert "Secret Key   : fake-secret-key-123" in out
        code, out, _ = cli("share", "--public", "--not-after", "none", "--auth-service",
                           f"insecure://{service.address}", f"sj://{bucket.name}")
        assert code == 0 and "Public Access: true" in out and "NotAfter     : No restriction" in out
        code, out, _ = cli("access", "register", "--public", "--format", "aws", "--aws-profile",
                           "storj", "--auth-service", f"insecure://{service.address}")
        assert code == 0 and out.splitlines() == [
            "aws configure  --profile storj set aws_access_key_id jwfakeaccesskeyid",
            "aws configure  --profile storj set aws_secret_access_key fake-secret-key-123",
            "aws configure  --profile storj set s3.endpoint_url https://gateway.example.test"]
        code, _, err = cli("access", "register", "--ca-cert", "/no/such.pem", "--auth-service",
                           f"insecure://{service.address}")
        assert code == 1 and err.startswith("error: can't read certificate file")
    finally:
        service.close()
    # no auth service there: a clear one-line error, exit status 1
    code, _, err = cli("access", "register", "--auth-service",
                       f"insecure://127.0.0.1:{closed_port()}")
    assert code == 1 and err.startswith("error: registering the access with the auth service")
    assert err.count("\n") == 1 and storj_network.access not in err
    # public without an expiry: Go's warning, nothing registered
    code, out, _ = cli("share", "--url", f"sj://{bucket.name}")
    assert code == 0 and "--not-after=none" in out and "Access       :" not in out
    code, _, err = cli("share", "--url", "--readonly=false", "--not-after", "+1h",
                       f"sj://{bucket.name}")
    assert code == 1 and "readonly" in err


# ---------------------------------------------------------------- passphrase prompt


def test_passphrase_is_asked_with_hidden_input_on_a_terminal(storj_network, bucket, tmp_path):
    """STORJ_SATELLITE + STORJ_API_KEY without STORJ_PASSPHRASE: a hidden prompt on a
    terminal (a pseudo-terminal here), nothing echoed; without a terminal, a clear error."""
    import pty
    import select
    import subprocess
    import time

    bucket.put("k", b"from-the-network")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STORJ_", "UPLINK_"))}
    env.update(STORJ_SATELLITE=storj_network.satellite, STORJ_API_KEY=storj_network.api_key,
               XDG_CONFIG_HOME=str(tmp_path / "none"), UPLINK_CONFIG_DIR=str(tmp_path / "none"))
    argv = [sys.executable, "-m", "storj_uplink", "cp", f"sj://{bucket.name}/k", "-"]
    pid, fd = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal
        os.execve(sys.executable, argv, env)
    seen = b""

    def read_until(predicate, seconds=60.0):
        nonlocal seen
        deadline = time.monotonic() + seconds
        while not predicate(seen) and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk

    try:
        read_until(lambda s: b"Passphrase:" in s)
        assert b"Passphrase:" in seen
        os.write(fd, storj_network.passphrase.encode() + b"\n")
        read_until(lambda s: b"from-the-network" in s)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, seen
    assert b"from-the-network" in seen
    assert storj_network.passphrase.encode() not in seen  # not echoed
    r = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    assert r.returncode == 1 and r.stdout == b""
    assert r.stderr == (b"error: the encryption passphrase (STORJ_PASSPHRASE is not set) is "
                        b"needed and there is no terminal to ask for it\n")
