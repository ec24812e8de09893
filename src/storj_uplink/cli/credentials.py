"""Where the command line finds its access grant, and how it asks for a passphrase.

The order (first that is set wins) is the library's, shared with
:meth:`storj_uplink.Access.from_env`:

1. ``--access``: a saved access name, a grant, or a file holding one -- as the
   Go ``uplink`` CLI reads it;
2. ``STORJ_ACCESS``: a grant, or a file holding one;
3. ``UPLINK_ACCESS``, read as ``--access``;
4. the default saved access in ``access.json`` of the Go CLI's config dir
   (``--config-dir``, ``UPLINK_CONFIG_DIR``, else ``~/.config/storj/uplink`` on Linux);
5. the legacy file ``storj-uplink/access`` in the user config folder;
6. ``STORJ_SATELLITE`` + ``STORJ_API_KEY`` + ``STORJ_PASSPHRASE`` (asked for
   with hidden input on a terminal when not set; never assumed empty).

Nothing here prints or logs a secret: errors name where a grant came from,
never the grant itself.
"""

from __future__ import annotations

import getpass
import sys
from typing import Any, Callable, Mapping, Optional

from .._access_source import AccessSource, looks_like_path, resolve
from ..access import Access
from ..saved import SavedAccesses
from .errors import CliError, error_message, redact

__all__ = ["AccessSource", "resolve_access", "open_access", "may_be_grant", "ask_secret",
           "load_saved", "parse_grant_or_file"]


def may_be_grant(value: str) -> bool:
    """True unless ``value`` is clearly a file path or a short access name."""
    value = value.strip()
    return len(value) >= 20 and not looks_like_path(value)


def load_saved(config_dir: Optional[str], environ: Mapping[str, str]) -> SavedAccesses:
    """The saved accesses; :class:`CliError` for an unreadable ``access.json``."""
    try:
        return SavedAccesses.load(config_dir, environ)
    except ValueError as e:
        raise CliError(str(e)) from None
    except OSError as e:
        raise CliError(error_message(e)) from None


def resolve_access(flag: Optional[str], environ: Mapping[str, str],
                   config_dir: Optional[str] = None) -> AccessSource:
    """Find the access grant (see the module doc for the order); :class:`CliError` if none."""
    try:
        return resolve(flag, environ, config_dir)
    except ValueError as e:  # not found, or access.json is not the Go CLI's
        raise CliError(str(e)) from None
    except OSError as e:  # access.json unreadable
        raise CliError(error_message(e)) from None


def ask_secret(prompt: str, what: str, stdin: Any = None,
               ask: Optional[Callable[[str], str]] = None) -> str:
    """A secret typed on the terminal with hidden input; :class:`CliError` without a terminal."""
    stream = sys.stdin if stdin is None else stdin
    ask = ask or getpass.getpass
    isatty = getattr(stream, "isatty", None)
    if not (callable(isatty) and isatty()):
        raise CliError(f"{what} is needed and there is no terminal to ask for it")
    try:
        value = ask(prompt)
    except (EOFError, KeyboardInterrupt):
        raise CliError(f"{what} was not given") from None
    if not value:
        raise CliError(f"{what} must be non-empty")
    return value


def parse_grant_or_file(value: str, what: str) -> Access:
    """An :class:`Access` from a serialized grant or a file holding one (``access import``)."""
    try:
        return Access.parse(value.strip())
    except Exception:
        pass
    try:
        with open(value, encoding="utf-8") as f:
            text = f.read().strip()
    except OSError:
        raise CliError(f"unable to open or parse access: {what} is neither a valid access "
                       f"grant nor a readable file") from None
    try:
        return Access.parse(text)
    except Exception as e:
        raise CliError(f"the access grant in {value} is not valid: "
                       f"{redact(error_message(e), [text])}") from None


def open_access(source: AccessSource, stdin: Any = None,
                remember: Optional[Callable[[str], None]] = None) -> Access:
    """The :class:`Access` of a resolved source (parsing or requesting it); close it after use.

    A request without ``STORJ_PASSPHRASE`` asks for the passphrase on the
    terminal, or fails when there is none; ``remember`` receives the typed
    passphrase (to keep it out of messages).
    """
    if source.grant is not None:
        try:
            return Access.parse(source.grant)
        except Exception as e:
            reason = redact(error_message(e), source.secrets)
            raise CliError(f"the access grant from {source.origin} is not valid: {reason}"
                           ) from None
    assert source.satellite is not None and source.api_key is not None
    passphrase = source.passphrase
    if not passphrase:
        passphrase = ask_secret("Passphrase: ", "the encryption passphrase (STORJ_PASSPHRASE "
                                "is not set)", stdin)
        if remember is not None:
            remember(passphrase)
    return Access.request(source.satellite, source.api_key, passphrase)
