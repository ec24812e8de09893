"""Flags as the Go ``uplink`` CLI takes them: ``--flag``, ``--flag=true``, ``--flag=false``."""

from __future__ import annotations

import argparse
import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Optional

__all__ = ["add_bool", "GO_TRUE", "GO_FALSE", "parse_go_duration", "parse_human_date",
           "parse_metadata", "positive"]

#: The spellings Go's strconv.ParseBool accepts.
GO_TRUE = ("1", "t", "T", "TRUE", "true", "True")
GO_FALSE = ("0", "f", "F", "FALSE", "false", "False")


def add_bool(parser: argparse.ArgumentParser, *names: str, help: str,
             default: Optional[bool] = False, dest: Optional[str] = None) -> None:
    """A boolean flag: ``--name`` sets it, ``--name=false`` (any Go spelling) clears it."""
    extra: Dict[str, Any] = {"dest": dest} if dest else {}
    action = parser.add_argument(*names, action="store_true", default=default, help=help,
                                 **extra)
    long = next(n for n in names if n.startswith("--"))
    parser.add_argument(*[f"{long}={v}" for v in GO_TRUE], dest=action.dest,
                        action="store_const", const=True, help=argparse.SUPPRESS)
    parser.add_argument(*[f"{long}={v}" for v in GO_FALSE], dest=action.dest,
                        action="store_const", const=False, help=argparse.SUPPRESS)


def positive(what: str) -> Any:
    """An argparse type: an integer of at least 1 (Go's message otherwise)."""
    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid number {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{what} must be at least 1")
        return value
    return convert


_GO_UNIT = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_GO_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")


def parse_go_duration(text: str) -> timedelta:
    """A duration as Go's ``time.ParseDuration`` reads it (``1h30m``, ``720h``, ``-5m``)."""
    value = text.strip()
    sign = -1.0 if value.startswith("-") else 1.0
    body = value.lstrip("+-")
    if body == "0":
        return timedelta(0)
    pos, seconds = 0, 0.0
    while pos < len(body):
        m = _GO_PART.match(body, pos)
        if m is None:
            raise argparse.ArgumentTypeError(f"invalid duration {text!r} (examples: 1h30m, 24h)")
        seconds += float(m.group(1)) * _GO_UNIT[m.group(2)]
        pos = m.end()
    if not body:
        raise argparse.ArgumentTypeError(f"invalid duration {text!r} (examples: 1h30m, 24h)")
    return timedelta(seconds=sign * seconds)


_DAYS = re.compile(r"^([+-])(\d+)d$")


def parse_human_date(text: str, now: Optional[datetime] = None,
                     round_up: bool = False) -> Optional[datetime]:
    """A time as the Go CLI reads ``--expires``/``--not-before``/``--not-after``.

    ``none`` (no time), ``now``, ``+2h``/``-30m``/``+7d`` from now, RFC 3339
    (``2030-01-02T15:04:05Z``), or local ``2030-01-02[T15:04[:05]]`` (with
    ``round_up``, the end of that day/minute/second, as ``--not-after`` does).
    """
    value = text.strip()
    base = now if now is not None else datetime.now(timezone.utc)
    if value in ("", "none"):
        return None
    if value == "now":
        return base
    if value[0] in "+-":
        m = _DAYS.match(value)
        if m:
            days = int(m.group(2)) * (-1 if m.group(1) == "-" else 1)
            return base + timedelta(days=days)
        return base + parse_go_duration(value)
    iso = value[:-1] + "+00:00" if value[-1:] in "Zz" else value
    for fmt, step in (("%Y-%m-%dT%H:%M:%S", timedelta(seconds=1)),
                      ("%Y-%m-%dT%H:%M", timedelta(minutes=1)),
                      ("%Y-%m-%d", timedelta(days=1))):
        try:
            local = datetime.strptime(value, fmt).astimezone()
        except ValueError:
            continue
        return local + step - timedelta(microseconds=1) if round_up else local
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        try:
            return base + parse_go_duration(value)
        except argparse.ArgumentTypeError:
            raise argparse.ArgumentTypeError(
                f"invalid time {text!r}: use +2h, +7d, now, none or 2030-01-02T15:04:05Z"
            ) from None
    return when if when.tzinfo is not None else when.astimezone()


def parse_metadata(text: str) -> Dict[str, str]:
    """``--metadata``: a single-level JSON object of strings (the Go CLI's format)."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not valid JSON ({e})") from None
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise argparse.ArgumentTypeError(
            'expected a single-level JSON object of strings, like {"color": "blue"}')
    return value
