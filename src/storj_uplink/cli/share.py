"""``share``: a restricted access grant for buckets or prefixes, optionally a public URL."""

from __future__ import annotations

import argparse
import os
from datetime import datetime, timedelta
from typing import Any, List, Optional

from ..access import Access
from ..edge import STORJSHARE_LINKSHARING_URL, join_share_url, register_access
from ..permission import Permission, SharePrefix
from .errors import CliError
from .flags import add_bool, parse_go_duration, parse_human_date
from .paths import parse_remote
from .session import Session

__all__ = ["add_parser", "run", "parse_time", "permission_for", "add_permission_flags",
           "apply_permissions", "register_and_print", "auth_service_address"]

_DESCRIPTION = """\
Derive a restricted access grant from the current one (--access) and print it
with its restrictions (keep it secret: it is a password). It works only below
the given locations and only for what is allowed: by default --readonly
(download and list); --readonly=false allows everything; --writeonly allows
upload and delete only; --disallow-* removes single operations.

Times: +2h, +7d, now, none, 2030-01-02T15:04:05Z or 2030-01-02 (local time).
With --register (implied by --url, --dns and --public) the grant is registered
with the auth service for S3 credentials; --url also prints a linksharing URL.
"""

DEFAULT_AUTH_SERVICE = "https://auth.storjshare.io"


def parse_time(text: str, now: Optional[datetime] = None) -> datetime:
    """An aware datetime from the Go CLI's time syntax (``none`` is refused here)."""
    when = parse_human_date(text, now)
    if when is None:
        raise argparse.ArgumentTypeError(f"invalid time {text!r}")
    return when


def _not_before(text: str) -> Optional[datetime]:
    return parse_human_date(text)


def _not_after(text: str) -> Optional[datetime]:
    return parse_human_date(text, round_up=True)


def _ttl(text: str) -> timedelta:
    value = parse_go_duration(text)
    if value.total_seconds() < 1:
        raise argparse.ArgumentTypeError("--max-object-ttl must be at least 1s")
    return timedelta(seconds=int(value.total_seconds()))


def add_permission_flags(p: argparse.ArgumentParser) -> None:
    """The Go CLI's permission flags (``share`` and ``access restrict``)."""
    add_bool(p, "--readonly", default=None,
             help="implies --disallow-writes and --disallow-deletes (default true, false "
                  "with --writeonly)")
    add_bool(p, "--writeonly", help="implies --disallow-reads and --disallow-lists")
    p.add_argument("--full", dest="readonly", action="store_const", const=False,
                   help="allow every operation (same as --readonly=false)")
    for what in ("deletes", "lists", "reads", "writes"):
        add_bool(p, f"--disallow-{what}", default=None, help=f"disallow {what} with the access")
    p.add_argument("--not-before", type=_not_before, metavar="TIME", default=None,
                   help="disallow access before this time (+2h, now, 2030-01-02T15:04:05Z, none)")
    p.add_argument("--not-after", type=_not_after, metavar="TIME", default=None,
                   help="disallow access after this time (+2h, now, 2030-01-02T15:04:05Z, none)")
    p.add_argument("--max-object-ttl", type=_ttl, metavar="PERIOD", default=None,
                   help="objects uploaded with the access expire after this period (1h30m, 720h)")


def _allowed(args: argparse.Namespace) -> dict[str, bool]:
    def pick(flag: Optional[bool], implied: bool) -> bool:
        return not (flag if flag is not None else implied)
    # The Go CLI's --readonly defaults to true even with --writeonly, which then allows
    # nothing and fails; here --writeonly alone means what it says.
    readonly = args.readonly if args.readonly is not None else not args.writeonly
    return {"download": pick(args.disallow_reads, args.writeonly),
            "upload": pick(args.disallow_writes, readonly),
            "list": pick(args.disallow_lists, args.writeonly),
            "delete": pick(args.disallow_deletes, readonly)}


def permission_for(args: argparse.Namespace) -> Permission:
    """The :class:`Permission` the flags describe."""
    if args.not_before is not None and args.not_after is not None \
            and args.not_after <= args.not_before:
        raise CliError("--not-after must be later than --not-before")
    a = _allowed(args)
    return Permission(allow_download=a["download"], allow_upload=a["upload"],
                      allow_list=a["list"], allow_delete=a["delete"],
                      not_before=args.not_before, not_after=args.not_after,
                      max_object_ttl=args.max_object_ttl)


