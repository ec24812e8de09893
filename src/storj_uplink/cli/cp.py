"""``cp``: copy files to and from Storj (and objects within it), one or a whole tree."""

from __future__ import annotations

import argparse
import os
import re
from typing import Any, Callable, List, Optional, Tuple

from .._parallel import Stopper, run_each
from ..errors import BucketNotFoundError, ObjectNotFoundError
from ..project import Project
from ..transfer import DEFAULT_PART_SIZE, MAX_CONCURRENCY, MIN_PART_SIZE
from .errors import CliError, error_message, redact
from .flags import add_bool, parse_human_date, parse_metadata, positive
from .paths import RemotePath, is_remote, local_target, parse_location
from .progress import TransferProgress, want_progress
from .session import Session
from .transfers import STDIO, Copy, not_found, run_copy

__all__ = ["add_parser", "run", "plan", "parse_size", "positive_int", "parse_range",
           "copy_many", "clamp_range"]

_DESCRIPTION = """\
Copy a local file to an object, an object to a local file, or an object to
another object (server side). SRC or DST "-" is stdin or stdout.
A DST that ends with "/" (or a bare sj://BUCKET, or an existing local
directory) receives the file under its own name.

With --recursive, copy a local directory's contents below sj://BUCKET/PREFIX/,
or every object below sj://BUCKET/PREFIX/ into a local directory (created if
needed), keeping the relative paths.

Several sources copy into DST as a directory. Large files go up in parallel
parts of --part-size bytes and come down in parallel ranges: --parallelism
sets how many parts of one file are in flight at once, --transfers how many
files (both default 1, as in the Go uplink CLI).
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
    p.add_argument("locations", nargs="+", metavar="LOCATION",
                   help="the sources, then the destination: local paths, - (stdin/stdout) "
                        "or sj://BUCKET/KEY")
    add_bool(p, "-r", "--recursive", help="copy a directory or everything below a prefix")
    p.add_argument("-t", "--transfers", type=positive("transfers"), default=1, metavar="N",
                   help="files transferred in parallel (default 1)")
    p.add_argument("-p", "--parallelism", type=positive_int, default=1, metavar="N",
                   help="parallel parts of one file (default 1)")
    p.add_argument("--part-size", "--parallelism-chunk-size", dest="part_size", type=_part_size,
                   default=DEFAULT_PART_SIZE, metavar="SIZE",
                   help="part size of parallel transfers (default 64MiB)")
    add_bool(p, "--progress", default=None,
             help="show a progress bar on stderr (default: only on a terminal)")
    p.add_argument("--no-progress", dest="progress", action="store_const", const=False,
                   help=argparse.SUPPRESS)
    add_bool(p, "--dry-run", help="print what would be copied, but copy nothing")
    p.add_argument("--range", dest="byte_range", default="", metavar="RANGE",
                   help="download only these bytes: 0-99, 100- or -100 (HTTP Range syntax)")
    p.add_argument("--expires", type=parse_human_date, default=None, metavar="TIME",
                   help="uploaded objects expire at this time (+2h, +7d, 2030-01-02T15:04:05Z)")
    p.add_argument("--metadata", type=parse_metadata, default=None, metavar="JSON",
                   help='custom metadata of uploaded objects: {"key": "value", ...}')
    p.set_defaults(func=run)


def parse_range(text: str) -> Tuple[int, int]:
    """``(offset, length)`` of a ``--range`` (offset < 0: the last bytes; length -1: to the end).

    :raises CliError: as the Go CLI refuses it.
    """
    r = text.strip()
    r = r[len("bytes="):] if r.startswith("bytes=") else r
    if "," in r:
        raise CliError("invalid range: must be single range")
    if "-" not in r:
        raise CliError('invalid range: no "-"')
    start, _, end = (x.strip() for x in r.partition("-"))
    if not start and not end:
        raise CliError("invalid range")
    try:
        first = int(start) if start else 0
        last = int(end) if end else 0
    except ValueError:
        raise CliError(f"invalid range: {text!r}") from None
    if not start:
        return -last, -1
    if not end:
        return first, -1
    if first > last:
        raise CliError(f"invalid range: {first} > {last}")
    return first, last - first + 1


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


def _verb(copy: Copy) -> str:
    if isinstance(copy.destination, RemotePath):
        return "copy" if isinstance(copy.source, RemotePath) else "upload"
    return "download"


def copy_many(copies: List[Copy], run_one: Callable[[Copy], None], transfers: int,
              session: Session) -> None:
    """Run the copies of one command, ``transfers`` at a time, on the concurrency helper the
    transfer manager runs on (``_parallel.run_each``).

    One copy: its error is raised. Several: as the Go CLI, every copy is tried,
    each failure is printed as ``<verb> SRC to DEST failed: ERROR`` and the
    command fails with ``recursive copy failed (N errors)``. Ctrl-C stops the
    copies in flight and skips the rest.
    """
    if len(copies) == 1:
        run_one(copies[0])
        return
    failures: List[Tuple[int, Copy, BaseException]] = []

    def done(index: int, copy: Copy, _result: Any, error: Optional[BaseException]) -> None:
        if error is not None:
            failures.append((index, copy, error))

    run_each(copies, run_one, transfers, Stopper(), done=done)
    for _index, c, error in sorted(failures, key=lambda f: f[0]):
        line = f"{_verb(c)} {c.source} to {c.destination} failed: {error_message(error)}"
        session.out(redact(line, session.secrets))
    if failures:
        raise CliError(f"recursive copy failed ({len(failures)} errors)")


def run(args: argparse.Namespace, session: Session) -> int:
    """Copy; exit status 0 when every file was copied."""
    if len(args.locations) < 2:
        raise CliError("must have at least one source and destination path")
    *sources, destination = args.locations
    if len(sources) > 1 and not destination.endswith("/") and is_remote(destination):
        destination += "/"  # several sources: the destination is a "directory"
    byte_range = parse_range(args.byte_range) if args.byte_range else None
    if byte_range is not None and args.recursive:
        raise CliError("unable to do recursive copy with byte range")
    if not any(is_remote(x) for x in [*sources, destination]):
        plan(None, sources[0], destination, args.recursive)  # raises the usage error
    project = session.project()
    copies = [c for source in sources for c in plan(project, source, destination,
                                                    args.recursive)]
    for c in copies:
        if isinstance(c.source, RemotePath) and isinstance(c.destination, RemotePath) \
                and args.expires is not None:
            raise CliError("expiration time cannot be changed with server-side copy")
        if byte_range is not None and not (isinstance(c.source, RemotePath)
                                           and isinstance(c.destination, str)):
            raise CliError("--range applies to downloads only")
    if byte_range is not None:
        copies = [clamp_range(project, c, byte_range) for c in copies]
    for c in copies:
        if c.destination != STDIO:
            session.out(f"{_verb(c)} {c.source} to {c.destination}")
    if args.dry_run:
        return 0
    sizes = [c.size for c in copies]
    total = sum(s for s in sizes if s is not None) if all(s is not None for s in sizes) else None
    desc = (os.path.basename(str(copies[0].source)) or str(copies[0].source)) \
        if len(copies) == 1 else f"{len(copies)} files"
    enabled = want_progress(args.progress, session.stderr) and bool(copies)
    with TransferProgress(enabled, total, desc, session.stderr) as progress:
        def one(copy: Copy) -> None:
            run_copy(project, copy, stdout=session.stdout, part_size=args.part_size,
                     concurrency=args.parallelism, progress=progress.for_file(),
                     metadata=args.metadata, expires=args.expires)

        copy_many(copies, one, args.transfers, session)
    return 0


def clamp_range(project: Project, copy: Copy, byte_range: Tuple[int, int]) -> Copy:
    """The copy of one object's ``--range``; :class:`CliError` for a range past its end."""
    assert isinstance(copy.source, RemotePath)
    size = copy.size if copy.size is not None else _stat(project, copy.source).content_length
    offset, length = byte_range
    if offset < 0:
        offset, length = max(size + offset, 0), -1
    if (offset >= size and size > 0) or (size == 0 and offset > 0):
        raise CliError(f"invalid range: it starts at byte {offset}, past the end of "
                       f"{copy.source} ({size} bytes)")
    if length < 0 or offset + length > size:
        length = size - offset
    return Copy(copy.source, copy.destination, length, (offset, length))
