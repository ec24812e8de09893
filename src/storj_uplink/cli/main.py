"""The ``storj-uplink`` entry point: the argument parser and the dispatch to the commands."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, List, NoReturn, Optional, Sequence

from .. import UPLINK_C_API_VERSION, __version__
from . import access_cmd, buckets, cp, ls, meta, mv, rm, share
from .credentials import may_be_grant
from .errors import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    CliError,
    debug_traceback,
    error_line,
    redact,
)
from .session import Session, env_secrets

__all__ = ["main", "build_parser", "UsageError", "PROG"]

#: The program name shown in usage lines.
PROG = "storj-uplink"

_DESCRIPTION = """\
Work with Storj decentralized object storage: list, copy, move and delete
objects, make and remove buckets, save and share accesses. Commands and flags
follow the Go uplink CLI, and the saved accesses are shared with it.

The access comes from --access (a saved access name, a grant, or a file
holding one), else STORJ_ACCESS, else UPLINK_ACCESS (read as --access), else
the default saved access (access.json in --config-dir, UPLINK_CONFIG_DIR, or
~/.config/storj/uplink on Linux), else STORJ_SATELLITE + STORJ_API_KEY +
STORJ_PASSPHRASE. Exit status: 0 on success, 1 on any failure.
"""


class UsageError(Exception):
    """A command line argparse refused: the usage text and the message."""

    def __init__(self, usage: str, message: str) -> None:
        super().__init__(message)
        self.usage = usage
        self.message = message


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises :class:`UsageError` instead of printing and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(self.format_usage(), message)


def _version() -> str:
    from .._native.core import GO_UPLINK_VERSION as STORJ_UPLINK_GO_VERSION

    return (f"{PROG} {__version__} (uplink-c API {UPLINK_C_API_VERSION}, "
            f"storj.io/uplink {STORJ_UPLINK_GO_VERSION})")


def _run_version(args: argparse.Namespace, session: Session) -> int:
    session.out(_version())
    return 0


def _add_version(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("version", parents=[common], help="print version information",
                            description="Print version information.")
    p.set_defaults(func=_run_version)


def _common_options(suppress: bool) -> argparse.ArgumentParser:
    # The options every command takes, before or after the command name. Inside
    # the commands their defaults are suppressed so they never override a value
    # given before the command.
    p = argparse.ArgumentParser(add_help=False)
    default = argparse.SUPPRESS if suppress else None
    p.add_argument("--access", metavar="NAME_OR_GRANT", default=default,
                   help="a saved access name, an access grant, or a file holding one "
                        "(default: STORJ_ACCESS, UPLINK_ACCESS, the default saved access)")
    p.add_argument("--config-dir", metavar="DIR", default=default,
                   help="the directory of access.json (default: UPLINK_CONFIG_DIR, else "
                        "the Go uplink CLI's, e.g. ~/.config/storj/uplink)")
    p.add_argument("--debug", action="store_true",
                   default=argparse.SUPPRESS if suppress else False,
                   help="print a traceback when a command fails")
    return p


def build_parser() -> argparse.ArgumentParser:
    """The ``storj-uplink`` argument parser (one subcommand per command)."""
    parser = _Parser(prog=PROG, description=_DESCRIPTION, parents=[_common_options(False)],
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    common = _common_options(True)
    ls.add_parser(commands, common)
    cp.add_parser(commands, common)
    rm.add_parser(commands, common)
    buckets.add_parsers(commands, common)
    share.add_parser(commands, common)
    mv.add_parser(commands, common)
    meta.add_parser(commands, common)
    access_cmd.add_parser(commands, common)
    _add_version(commands, common)
    parser.set_defaults(func=None)
    return parser


def _flag_values(argv: Sequence[str], flag: str) -> List[str]:
    """The values given to ``flag`` in argv (``--flag V`` and ``--flag=V``), for redaction."""
    values = []
    for i, arg in enumerate(argv):
        if arg == flag and i + 1 < len(argv):
            values.append(argv[i + 1])
        elif arg.startswith(flag + "="):
            values.append(arg[len(flag) + 1:])
    return values


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run ``storj-uplink`` with ``argv`` (default: ``sys.argv[1:]``); returns the exit status.

    Failures print one ``error: ...`` line on stderr (a traceback first with
    ``--debug``) and return 1; no secret ever appears in that output.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    stdout, stderr = sys.stdout, sys.stderr
    secrets = [s for s in _flag_values(arguments, "--access") if may_be_grant(s)] + \
        env_secrets(os.environ)
    try:
        args = build_parser().parse_args(arguments)
    except UsageError as e:
        stderr.write(e.usage)
        stderr.write(error_line(CliError(e.message), secrets) + "\n")
        return EXIT_FAILURE
    except SystemExit as e:  # --help and --version
        return e.code if isinstance(e.code, int) else (0 if e.code is None else EXIT_FAILURE)
    if args.func is None:
        stderr.write(build_parser().format_usage())
        stderr.write("error: a command is required (see storj-uplink --help)\n")
        return EXIT_FAILURE
    session = Session(args.access, os.environ, stdout, stderr, args.config_dir)
    session.argv = arguments
    try:
        return int(args.func(args, session))
    except KeyboardInterrupt:
        stderr.write("error: interrupted\n")
        return EXIT_INTERRUPTED
    except Exception as e:
        known = list(session.secrets) + secrets
        if args.debug:
            stderr.write(debug_traceback(e, known))
        stderr.write(error_line(e, known) + "\n")
        return e.exit_code if isinstance(e, CliError) else EXIT_FAILURE
    finally:
        try:
            stdout.flush()
            session.close()
        except Exception as e:  # closing failed after the command: report, do not hide it
            stderr.write(redact(f"warning: closing the project failed: {e}",
                                session.secrets) + "\n")