def apply_permissions(access: Access, args: argparse.Namespace,
                      prefixes: List[SharePrefix]) -> Optional[Access]:
    """The restricted access, or None when nothing restricts it (as the Go CLI skips it)."""
    permission = permission_for(args)
    if permission == Permission.full() and not prefixes:
        return None
    if not any(permission.flags().values()):
        raise CliError("the access would allow nothing: drop some --disallow-* flags")
    return access.share(permission, *prefixes)


def auth_service_address(url: str) -> tuple[str, bool]:
    """``host:port`` and whether the connection is unencrypted, from ``--auth-service``."""
    insecure = url.startswith("insecure://")
    address = url[len("insecure://"):] if insecure else url
    address = address[len("https://"):] if address.startswith("https://") else address
    address = address.rstrip("/")
    if not address:
        raise CliError("no auth service address provided")
    if ":" not in address:
        address += ":7777"
    return address, insecure


def register_and_print(session: Session, access: Access, auth_service: str, public: bool,
                       ca_cert: Optional[str], fmt: str = "", aws_profile: str = "") -> str:
    """Register ``access`` with the auth service, print the credentials; the access key id."""
    address, insecure = auth_service_address(auth_service)
    pem: Optional[bytes] = None
    if ca_cert:
        try:
            with open(ca_cert, "rb") as f:
                pem = f.read()
        except OSError as e:
            raise CliError(f"can't read certificate file: {e.strerror or e}") from None
    try:
        creds = register_access(access, address, public=public, certificate_pem=pem,
                                insecure_unencrypted_connection=insecure)
    except Exception as e:
        raise CliError(f"registering the access with the auth service {address} failed: "
                       f"{e}") from None
    if fmt == "env":
        session.out(f"AWS_ACCESS_KEY_ID={creds.access_key_id}")
        session.out(f"AWS_SECRET_ACCESS_KEY={creds.secret_key}")
        session.out(f"AWS_ENDPOINT={creds.endpoint}")
    elif fmt == "aws":
        profile = f" --profile {aws_profile}" if aws_profile else ""
        session.out(f"aws configure {profile} set aws_access_key_id {creds.access_key_id}")
        session.out(f"aws configure {profile} set aws_secret_access_key {creds.secret_key}")
        session.out(f"aws configure {profile} set s3.endpoint_url {creds.endpoint}")
    else:
        session.out("========== GATEWAY CREDENTIALS " + "=" * 59)
        session.out(f"Access Key ID: {creds.access_key_id}")
        session.out(f"Secret Key   : {creds.secret_key}")
        session.out(f"Endpoint     : {creds.endpoint}")
    return creds.access_key_id


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``share`` on the subcommand parsers."""
    p = commands.add_parser("share", parents=[common], help="share restricted accesses to objects",
                            description=_DESCRIPTION,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("locations", nargs="+", metavar="sj://BUCKET[/PREFIX]",
                   help="where the new grant works (one or more)")
    p.add_argument("--export-to", metavar="PATH", help="also write the shared access to this file")
    p.add_argument("--base-url", default=STORJSHARE_LINKSHARING_URL,
                   help=f"the base URL for link sharing (default {STORJSHARE_LINKSHARING_URL})")
    add_bool(p, "--register", help="register the access with the auth service (S3 credentials)")
    add_bool(p, "--url", help="print a linksharing URL (implies --register and --public)")
    p.add_argument("--dns", default="", metavar="DOMAIN",
                   help="print DNS records to host DOMAIN (implies --register and --public)")
    add_bool(p, "--tls", help="with --dns, also a TXT record to secure the domain")
    p.add_argument("--auth-service", default=DEFAULT_AUTH_SERVICE,
                   help=f"the auth service (default {DEFAULT_AUTH_SERVICE}; insecure://HOST:PORT "
                        f"for an unencrypted one)")
    p.add_argument("--ca-cert", default="", help=argparse.SUPPRESS)
    add_bool(p, "--public", help="make the registered access public (--url and --dns imply it)")
    add_permission_flags(p)
    p.set_defaults(func=run)


def go_duration(value: timedelta) -> str:
    """A duration as Go prints one: ``1h30m0s``, ``5m0s``, ``42s``."""
    total = int(value.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{seconds}s"
    return f"{minutes}m{seconds}s" if minutes else f"{seconds}s"


def _format_time(when: Optional[datetime]) -> str:
    return "No restriction" if when is None else when.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _print_restrictions(session: Session, shared: Access, args: argparse.Namespace,
                        prefixes: List[SharePrefix]) -> None:
    a = _allowed(args)
    word = {True: "Allowed", False: "Disallowed"}
    ttl = args.max_object_ttl
    paths = [f"sj://{p.bucket}/{p.prefix}" if p.prefix else f"sj://{p.bucket}/ (entire bucket)"
             for p in prefixes]
    session.out(f"Sharing access to satellite {shared.satellite_address}")
    session.out("=========== ACCESS RESTRICTIONS " + "=" * 58)
    session.out(f"Download     : {word[a['download']]}")
    session.out(f"Upload       : {word[a['upload']]}")
    session.out(f"Lists        : {word[a['list']]}")
    session.out(f"Deletes      : {word[a['delete']]}")
    session.out(f"NotBefore    : {_format_time(args.not_before)}")
    session.out(f"NotAfter     : {_format_time(args.not_after)}")
    session.out(f"MaxObjectTTL : {go_duration(ttl) if ttl is not None else 'Not set'}")
    session.out("Paths        : " + "\n               ".join(paths))
    session.out("=========== SERIALIZED ACCESS WITH THE ABOVE RESTRICTIONS TO SHARE WITH OTHERS "
                "===========")
    session.out(f"Access       : {shared.serialize()}")


def run(args: argparse.Namespace, session: Session) -> int:
    """Print the restricted grant (and credentials, URL, DNS records when asked)."""
    prefixes = []
    for text in args.locations:
        where = parse_remote(text)
        prefixes.append(SharePrefix(where.bucket, where.key))
    if args.tls and not args.dns:
        raise CliError("you must specify your custom domain with --dns")
    public = args.public or args.url or bool(args.dns) or args.tls
    register = args.register or public
    not_after_given = any(a.startswith("--not-after") for a in session.argv)
    if public and not not_after_given:
        session.out("It's not recommended to create a shared Access without an expiration date.")
        session.out("If you wish to do so anyway, please run this command with --not-after=none.")
        return 0
    read_only = not (_allowed(args)["upload"] or _allowed(args)["delete"])
    if (args.url or args.dns) and not read_only:
        raise CliError("will only generate linksharing URL with readonly restrictions")
    shared = apply_permissions(session.access(), args, prefixes) or session.access()
    try:
        _print_restrictions(session, shared, args, prefixes)
        if register:
            key_id = register_and_print(session, shared, args.auth_service, public,
                                        args.ca_cert)
            session.out(f"Public Access: {str(public).lower()}")
            first = prefixes[0]
            if args.url:
                url = join_share_url(args.base_url, key_id, first.bucket, first.prefix)
                session.out("=========== BROWSER URL " + "=" * 66)
                if first.prefix and not first.prefix.endswith("/"):
                    session.out("REMINDER  : Object key must end in '/' when trying to share "
                                "a prefix")
                session.out(f"URL       : {url}")
            if args.dns:
                _print_dns(session, key_id, first, args.base_url, args.dns, args.tls)
        if args.export_to:
            path = os.path.abspath(args.export_to)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(shared.serialize() + "\n")
            session.out(f"Exported to: {path}")
    finally:
        if shared is not session.access():
            shared.close()
    return 0


def _print_dns(session: Session, key_id: str, first: SharePrefix, base_url: str, dns: str,
               tls: bool) -> None:
    host = base_url.split("://", 1)[-1].split("/", 1)[0]
    root = f"{first.bucket}/{first.prefix}" if first.prefix else first.bucket
    session.out("=========== DNS INFO " + "=" * 69)
    session.out("Remember to update the $ORIGIN with your domain name. You may also change "
                "the $TTL.")
    session.out("$ORIGIN example.com.")
    session.out("$TTL    3600")
    session.out(f"{dns}    \tIN\tCNAME\t{host}.")
    session.out(f"txt-{dns}\tIN\tTXT  \tstorj-root:{root}")
    session.out(f"txt-{dns}\tIN\tTXT  \tstorj-access:{key_id}")
    if tls:
        session.out(f"txt-{dns}\tIN\tTXT  \tstorj-tls:true")
