"""``share``: print a new, restricted access grant for buckets or prefixes."""

from __future__ import annotations

import argparse
import re
from datetime import datetime, timedelta, timezone
from typing import Any, List, Optional

from ..permission import Permission, SharePrefix
from .errors import CliError
from .paths import parse_remote
from .session import Session

__all__ = ["add_parser", "run", "parse_time", "permission_for"]

_DESCRIPTION = """\
Derive a restricted access grant from the current one and print it on stdout
(keep it secret: it is a password). The grant works only below the given
locations and only for what the permission allows: --readonly (download and
list; the default), --writeonly (upload only) or --full (everything).

Times are ISO 8601 (2030-01-31, 2030-01-31T12:00:00Z, 2030-01-31T12:00+02:00;
without a zone: local time) or relative to now: +30m, +12h, +7d.
"""

_RELATIVE = re.compile(r"^\+(\d+)([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_time(text: str, now: Optional[datetime] = None) -> datetime:
    """An aware datetime from ISO 8601 (naive: local time) or ``+<n>[smhdw]`` from ``now``."""
    value = text.strip()
    m = _RELATIVE.match(value)
    if m:
        base = now if now is not None else datetime.now(timezone.utc)
        return base + timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
    if value[-1:] in ("Z", "z"):
        value = value[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid time {text!r}: use ISO 8601 (2030-01-31T12:00:00Z) or +30m/+12h/+7d"
        ) from None
    return when if when.tzinfo is not None else when.astimezone()


def permission_for(mode: str, not_before: Optional[datetime],
                   not_after: Optional[datetime]) -> Permission:
    """The :class:`Permission` for ``readonly``, ``writeonly`` or ``full``."""
    if not_before is not None and not_after is not None and not_after <= not_before:
        raise CliError("--not-after must be later than --not-before")
    makers = {"readonly": Permission.read_only, "writeonly": Permission.write_only,
              "full": Permission.full}
    return makers[mode](not_before=not_before, not_after=not_after)


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``share`` on the subcommand parsers."""
    p = commands.add_parser("share", parents=[common], help="print a restricted access grant",
                            description=_DESCRIPTION,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("locations", nargs="+", metavar="sj://BUCKET[/PREFIX]",
                   help="where the new grant works (one or more)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--readonly", dest="mode", action="store_const", const="readonly",
                      help="download and list only (the default)")
    mode.add_argument("--writeonly", dest="mode", action="store_const", const="writeonly",
                      help="upload only")
    mode.add_argument("--full", dest="mode", action="store_const", const="full",
                      help="every operation: download, upload, list and delete")
    p.add_argument("--not-before", type=parse_time, metavar="TIME",
                   help="the grant works only from this time")
    p.add_argument("--not-after", type=parse_time, metavar="TIME",
                   help="the grant stops working at this time")
    p.set_defaults(func=run, mode="readonly")


def run(args: argparse.Namespace, session: Session) -> int:
    """Print the new grant on stdout."""
    prefixes: List[SharePrefix] = []
    for text in args.locations:
        where = parse_remote(text)
        prefixes.append(SharePrefix(where.bucket, where.key))
    permission = permission_for(args.mode, args.not_before, args.not_after)
    with session.access().share(permission, *prefixes) as shared:
        session.out(shared.serialize())
    return 0
