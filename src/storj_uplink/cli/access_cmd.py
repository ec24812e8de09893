"""``access``: create, import, export, inspect, list, use, remove, restrict, register, revoke.

The accesses are saved in ``access.json`` of the Go ``uplink`` CLI's config
directory (:mod:`storj_uplink.saved`), so both CLIs share them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, List, Tuple

from ..access import Access
from ..permission import SharePrefix
from .credentials import ask_secret, parse_grant_or_file
from .errors import CliError
from .flags import add_bool
from .inspect import GrantFormatError, inspect_grant
from .ls import format_table
from .paths import parse_remote
from .session import Session
from .share import add_permission_flags, apply_permissions, register_and_print

__all__ = ["add_parser"]


def _maker_flags(p: argparse.ArgumentParser) -> None:
    add_bool(p, "-f", "--force", help="overwrite an existing saved access")
    add_bool(p, "--use", help="make the saved access the default one")


def _save(session: Session, name: str, access: Access, args: argparse.Namespace) -> None:
    """Save ``access`` as ``name`` as the Go CLI's access maker does."""
    saved = session.saved()
    if name in saved.accesses and not args.force:
        raise CliError(f"Access {name!r} already exists. Overwrite by specifying --force or "
                       f"choose a new name.")
    saved.accesses[name] = access.serialize()
    if args.use or not saved.default:
        saved.default = name
    saved.save()
    session.out(f'Imported access "{name}" to "{saved.path}"')


def _export(session: Session, access: Access, filename: str) -> None:
    path = os.path.abspath(filename)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CliError(f"{path} exists already: not overwriting it") from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(access.serialize() + "\n")
    session.out(f"Exported access to: {path}")


def _ask(prompt: str, what: str) -> str:
    if not (callable(getattr(sys.stdin, "isatty", None)) and sys.stdin.isatty()):
        raise CliError(f"{what} is needed: pass it as a flag (there is no terminal to ask on)")
    sys.stdout.write(prompt + " ")
    sys.stdout.flush()
    return sys.stdin.readline().strip()


def run_create(args: argparse.Namespace, session: Session) -> int:
    """Request an access from a satellite with an API key and a passphrase."""
    if args.unencrypted_object_keys:
        raise CliError("--unencrypted-object-keys is not supported by storj-uplink")
    if args.passphrase_stdin and not (args.satellite_address and args.api_key):
        raise CliError("Must specify the satellite address and the api key as flags when "
                       "passphrase-stdin is set.")
    satellite = args.satellite_address or _ask("Satellite address:", "--satellite-address")
    api_key = args.api_key or _ask("API key:", "--api-key")
    if args.passphrase_stdin:
        passphrase = sys.stdin.read().rstrip("\r\n")
    else:
        passphrase = ask_secret("Passphrase: ", "the encryption passphrase")
        if ask_secret("Again: ", "the encryption passphrase") != passphrase:
            raise CliError("the passphrases did not match")
    if not passphrase:
        raise CliError("Encryption passphrase must be non-empty")
    session.add_secret(api_key)
    session.add_secret(passphrase)
    with Access.request(satellite, api_key, passphrase) as access:
        return _finish(session, access, args, args.import_as, args.export_to)


def _finish(session: Session, access: Access, args: argparse.Namespace, name: str,
            export_to: str) -> int:
    if name:
        _save(session, name, access, args)
    if export_to:
        _export(session, access, export_to)
    elif not name:
        session.out(access.serialize())
    return 0


def run_import(args: argparse.Namespace, session: Session) -> int:
    """Save a grant (or a file holding one) under a name."""
    if not args.name:
        raise CliError("Must specify a name to import the access as.")
    session.add_secret(args.access_value)
    with parse_grant_or_file(args.access_value, "the value given") as access:
        _save(session, args.name, access, args)
    return 0


def run_export(args: argparse.Namespace, session: Session) -> int:
    """Write a saved access to a new file (mode 0600)."""
    with session.open_access(args.name) as access:
        _export(session, access, args.filename)
    return 0


def run_inspect(args: argparse.Namespace, session: Session) -> int:
    """Print the satellite and the restrictions of an access (without its secrets)."""
    with session.open_access(args.access_value) as access:
        try:
            details = inspect_grant(access.serialize())
        except GrantFormatError as e:
            raise CliError(f"could not parse access: {e}") from None
    session.out(json.dumps(details, indent=2))
    return 0


def run_list(args: argparse.Namespace, session: Session) -> int:
    """The saved accesses, the default one marked ``*``."""
    saved = session.saved()
    if not saved.exists:
        raise CliError("No accesses configured. Use 'access import' or 'access create' to "
                       "create one")
    rows: List[Tuple[str, ...]] = [("CURRENT", "NAME", "SATELLITE")]
    for name in sorted(saved.accesses):
        address = "<access parse error>"
        try:
            with Access.parse(saved.accesses[name]) as access:
                address = access.satellite_address
        except Exception:
            pass
        if not args.verbose and "@" in address:
            address = address.split("@", 1)[1]
        rows.append(("*" if name == saved.default else " ", name, address))
    for line in format_table(rows):
        session.out(line)
    return 0


def run_use(args: argparse.Namespace, session: Session) -> int:
    """Make a saved access the default."""
    saved = session.saved()
    if args.name not in saved.accesses:
        raise CliError(f"access {args.name!r} does not exist. Use 'storj-uplink access list' "
                       f"to see existing accesses")
    saved.default = args.name
    saved.save()
    session.out(f'Switched default access to "{args.name}"')
    return 0


