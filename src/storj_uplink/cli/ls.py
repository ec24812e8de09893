"""``ls``: list buckets, or the objects under a bucket or prefix."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple

from ..errors import BucketNotFoundError
from .errors import CliError
from .flags import add_bool
from .paths import RemotePath, parse_remote
from .session import Session
from .transfers import not_found

__all__ = ["add_parser", "run", "format_time", "object_rows", "format_table", "ls_entry"]

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
    add_bool(p, "-r", "--recursive", help="list every object below the location, not just one "
                                           "level")
    add_bool(p, "-a", "--all-versions", help="list every version of the objects (versioned "
                                              "buckets)")
    add_bool(p, "--pending", help="list pending (unfinished multipart) uploads instead")
    add_bool(p, "-x", "--expanded", help="also show expiration times and the size of the "
                                         "custom metadata")
    add_bool(p, "--utc", help="show times in UTC instead of local time")
    add_bool(p, "--encrypted", help="show encrypted keys (not supported by storj-uplink)")
    p.add_argument("-o", "--output", default="tabbed", metavar="FORMAT",
                   help="output format: tabbed (default) or json (one object per line)")
    p.set_defaults(func=run)


def format_time(when: Optional[datetime], utc: bool = True) -> str:
    """``YYYY-MM-DD HH:MM:SS`` in UTC (or local time), or blanks for no time."""
    if when is None:
        return ""
    return (when if utc else when.astimezone()).strftime("%Y-%m-%d %H:%M:%S")


def format_table(rows: List[Tuple[str, ...]]) -> List[str]:
    """Rows as the Go CLI's tabbed columns: each padded to its widest cell + 4 (the last
    column is not padded)."""
    if not rows:
        return []
    widths = [max(4, max(len(r[i]) for r in rows) + 4) for i in range(len(rows[0]) - 1)]
    return ["".join([c.ljust(w) for c, w in zip(r, widths)] + [r[-1]]).rstrip() for r in rows]


def ls_entry(obj: Any, name: str, args: argparse.Namespace) -> Dict[str, Any]:
    """One listed entry as the Go CLI's JSON fields (``kind`` PRE, MKR or OBJ)."""
    utc = args.utc
    if obj.is_prefix:
        return {"kind": "PRE", "key": name}
    entry: Dict[str, Any] = {"kind": "MKR" if getattr(obj, "is_delete_marker", False)
                             else "OBJ", "created": format_time(obj.created, utc)}
    if entry["kind"] == "OBJ":
        entry["size"] = obj.content_length
    entry["key"] = name
    if args.all_versions and getattr(obj, "version", None):
        entry["versionId"] = obj.version
    if entry["kind"] == "OBJ":
        if obj.expires is not None:
            entry["expires"] = format_time(obj.expires, utc)
        meta = sum(len(k) + len(v) for k, v in (obj.metadata or {}).items())
        if meta:
            entry["meta"] = meta
    return entry


def object_rows(entries: List[Dict[str, Any]], args: argparse.Namespace) -> List[Tuple[str, ...]]:
    """The tabbed rows (header first) of listed entries, columns as the Go CLI's."""
    header = ["KIND", "CREATED", "SIZE", "KEY"]
    if args.all_versions:
        header.append("VERSION ID")
    if args.expanded:
        header += ["EXPIRES", "META"]
    rows: List[Tuple[str, ...]] = [tuple(header)]
    for e in entries:
        row = [e["kind"], e.get("created", ""), str(e.get("size", "")), e["key"]]
        if args.all_versions:
            row.append(e.get("versionId", ""))
        if args.expanded:
            row += [e.get("expires", ""), str(e.get("meta", 0)) if e["kind"] == "OBJ" else ""]
        rows.append(tuple(row))
    return rows


def _print(session: Session, rows: List[Tuple[str, ...]], entries: List[Dict[str, Any]],
           args: argparse.Namespace) -> None:
    if args.output == "json":
        for e in entries:
            session.out(json.dumps(e, separators=(",", ":")))
    elif entries:
        for line in format_table(rows):
            session.out(line)


def _list_buckets(session: Session, args: argparse.Namespace) -> int:
    buckets = sorted(session.project().list_buckets(), key=lambda b: b.name)
    if args.output == "json":
        for b in buckets:
            session.out(json.dumps({"Name": b.name, "Created": b.created.isoformat()
                                    if b.created else None}, separators=(",", ":")))
        return 0
    rows: List[Tuple[str, ...]] = [("CREATED", "NAME")]
    rows.extend((format_time(b.created, args.utc), b.name) for b in buckets)
    if buckets:
        for line in format_table(rows):
            session.out(line)
    return 0


def run(args: argparse.Namespace, session: Session) -> int:
    """List buckets or objects; exit status 0 (a prefix with nothing under it is not an error)."""
    if args.output not in ("tabbed", "json"):
        raise CliError(f"unknown output format, got {args.output}")
    if args.encrypted:
        raise CliError("--encrypted is not supported by storj-uplink (uplink-c cannot bypass "
                       "object key encryption)")
    if args.pending and args.all_versions:
        raise CliError("--pending and --all-versions cannot go together")
    where = parse_remote(args.location, allow_root=True) if args.location else RemotePath("")
    if not where.bucket:
        return _list_buckets(session, args)
    project = session.project()
    if where.is_prefix:
        listing_prefix, name_start = where.key, ""
    else:
        listing_prefix, _, name_start = where.key.rpartition("/")
        listing_prefix = listing_prefix + "/" if listing_prefix else ""
    lister: Any = project.list_objects
    if args.all_versions:
        lister = project.list_object_versions
    elif args.pending:
        lister = project.list_uploads
    try:  # a missing bucket is an error; a prefix with nothing below it is not
        found = [o for o in lister(where.bucket, listing_prefix, recursive=args.recursive,
                                   custom=args.expanded)
                 if o.key.startswith(listing_prefix + name_start) and o.key != listing_prefix]
    except BucketNotFoundError as e:
        raise not_found(e, where) from None
    if not args.all_versions:
        found.sort(key=lambda o: o.key)
    strip = "" if args.recursive else listing_prefix
    entries = [ls_entry(o, o.key[len(strip):] if o.key.startswith(strip) else o.key, args)
               for o in found]
    _print(session, object_rows(entries, args), entries, args)
    return 0
