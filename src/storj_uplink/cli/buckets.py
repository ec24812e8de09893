"""``mb`` and ``rb``: make and remove buckets."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import BucketAlreadyExistsError, BucketNotEmptyError, BucketNotFoundError
from .errors import CliError
from .flags import add_bool
from .paths import RemotePath, parse_remote
from .session import Session

__all__ = ["add_parsers", "run_mb", "run_rb", "bucket_location"]


def add_parsers(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``mb`` and ``rb`` on the subcommand parsers."""
    mb = commands.add_parser("mb", parents=[common], help="make a bucket",
                             description="Create the bucket sj://BUCKET.")
    mb.add_argument("location", metavar="sj://BUCKET", help="the bucket to create")
    mb.set_defaults(func=run_mb)
    rb = commands.add_parser("rb", parents=[common], help="remove a bucket",
                             description="Delete the bucket sj://BUCKET, which must be empty "
                                         "unless --force is given.")
    rb.add_argument("location", metavar="sj://BUCKET", help="the bucket to delete")
    add_bool(rb, "-f", "--force", help="delete the bucket with all its objects")
    add_bool(rb, "--bypass-governance-retention",
             help="with --force, also delete objects under governance retention (needs the "
                  "permission)")
    rb.set_defaults(func=run_rb)


def bucket_location(text: str) -> RemotePath:
    """``sj://BUCKET`` (a trailing slash is fine); :class:`CliError` for anything with a key."""
    where = parse_remote(text)
    if not where.is_bucket:
        raise CliError(f"{text} is not a bucket: expected sj://BUCKET")
    return where


def run_mb(args: argparse.Namespace, session: Session) -> int:
    """Create the bucket (printing nothing); exit status 1 if it exists already."""
    where = bucket_location(args.location)
    try:
        session.project().create_bucket(where.bucket)
    except BucketAlreadyExistsError:
        raise CliError(f"bucket already exists: {where}") from None
    return 0  # silent on success, as the Go CLI


def run_rb(args: argparse.Namespace, session: Session) -> int:
    """Delete the bucket (with its objects under ``--force``)."""
    where = bucket_location(args.location)
    if args.bypass_governance_retention and not args.force:
        raise CliError("--bypass-governance-retention needs --force (it deletes the objects)")
    try:
        session.project().delete_bucket(where.bucket, with_objects=args.force,
                                        bypass_governance=args.bypass_governance_retention)
    except BucketNotFoundError:
        raise CliError(f"bucket not found: {where}") from None
    except BucketNotEmptyError:
        raise CliError(f"bucket not empty: {where} (use --force to delete it with its "
                       f"objects)") from None
    session.out(f'Bucket "{where.bucket}" has been deleted.')
    return 0