def run_remove(args: argparse.Namespace, session: Session) -> int:
    """Forget a saved access (not the default one)."""
    saved = session.saved()
    if args.name == saved.default:
        raise CliError("cannot delete current access")
    if args.name not in saved.accesses:
        raise CliError(f"unknown access: {args.name!r}")
    del saved.accesses[args.name]
    saved.save()
    session.out(f'Removed access "{args.name}" from "{saved.path}"')
    return 0


def run_restrict(args: argparse.Namespace, session: Session) -> int:
    """Print (or save, or export) a restricted copy of an access."""
    prefixes = []
    for text in args.prefix or []:
        where = parse_remote(text)
        prefixes.append(SharePrefix(where.bucket, where.key))
    restricted = apply_permissions(session.access(), args, prefixes)
    access = restricted or session.access()
    try:
        return _finish(session, access, args, args.import_as, args.export_to)
    finally:
        if restricted is not None:
            restricted.close()


def run_register(args: argparse.Namespace, session: Session) -> int:
    """Register an access with an auth service and print S3 credentials."""
    access = session.open_access(args.access_value) if args.access_value else session.access()
    try:
        register_and_print(session, access, args.auth_service, args.public, args.ca_cert,
                           args.format, args.aws_profile)
    finally:
        if args.access_value:
            access.close()
    return 0


def run_revoke(args: argparse.Namespace, session: Session) -> int:
    """Revoke an access (and everything derived from it) with the satellite."""
    with session.open_access(args.revokee) as revokee:
        session.project().revoke_access(revokee)
    shown = args.revokee if not session.is_secret(args.revokee) else "(the access given)"
    session.out(f"Revoked access {shown!r}")
    return 0


def _sub(group: Any, common: argparse.ArgumentParser, name: str, help_text: str,
         func: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = group.add_parser(name, parents=[common], help=help_text,
                                                  description=help_text + ".")
    p.set_defaults(func=func)
    return p


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``access`` and its subcommands."""
    top = commands.add_parser("access", parents=[common], help="access related commands",
                              description="Create, save, share and revoke access grants.")
    group = top.add_subparsers(title="commands", dest="access_command", metavar="COMMAND")
    top.set_defaults(func=None)

    p = _sub(group, common, "create", "Create an access from a satellite, API key and "
             "passphrase", run_create)
    add_bool(p, "--passphrase-stdin", help="read the passphrase from stdin (no prompts)")
    p.add_argument("--satellite-address", default="", help="the satellite (prompted if unset)")
    p.add_argument("--api-key", default="", help="the API key (prompted if unset)")
    p.add_argument("--import-as", default="", metavar="NAME", help="save the access as NAME")
    p.add_argument("--export-to", default="", metavar="PATH", help="write the access to PATH")
    add_bool(p, "--unencrypted-object-keys", default=None, help=argparse.SUPPRESS)
    _maker_flags(p)

    p = _sub(group, common, "import", "Import an existing access", run_import)
    _maker_flags(p)
    p.add_argument("name", help="the name to save the access as")
    p.add_argument("access_value", metavar="access|filename",
                   help="the serialized access, or a file holding it")

    p = _sub(group, common, "export", "Export an access to a file", run_export)
    p.add_argument("name", help="the name (or value) of the access to export")
    p.add_argument("filename", help="the file to create")

    p = _sub(group, common, "inspect", "Inspect shows details about an access", run_inspect)
    p.add_argument("access_value", nargs="?", default=None, metavar="access",
                   help="the access name or value (default: the current one)")

    p = _sub(group, common, "list", "List saved accesses", run_list)
    add_bool(p, "-v", "--verbose", help="show the full satellite node URL")

    p = _sub(group, common, "use", "Set default access to use", run_use)
    p.add_argument("name", help="the saved access to use by default")

    p = _sub(group, common, "remove", "Removes an access from local store", run_remove)
    p.add_argument("name", help="the saved access to forget")

    p = _sub(group, common, "restrict", "Restrict an access", run_restrict)
    p.add_argument("--import-as", default="", metavar="NAME", help="save the access as NAME")
    p.add_argument("--export-to", default="", metavar="PATH", help="write the access to PATH")
    p.add_argument("--prefix", action="append", metavar="sj://BUCKET[/PREFIX]",
                   help="restrict to this prefix (repeatable)")
    _maker_flags(p)
    add_permission_flags(p)

    p = _sub(group, common, "register", "Register an access grant for use with a hosted S3 "
             "compatible gateway and linksharing", run_register)
    p.add_argument("--auth-service", default="auth.storjshare.io:7777",
                   help="the auth service (insecure://HOST:PORT for an unencrypted one)")
    p.add_argument("--ca-cert", default="", help="PEM file of certificates to trust for it")
    add_bool(p, "--public", help="make the access public (for linksharing)")
    p.add_argument("--format", default="", choices=["", "env", "aws"],
                   help="output format: env or aws (default: plain text)")
    p.add_argument("--aws-profile", default="", help="with --format=aws, this profile")
    p.add_argument("access_value", nargs="?", default=None, metavar="access",
                   help="the access name or value (default: the current one)")

    p = _sub(group, common, "revoke", "Revoke an access", run_revoke)
    p.add_argument("revokee", help="the access (name or value) to revoke")
