"""Sync a local directory to a prefix of a bucket, sending only what changed.

Each file is uploaded with ``Bucket.upload_file`` and its SHA-256 kept in the
object's custom metadata (``sha256``). A later sync lists the prefix with
``custom=True`` and uploads only the files whose size or SHA-256 differ, or
that are new; ``--delete`` also removes objects whose file is gone. Objects
are never half-written: each upload commits whole or not at all.

    STORJ_ACCESS=... python examples/sync_directory.py LOCAL_DIR BUCKET [PREFIX] [--delete]

Without arguments it runs a self-check: it builds a small tree, syncs it to
a new bucket (everything is sent), syncs again (nothing is sent), changes one
file, adds one and removes one, syncs with ``--delete`` (two sent, one
deleted), and compares every object's SHA-256 with its file.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, NamedTuple

from storj_env import check, fail, open_access, scratch_bucket, sha256_of

import storj_uplink as sj

MiB = 1 << 20


class Plan(NamedTuple):
    upload: List[str]   # relative paths to send
    delete: List[str]   # keys to remove (with --delete)
    same: int           # files already there


def local_files(root: Path) -> Dict[str, Path]:
    """Relative POSIX path -> file, for every regular file under ``root``."""
    return {p.relative_to(root).as_posix(): p
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def plan_sync(bucket: sj.Bucket, root: Path, prefix: str, delete: bool) -> Plan:
    remote = {obj.key[len(prefix):]: obj
              for obj in bucket.list(prefix, recursive=True, custom=True)}
    upload, same = [], 0
    for rel, path in local_files(root).items():
        obj = remote.pop(rel, None)
        if (obj is not None and obj.content_length == path.stat().st_size
                and obj.metadata.get("sha256") == sha256_of(path)):
            same += 1
        else:
            upload.append(rel)
    return Plan(upload, sorted(prefix + rel for rel in remote) if delete else [], same)


def sync(bucket: sj.Bucket, root: Path, prefix: str = "", delete: bool = False) -> Plan:
    """Make ``prefix`` in ``bucket`` hold the files under ``root``; returns what was done."""
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    plan = plan_sync(bucket, root, prefix, delete)

    def send(rel: str) -> None:
        path = root / rel
        bucket.upload_file(path, prefix + rel, metadata={"sha256": sha256_of(path)})

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(send, plan.upload))   # list(): raise the first failure, if any
    for key in plan.delete:
        bucket.delete(key)
    print(f"sync {root} -> sj://{bucket.name}/{prefix}: {len(plan.upload)} sent, "
          f"{plan.same} unchanged, {len(plan.delete)} deleted")
    return plan


def verify(bucket: sj.Bucket, root: Path, prefix: str, exact: bool) -> None:
    """Every file is an object with the same SHA-256 (and, if ``exact``, nothing else
    is under the prefix)."""
    files = local_files(root)
    keys = {obj.key for obj in bucket.list(prefix, recursive=True)}
    wanted = {prefix + rel for rel in files}
    check(wanted <= keys, f"files without their object: {sorted(wanted - keys)}")
    check(not exact or keys == wanted, f"objects without their file: {sorted(keys - wanted)}")
    for rel, path in files.items():
        got = hashlib.sha256(bucket.get(prefix + rel)).hexdigest()
        check(got == sha256_of(path), f"{rel}: the object's sha256 differs from the file's")


def self_check() -> None:
    with tempfile.TemporaryDirectory() as tmp, open_access() as access, \
            access.open_project() as project, scratch_bucket(project, "sync-demo") as bucket:
        root = Path(tmp)
        (root / "docs").mkdir()
        (root / "img").mkdir()
        (root / "index.html").write_text("<h1>v1</h1>\n")
        (root / "docs" / "a.txt").write_text("alpha\n")
        (root / "docs" / "b.txt").write_text("beta\n")
        (root / "img" / "big.bin").write_bytes(os.urandom(6 * MiB))

        first = sync(bucket, root, "site")
        check(len(first.upload) == 4 and first.same == 0, f"first sync: {first}")
        again = sync(bucket, root, "site")
        check(not again.upload and again.same == 4, f"unchanged sync: {again}")

        (root / "index.html").write_text("<h1>v2</h1>\n")
        (root / "docs" / "c.txt").write_text("gamma\n")
        (root / "docs" / "b.txt").unlink()
        third = sync(bucket, root, "site", delete=True)
        check(sorted(third.upload) == ["docs/c.txt", "index.html"], f"third sync: {third}")
        check(third.delete == ["site/docs/b.txt"] and third.same == 2, f"third sync: {third}")
        verify(bucket, root, "site/", exact=True)
        print("every object's sha256 matches its file")
    print("sync directory: OK")


def main(argv: List[str]) -> None:
    delete = "--delete" in argv
    args = [a for a in argv if a != "--delete"]
    if not args:
        self_check()
        return
    if len(args) not in (2, 3) or not Path(args[0]).is_dir():
        fail("usage: sync_directory.py LOCAL_DIR BUCKET [PREFIX] [--delete]")
    root, bucket_name = Path(args[0]), args[1]
    prefix = args[2] if len(args) == 3 else ""
    with open_access() as access, access.open_project() as project:
        bucket = project.ensure_bucket(bucket_name)
        sync(bucket, root, prefix, delete)
        verify(bucket, root, prefix + "/" if prefix and not prefix.endswith("/") else prefix,
               exact=delete)
    print("sync directory: OK")


if __name__ == "__main__":
    main(sys.argv[1:])
