"""``cp``: copy files to and from Storj (and objects within it), one or a whole tree."""

from __future__ import annotations

import argparse
import os
import re
from typing import Any, Callable, List, Optional

from ..errors import BucketNotFoundError, ObjectNotFoundError
from ..project import Project
from ..transfer import DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE, MAX_CONCURRENCY, MIN_PART_SIZE
from .errors import CliError
from .paths import RemotePath, local_target, parse_location
from .progress import TransferProgress, want_progress
from .session import Session
from .transfers import STDIO, Copy, not_found, run_copy, run_parallel

__all__ = ["add_parser", "run", "plan", "parse_size", "positive_int"]

_DESCRIPTION = """\
Copy a local file to an object, an object to a local file, or an object to
another object (server side). SRC or DST "-" is stdin or stdout.
A DST that ends with "/" (or a bare sj://BUCKET, or an existing local
directory) receives the file under its own name.

With --recursive, copy a local directory's contents below sj://BUCKET/PREFIX/,
or every object below sj://BUCKET/PREFIX/ into a local directory (created if
needed), keeping the relative paths.

Large files go up in parallel parts of --part-size bytes and come down in
parallel ranges; --parallelism sets how many parts (for one file) or files
(for --recursive) are in flight at once.
"""

_SIZE = re.compile(r"^\s*(\d+)\s*([kmgt]?)(i?b?)\s*$", re.IGNORECASE)


def parse_size(text: str) -> int:
    """Bytes from ``"67108864"``, ``"64M"``, ``"64MiB"`` or ``"1g"`` (binary units)."""
    m = _SIZE.match(text)
    if m is None:
        raise argparse.ArgumentTypeError(f"invalid size {text!r} (examples: 64MiB, 5M, 1048576)")
    exponent = "_kmgt".index((m.group(2) or "_").lower())
    return int(m.group(1)) * (1 << (10 * exponent))


