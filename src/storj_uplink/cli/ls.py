"""``ls``: list buckets, or the objects under a bucket or prefix."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any, List, Optional, Tuple

from ..errors import BucketNotFoundError
from ..info import ObjectInfo
from .paths import RemotePath, parse_remote
from .session import Session
from .transfers import not_found

__all__ = ["add_parser", "run", "format_time", "object_rows", "version_rows", "format_table"]

_HELP = "list buckets, or the objects of a bucket or prefix"
_DESCRIPTION = """\
Without a location (or with sj://), list the buckets. With sj://BUCKET or
sj://BUCKET/PREFIX/, list what is there one level deep, prefixes ("directories")
marked PRE; with --recursive, every object below, with full keys.
sj://BUCKET/NAME (no trailing slash) lists the entries whose names start with NAME.
With --all-versions, every version of each object (delete markers as DEL),
with its VERSION id (for rm --version-id) and LATEST marked.
"""


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``ls`` on the subcommand parsers."""
    p = commands.add_parser("ls", parents=[common], help=_HELP, description=_DESCRIPTION,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("location", nargs="?", default=None, metavar="sj://BUCKET[/PREFIX]",
                   help="what to list (default: the buckets)")
    p.add_argument("-r", "--recursive", action="store_true",
                   help="list every object below the location, not just one level")
    p.add_argument("--all-versions", action="store_true",
                   help="list every version of the objects (versioned buckets)")
    p.set_defaults(func=run)


def format_time(when: Optional[datetime]) -> str:
    """``YYYY-MM-DD HH:MM:SS`` in UTC, or blanks for no time."""
    return when.strftime("%Y-%m-%d %H:%M:%S") if when is not None else ""


def format_table(rows: List[Tuple[str, ...]]) -> List[str]:
    """Rows as left-aligned columns (the last column is not padded)."""
    if not rows:
        return []
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join([c.ljust(w) for c, w in zip(r, widths)] + [r[-1]]).rstrip() for r in rows]


def object_rows(objects: List[ObjectInfo], strip: str) -> List[Tuple[str, str, str, str]]:
    """``(KIND, CREATED, SIZE, KEY)`` rows, keys without the leading ``strip``, sorted by key."""
    rows = []
    for obj in sorted(objects, key=lambda o: o.key):
        name = obj.key[len(strip):] if obj.key.startswith(strip) else obj.key
        if obj.is_prefix:
            rows.append(("PRE", "", "", name))
        else:
            rows.append(("OBJ", format_time(obj.created), str(obj.content_length), name))
    return rows


def version_rows(objects: List[ObjectInfo], strip: str) -> List[Tuple[str, ...]]:
    """``(KIND, CREATED, SIZE, VERSION, LATEST, KEY)`` rows, in the listing's order
    (versions of a key newest first); delete markers are ``DEL``."""
    rows: List[Tuple[str, ...]] = []
    for obj in objects:
        name = obj.key[len(strip):] if obj.key.startswith(strip) else obj.key
        if obj.is_prefix:
            rows.append(("PRE", "", "", "", "", name))
            continue
        kind = "DEL" if obj.is_delete_marker else "OBJ"
        size = "" if obj.is_delete_marker else str(obj.content_length)
        rows.append((kind, format_time(obj.created), size, obj.version or "",
                     "*" if obj.is_latest else "", name))
    return rows


def _list_buckets(session: Session) -> int:
    rows: List[Tuple[str, ...]] = [("CREATED", "NAME")]
    buckets = sorted(session.project().list_buckets(), key=lambda b: b.name)
    rows.extend((format_time(b.created), b.name) for b in buckets)
    for line in format_table(rows):
        session.out(line)
    return 0


def run(args: argparse.Namespace, session: Session) -> int:
    """List buckets or objects; exit status 0 (a prefix with nothing under it is not an error)."""
    where = parse_remote(args.location, allow_root=True) if args.location else RemotePath("")
    if not where.bucket:
        return _list_buckets(session)
    project = session.project()
    if where.is_prefix:
        listing_prefix, name_start = where.key, ""
    else:
        listing_prefix, _, name_start = where.key.rpartition("/")
        listing_prefix = listing_prefix + "/" if listing_prefix else ""
    lister = project.list_object_versions if args.all_versions else project.list_objects
    try:  # a missing bucket is an error; a prefix with nothing below it is not
        found = [o for o in lister(where.bucket, listing_prefix, recursive=args.recursive)
                 if o.key.startswith(listing_prefix + name_start) and o.key != listing_prefix]
    except BucketNotFoundError as e:
        raise not_found(e, where) from None
    strip = "" if args.recursive else listing_prefix
    rows: List[Tuple[str, ...]]
    if args.all_versions:
        rows = [("KIND", "CREATED", "SIZE", "VERSION", "LATEST", "KEY")]
        rows.extend(version_rows(found, strip))
    else:
        rows = [("KIND", "CREATED", "SIZE", "KEY")]
        rows.extend(object_rows(found, strip))
    for line in format_table(rows):
        session.out(line)
    return 0
