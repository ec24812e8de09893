"""``mv``: move (rename) objects within Storj, one or every object below a prefix."""

from __future__ import annotations

import argparse
import threading
from typing import Any, Callable, List

from ..errors import BucketNotFoundError, ObjectNotFoundError
from .errors import CliError
from .flags import add_bool, positive
from .paths import RemotePath, is_remote, parse_remote
from .session import Session
from .transfers import not_found, run_parallel

__all__ = ["add_parser", "run"]

_DESCRIPTION = """\
Move the object SOURCE to DEST (server side: no data is transferred). A DEST
ending with "/" receives the object under its own name. With --recursive,
SOURCE and DEST must both end with "/" and every object below SOURCE moves.
"""


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``mv`` on the subcommand parsers."""
    p = commands.add_parser("mv", parents=[common], help="move objects",
                            description=_DESCRIPTION,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source", metavar="SOURCE", help="sj://BUCKET/KEY (or PREFIX/)")
    p.add_argument("dest", metavar="DEST", help="sj://BUCKET/KEY (or PREFIX/)")
    add_bool(p, "-r", "--recursive", help="move every object below SOURCE")
    p.add_argument("-p", "--parallelism", type=positive("parallelism"), default=1, metavar="N",
                   help="objects moved in parallel (default 1)")
    add_bool(p, "--dry-run", dest="dry_run", help="print what would move, but move nothing")
    add_bool(p, "--dryrun", dest="dry_run", help=argparse.SUPPRESS)
    add_bool(p, "--progress", default=True, help="print each move (default true)")
    p.set_defaults(func=run)


def _move(session: Session, source: RemotePath, dest: RemotePath, dry_run: bool) -> None:
    if dry_run:
        return
    try:
        session.project().move_object(source.bucket, source.key, dest.bucket, dest.key)
    except ObjectNotFoundError:
        raise CliError(f"object not found: {source}") from None
    except BucketNotFoundError:
        raise CliError(f"bucket not found: sj://{source.bucket} or sj://{dest.bucket}") from None


def run(args: argparse.Namespace, session: Session) -> int:
    """Move; exit status 0 when everything moved."""
    if args.source == "-" or args.dest == "-":
        raise CliError("cannot move to stdin/stdout")
    if not (is_remote(args.source) and is_remote(args.dest)):
        raise CliError("storj-uplink mv moves objects: source and dest must both be sj:// "
                       "locations")
    if args.source == args.dest:
        raise CliError("source and dest cannot be equal")
    source, dest = parse_remote(args.source), parse_remote(args.dest)
    if args.recursive and not (source.is_prefix and dest.is_prefix):
        raise CliError("with --recursive flag source and destination must end with '/'")
    if not args.recursive:
        if source.is_prefix:
            raise CliError(f"{source} is a prefix: use --recursive, with both locations "
                           f"ending in '/'")
        target = RemotePath(dest.bucket, dest.dir_prefix + source.name) if dest.is_prefix \
            else dest
        if target == source:
            raise CliError("source and dest cannot be equal")
        if args.dry_run:  # a single move prints nothing, as the Go CLI
            session.out(f"Move {source} to {target}")
        _move(session, source, target, args.dry_run)
        return 0
    project = session.project()
    try:
        keys = sorted(o.key for o in project.list_objects(source.bucket, source.dir_prefix,
                                                          recursive=True) if not o.is_prefix)
    except BucketNotFoundError as e:
        raise not_found(e, source) from None
    lock = threading.Lock()

    def task(key: str) -> Callable[[], None]:
        src = RemotePath(source.bucket, key)
        dst = dest.child(key[len(source.dir_prefix):])

        def move() -> None:
            if args.progress or args.dry_run:
                with lock:
                    session.out(f"Move {src} to {dst}")
            _move(session, src, dst, args.dry_run)
        return move

    tasks: List[Callable[[], None]] = [task(k) for k in keys]
    run_parallel(tasks, args.parallelism)
    return 0