def positive_int(text: str) -> int:
    """An integer from 1 to MAX_CONCURRENCY."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number {text!r}") from None
    if not 1 <= value <= MAX_CONCURRENCY:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_CONCURRENCY}, not {value}")
    return value


def _part_size(text: str) -> int:
    value = parse_size(text)
    if value < MIN_PART_SIZE:
        raise argparse.ArgumentTypeError(f"must be at least {MIN_PART_SIZE} bytes (5MiB)")
    return value


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``cp`` on the subcommand parsers."""
    p = commands.add_parser("cp", parents=[common], help="copy files to, from and within Storj",
                            description=_DESCRIPTION,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source", metavar="SRC", help="a local path, - (stdin) or sj://BUCKET/KEY")
    p.add_argument("destination", metavar="DST",
                   help="a local path, - (stdout) or sj://BUCKET/KEY")
    p.add_argument("-r", "--recursive", action="store_true",
                   help="copy a directory or everything below a prefix")
    p.add_argument("-p", "--parallelism", type=positive_int, default=DEFAULT_CONCURRENCY,
                   metavar="N", help=f"transfers in flight at once (default {DEFAULT_CONCURRENCY})")
    p.add_argument("--part-size", type=_part_size, default=DEFAULT_PART_SIZE, metavar="SIZE",
                   help="part size of parallel transfers of large files (default 64MiB)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar on stderr (default: only on a terminal)")
    p.set_defaults(func=run)


# ---------------------------------------------------------------- planning


def _plan_upload(source: str, destination: RemotePath, recursive: bool) -> List[Copy]:
    if source == STDIO:
        if recursive or destination.is_prefix:
            raise CliError("copying stdin (-) needs a destination object sj://BUCKET/KEY")
        return [Copy(STDIO, destination)]
    if os.path.isdir(source):
        if not recursive:
            raise CliError(f"{source} is a directory (use --recursive to copy its contents)")
        copies = []
        for root, dirs, files in os.walk(source):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                if not os.path.isfile(path):
                    continue  # sockets, fifos, dangling links: not files to copy
                rel = os.path.relpath(path, source).replace(os.sep, "/")
                copies.append(Copy(path, destination.child(rel), os.path.getsize(path)))
        return copies
    if not os.path.isfile(source):
        raise CliError(f"no such file: {source}")
    key = destination.dir_prefix + os.path.basename(source) if destination.is_prefix \
        else destination.key
    return [Copy(source, RemotePath(destination.bucket, key), os.path.getsize(source))]


def _list_below(project: Project, where: RemotePath) -> List[Any]:
    try:
        found = [o for o in project.list_objects(where.bucket, where.dir_prefix, recursive=True)
                 if not o.is_prefix]
    except BucketNotFoundError as e:
        raise not_found(e, where) from None
    return sorted(found, key=lambda o: o.key)


def _stat(project: Project, where: RemotePath) -> Any:
    try:
        return project.stat_object(where.bucket, where.key)
    except (BucketNotFoundError, ObjectNotFoundError) as e:
        raise not_found(e, where) from None


def _local_file_target(destination: str, name: str) -> str:
    if destination == STDIO:
        return STDIO
    if name in ("", ".", ".."):
        raise CliError(f"refusing to download an object named {name!r} into {destination}")
    if os.path.isdir(destination):
        return os.path.join(destination, name)
    if destination.endswith(("/", os.sep)):
        return os.path.join(destination, name)  # a directory to be created
    parent = os.path.dirname(destination)
    if parent and not os.path.isdir(parent):
        raise CliError(f"no such directory: {parent}")
    return destination


def _plan_download(project: Project, source: RemotePath, destination: str,
                   recursive: bool) -> List[Copy]:
    if not recursive:
        if source.is_prefix:
            raise CliError(f"{source} is a bucket or prefix (use --recursive to copy what is "
                           f"below it)")
        info = _stat(project, source)
        return [Copy(source, _local_file_target(destination, source.name), info.content_length)]
    if destination == STDIO:
        raise CliError("--recursive cannot copy to stdout (-)")
    objects = _list_below(project, source)
    if not objects and not source.is_prefix:  # sj://b/name --recursive, name being an object
        info = _stat(project, source)
        return [Copy(source, _local_file_target(destination, source.name), info.content_length)]
    if not objects:
        raise CliError(f"no objects found below {source}")
    prefix = source.dir_prefix
    return [Copy(RemotePath(source.bucket, o.key), local_target(destination, o.key[len(prefix):]),
                 o.content_length)
            for o in objects if not o.key.endswith("/")]


def _plan_server_side(project: Project, source: RemotePath, destination: RemotePath,
                      recursive: bool) -> List[Copy]:
    if not recursive:
        if source.is_prefix:
            raise CliError(f"{source} is a bucket or prefix (use --recursive to copy what is "
                           f"below it)")
        info = _stat(project, source)
        key = destination.dir_prefix + source.name if destination.is_prefix else destination.key
        return [Copy(source, RemotePath(destination.bucket, key), info.content_length)]
    objects = _list_below(project, source)
    if not objects:
        raise CliError(f"no objects found below {source}")
    prefix = source.dir_prefix
    return [Copy(RemotePath(source.bucket, o.key), destination.child(o.key[len(prefix):]),
                 o.content_length) for o in objects]


def plan(project: Optional[Project], source: str, destination: str,
         recursive: bool) -> List[Copy]:
    """The copies ``cp SRC DST`` means (``project`` is needed when SRC is remote)."""
    src, dst = parse_location(source), parse_location(destination)
    if isinstance(dst, RemotePath) and not dst.bucket:
        raise CliError("the destination names no bucket: expected sj://BUCKET[/KEY]")
    if isinstance(src, RemotePath):
        assert project is not None
        if isinstance(dst, RemotePath):
            return _plan_server_side(project, src, dst, recursive)
        return _plan_download(project, src, dst, recursive)
    if isinstance(dst, RemotePath):
        return _plan_upload(src, dst, recursive)
    raise CliError("cp copies to or from sj:// locations: SRC or DST must start with sj://")


# ---------------------------------------------------------------- running


def run(args: argparse.Namespace, session: Session) -> int:
    """Copy; exit status 0 when every file was copied."""
    src_remote = parse_location(args.source)
    dst_remote = parse_location(args.destination)
    if not isinstance(src_remote, RemotePath) and not isinstance(dst_remote, RemotePath):
        plan(None, args.source, args.destination, args.recursive)  # raises the usage error
    project = session.project()
    copies = plan(project, args.source, args.destination, args.recursive)
    sizes = [c.size for c in copies]
    total = sum(s for s in sizes if s is not None) if all(s is not None for s in sizes) else None
    desc = (os.path.basename(str(copies[0].source)) or str(copies[0].source)) \
        if len(copies) == 1 else f"{len(copies)} files"
    single = len(copies) == 1
    enabled = want_progress(args.progress, session.stderr) and bool(copies)
    with TransferProgress(enabled, total, desc, session.stderr) as progress:
        def task(copy: Copy) -> Callable[[], None]:
            return lambda: run_copy(project, copy, stdout=session.stdout,
                                    part_size=args.part_size,
                                    concurrency=args.parallelism if single else 1,
                                    progress=progress.for_file())

        run_parallel([task(c) for c in copies], 1 if single else args.parallelism)
    return 0
