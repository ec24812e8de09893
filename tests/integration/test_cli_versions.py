"""The CLI beyond uplink-c on the local network: ls --all-versions, rm --version-id,
--bypass-governance-retention on rm and rb."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network


def rows(out):
    """The rows of a table (header skipped), split on whitespace."""
    return [line.split() for line in out.splitlines()[1:]]


def test_ls_all_versions_and_rm_version_id(cli, bucket):
    bucket.enable_versioning()
    v1 = bucket.put("dir/doc", b"one").version
    v2 = bucket.put("dir/doc", b"two!").version
    bucket.delete("dir/doc")  # a delete marker on top
    code, out, _ = cli("ls", "--all-versions", "--recursive", f"sj://{bucket.name}")
    assert code == 0
    # the Go CLI's columns: delete markers are MKR, the version id last
    assert out.splitlines()[0].split() == ["KIND", "CREATED", "SIZE", "KEY", "VERSION", "ID"]
    table = rows(out)
    assert len(table) == 3
    assert table[0][0] == "MKR"  # newest first
    # OBJ rows: KIND, CREATED (date and time), SIZE, KEY, VERSION ID
    objs = {r[5]: r for r in table if r[0] == "OBJ"}
    assert set(objs) == {v1, v2} and objs[v1][3] == "3" and objs[v2][3] == "4"
    assert all(r[4 if r[0] == "OBJ" else 3] == "dir/doc" for r in table)
    # plain ls sees nothing: the latest is a delete marker
    code, out, _ = cli("ls", "--recursive", f"sj://{bucket.name}")
    assert code == 0 and rows(out) == []
    # remove one old version for good
    code, out, _ = cli("rm", "--version-id", v1, f"sj://{bucket.name}/dir/doc")
    assert code == 0 and out.strip() == f"removed sj://{bucket.name}/dir/doc version {v1}"
    assert bucket.get("dir/doc", version=v2) == b"two!"
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("dir/doc", v1)
    # a version of nothing / a malformed one
    code, _, err = cli("rm", "--version-id", v1, f"sj://{bucket.name}/dir/doc")
    assert code == 1 and "not found" in err  # removed already
    code, _, err = cli("rm", "--version-id", "zz", f"sj://{bucket.name}/dir/doc")
    assert code == 1 and "invalid --version-id" in err
    code, _, err = cli("rm", "--recursive", "--version-id", v2, f"sj://{bucket.name}/dir/")
    assert code == 1 and "must not be provided when deleting recursively" in err
    # ls one level deep with versions shows the prefix
    code, out, _ = cli("ls", "--all-versions", f"sj://{bucket.name}")
    assert code == 0 and rows(out) == [["PRE", "dir/"]]


def test_rm_and_rb_bypass_governance(cli, project):
    name = "l-" + uuid.uuid4().hex[:20]
    bucket = project.create_bucket(name, object_lock=True)
    until = datetime.now(timezone.utc) + timedelta(hours=1)
    v = bucket.put("g", b"x", retention=sj.Retention("governance", until)).version
    bucket.put("h", b"y", retention=sj.Retention("governance", until))
    code, _, err = cli("rm", "--version-id", v, f"sj://{name}/g")
    assert code == 1 and err.startswith("error: ") and "Object Lock" in err
    code, out, _ = cli("rm", "--version-id", v, "--bypass-governance-retention", f"sj://{name}/g")
    assert code == 0 and "removed" in out
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("g", v)
    code, _, err = cli("rb", "--bypass-governance-retention", f"sj://{name}")
    assert code == 1 and "needs --force" in err
    code, _, err = cli("rb", "--force", f"sj://{name}")
    assert code == 1
    assert project.stat_bucket(name).name == name
    code, out, _ = cli("rb", "--force", "--bypass-governance-retention", f"sj://{name}")
    assert code == 0 and f'Bucket "{name}" has been deleted.' in out
    with pytest.raises(sj.BucketNotFoundError):
        project.stat_bucket(name)
