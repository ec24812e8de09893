"""``rm``: delete an object, or every object below a prefix."""

from __future__ import annotations

import argparse
import threading
from typing import Any, Callable, List, Optional

from ..errors import BucketNotFoundError
from .cp import positive_int
from .errors import CliError
from .paths import RemotePath, parse_remote
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
    p.add_argument("-r", "--recursive", action="store_true",
                   help="delete every object below the location")
    p.add_argument("-p", "--parallelism", type=positive_int, default=1, metavar="N",
                   help="deletions in flight at once (default 1)")
    p.add_argument("--version-id", metavar="VERSION", default=None,
                   help="delete this version of the object (see ls --all-versions)")
    p.add_argument("--bypass-governance-retention", action="store_true",
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
    if deleted is None:
        raise CliError(f"object not found: {where}")
    session.out(f"removed {where}" + (f" (version {version})" if version else ""))


def run(args: argparse.Namespace, session: Session) -> int:
    """Delete; exit status 0 when everything named was deleted."""
    where = parse_remote(args.location)
    bypass = bool(args.bypass_governance_retention)
    if args.version_id is not None and args.recursive:
        raise CliError("--version-id names one object version: it cannot go with --recursive")
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
