"""``meta get``: an object's custom metadata, as JSON or one entry."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import BucketNotFoundError, ObjectNotFoundError
from .errors import CliError
from .paths import parse_remote
from .session import Session
from .transfers import not_found

__all__ = ["add_parser", "run_get"]


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``meta`` (with ``get``)."""
    top = commands.add_parser("meta", parents=[common], help="object metadata related commands",
                              description="Read the custom metadata of objects.")
    group = top.add_subparsers(title="commands", dest="meta_command", metavar="COMMAND")
    top.set_defaults(func=None)
    p = group.add_parser("get", parents=[common], help="get an object's metadata",
                         description="Print the custom metadata of sj://BUCKET/KEY as JSON, "
                                     "or the value of one ENTRY.")
    p.add_argument("location", metavar="sj://BUCKET/KEY", help="the object")
    p.add_argument("entry", nargs="?", default=None, help="the metadata entry to print")
    p.set_defaults(func=run_get)


def run_get(args: argparse.Namespace, session: Session) -> int:
    """Print the metadata (or one entry); exit status 1 for a missing entry."""
    where = parse_remote(args.location)
    if where.is_prefix:
        raise CliError(f"{where} is not an object: expected sj://BUCKET/KEY")
    try:
        info = session.project().stat_object(where.bucket, where.key)
    except (BucketNotFoundError, ObjectNotFoundError) as e:
        raise not_found(e, where) from None
    custom = dict(info.metadata or {})
    if args.entry is not None:
        if args.entry not in custom:
            raise CliError(f"entry {args.entry!r} does not exist")
        session.out(custom[args.entry])
        return 0
    session.out(json.dumps(custom, indent=2, sort_keys=True, ensure_ascii=False)
                if custom else "{}")
    return 0
