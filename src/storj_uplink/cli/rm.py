"""``rm``: delete an object, or every object below a prefix."""

from __future__ import annotations

import argparse
import threading
from typing import Any, Callable, List, Optional

from ..errors import BucketNotFoundError
from .errors import CliError
from .flags import add_bool, positive
from .paths import RemotePath, is_remote, parse_remote
from .session import Session
from .transfers import not_found, run_parallel

__all__ = ["add_parser", "run"]

_DESCRIPTION = """\
Delete the object sj://BUCKET/KEY. With --recursive, delete every object below
sj://BUCKET/PREFIX/ (or the whole content of sj://BUCKET; the bucket itself
stays: remove it with rb). Prints "removed sj://..." for each object.
In a versioned bucket, deleting an object adds a delete marker (older versions
stay); --version-id VERSION (from ls --all-versions) removes that version for
good. --bypass-governance-retention deletes through a governance retention
(the access must allow it).
"""


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``rm`` on the subcommand parsers."""
    p = commands.add_parser("rm", parents=[common], help="delete objects",
                            description=_DESCRIPTION,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("location", metavar="sj://BUCKET/KEY", help="the object (or prefix) to delete")
    add_bool(p, "-r", "--recursive", help="delete every object below the location")
    p.add_argument("-p", "--parallelism", type=positive("parallelism"), default=1, metavar="N",
                   help="deletions in flight at once (default 1)")
    add_bool(p, "--pending", help="abort pending (unfinished multipart) uploads instead")
    add_bool(p, "--encrypted", help="keys are encrypted (not supported by storj-uplink)")
    p.add_argument("--version-id", metavar="VERSION", default=None,
                   help="delete this version of the object (see ls --all-versions)")
    add_bool(p, "--bypass-governance-retention",
             help="delete objects under governance retention (needs the permission)")
    p.set_defaults(func=run)


def _delete_one(session: Session, where: RemotePath, version: Optional[str] = None,
                bypass: bool = False) -> None:
    try:
        deleted = session.project().delete_object(where.bucket, where.key, version,
                                                  bypass_governance=bypass)
    except BucketNotFoundError as e:
        raise not_found(e, where) from None
    except ValueError as e:  # a malformed --version-id
        raise CliError(f"invalid --version-id: {e}") from None
    if deleted is None and version is not None:
        raise CliError(f"object not found: {where} version {version}")
    # A key with nothing there is "removed" too, as the Go CLI (deleting is idempotent).
    session.out(f"removed {where}" + (f" version {version}" if version else ""))


def run(args: argparse.Namespace, session: Session) -> int:
    """Delete; exit status 0 when everything named was deleted."""
    if not is_remote(args.location):
        raise CliError(f"remove {args.location} skipped: local delete")
    where = parse_remote(args.location)
    bypass = bool(args.bypass_governance_retention)
    if args.encrypted:
        raise CliError("--encrypted is not supported by storj-uplink")
    if args.version_id is not None and args.recursive:
        raise CliError("a version ID must not be provided when deleting recursively")
    if args.version_id is not None and args.pending:
        raise CliError("a version ID must not be provided when deleting pending uploads")
    if args.pending:
        return _abort_pending(args, session, where)
    if not args.recursive:
        if where.is_bucket:
            raise CliError(f"{where} is a bucket: use rb to remove it, or rm --recursive to "
                           f"delete its objects")
        if where.is_prefix:
            raise CliError(f"{where} is a prefix (use --recursive to delete what is below it)")
        _delete_one(session, where, args.version_id, bypass)
        return 0
    project = session.project()
    try:
        keys: List[str] = sorted(o.key for o in project.list_objects(
            where.bucket, where.dir_prefix, recursive=True) if not o.is_prefix)
    except BucketNotFoundError as e:
        raise not_found(e, where) from None
    if not keys and not where.is_prefix:  # rm --recursive sj://b/name, name being an object
        _delete_one(session, where, None, bypass)
        return 0
    if not keys:
        raise CliError(f"no objects found below {where}")
    lock = threading.Lock()

    def delete(key: str) -> None:
        target = RemotePath(where.bucket, key)
        deleted = project.delete_object(where.bucket, key, bypass_governance=bypass)
        with lock:
            if deleted is not None:
                session.out(f"removed {target}")

    def task(key: str) -> Callable[[], None]:
        return lambda: delete(key)

    run_parallel([task(k) for k in keys], args.parallelism)
    return 0


def _abort_pending(args: argparse.Namespace, session: Session, where: RemotePath) -> int:
    """``rm --pending``: abort the pending uploads of the key (or below the prefix)."""
    project = session.project()
    prefix = where.dir_prefix if args.recursive else where.key
    try:
        uploads = [u for u in project.list_uploads(where.bucket, prefix if args.recursive
                                                   else "", recursive=True)
                   if (u.key.startswith(prefix) if args.recursive else u.key == where.key)]
    except BucketNotFoundError as e:
        raise not_found(e, where) from None
    if not uploads and not args.recursive:
        raise CliError(f"no pending upload of {where}")
    lock = threading.Lock()

    def task(upload: Any) -> Callable[[], None]:
        def abort() -> None:
            project.resume_upload(where.bucket, upload.key, upload.upload_id).abort()
            with lock:
                session.out(f"removed {RemotePath(where.bucket, upload.key)}")
        return abort

    run_parallel([task(u) for u in uploads], args.parallelism)
    return 0
