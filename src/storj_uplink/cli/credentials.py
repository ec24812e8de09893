"""Where the command line finds its access grant.

In this order, the first that is set wins:

1. ``--access``: a serialized grant, or the path of a file holding one;
2. the ``STORJ_ACCESS`` environment variable (a grant, or a file path);
3. the config file ``storj-uplink/access`` in the user's config folder
   (``$XDG_CONFIG_HOME``, else ``~/.config``; macOS: ``~/Library/Application Support``;
   Windows: ``%AppData%``);
4. ``STORJ_SATELLITE`` + ``STORJ_API_KEY`` (+ ``STORJ_PASSPHRASE``, default
   empty): a grant requested from the satellite.

Nothing here prints or logs a secret: errors name where a grant came from,
never the grant itself.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Mapping, Optional, Tuple

from ..access import Access
from .errors import CliError, error_message, redact

__all__ = ["AccessSource", "resolve_access", "open_access", "config_file", "NO_ACCESS_HELP",
           "may_be_grant"]

#: The message when no access grant is configured anywhere.
NO_ACCESS_HELP = (
    "no access grant: pass --access GRANT_OR_FILE, set STORJ_ACCESS, "
    "write the grant to {config}, or set STORJ_SATELLITE and STORJ_API_KEY "
    "(and STORJ_PASSPHRASE)"
)


@dataclass(frozen=True)
class AccessSource:
    """A resolved access: a serialized ``grant``, or what to request one with.

    ``origin`` says where it came from (``--access``, ``STORJ_ACCESS``, a
    file path, ``STORJ_SATELLITE/STORJ_API_KEY``); the secrets never appear in
    its repr.
    """

    origin: str
    grant: Optional[str] = field(default=None, repr=False)
    satellite: Optional[str] = None
    api_key: Optional[str] = field(default=None, repr=False)
    passphrase: str = field(default="", repr=False)

    @property
    def secrets(self) -> Tuple[str, ...]:
        """The secret strings of this source, to keep out of every message."""
        return tuple(s for s in (self.grant, self.api_key, self.passphrase) if s)


def user_config_dir(environ: Mapping[str, str], platform: str = sys.platform) -> str:
    """The per-user configuration folder, found as Go's ``os.UserConfigDir`` finds it.

    Windows: ``%AppData%``; macOS: ``~/Library/Application Support``; elsewhere
    ``$XDG_CONFIG_HOME``, else ``~/.config``.
    """
    home = environ.get("HOME") or os.path.expanduser("~")
    if platform.startswith("win"):
        return environ.get("APPDATA") or os.path.join(home, "AppData", "Roaming")
    if platform == "darwin":
        return os.path.join(home, "Library", "Application Support")
    return environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")


def config_file(environ: Mapping[str, str], platform: str = sys.platform) -> str:
    """The path of the config file holding the default access grant."""
    return os.path.join(user_config_dir(environ, platform), "storj-uplink", "access")


def _looks_like_path(value: str) -> bool:
    # Serialized grants are base58: they never contain a separator, a dot or a tilde.
    return any(c in value for c in "/\\.~")


def may_be_grant(value: str) -> bool:
    """True unless ``value`` is clearly a file path (a grant to keep out of messages)."""
    return bool(value.strip()) and not _looks_like_path(value.strip())


def _read_grant_file(path: str, origin: str) -> str:
    try:
        with open(os.path.expanduser(path), encoding="utf-8") as f:
            grant = f.read().strip()
    except OSError as e:
        raise CliError(f"cannot read the access grant file named by {origin} "
                       f"({path}): {e.strerror or e}") from None
    if not grant:
        raise CliError(f"the access grant file named by {origin} ({path}) is empty")
    return grant


def _grant_or_file(value: str, origin: str) -> AccessSource:
    value = value.strip()
    path = os.path.expanduser(value)
    if os.path.isfile(path):
        return AccessSource(origin=f"{origin} file {value}", grant=_read_grant_file(value, origin))
    if _looks_like_path(value):
        raise CliError(f"the access grant file named by {origin} does not exist: {value}")
    return AccessSource(origin=origin, grant=value)


def resolve_access(flag: Optional[str], environ: Mapping[str, str]) -> AccessSource:
    """Find the access grant (see the module doc for the order); :class:`CliError` if none."""
    if flag is not None and flag.strip():
        return _grant_or_file(flag, "--access")
    env_access = environ.get("STORJ_ACCESS", "").strip()
    if env_access:
        return _grant_or_file(env_access, "STORJ_ACCESS")
    config = config_file(environ)
    if os.path.isfile(config):
        return AccessSource(origin=f"config file {config}",
                            grant=_read_grant_file(config, "the config file"))
    satellite = environ.get("STORJ_SATELLITE", "").strip()
    api_key = environ.get("STORJ_API_KEY", "").strip()
    if satellite and api_key:
        return AccessSource(origin="STORJ_SATELLITE/STORJ_API_KEY", satellite=satellite,
                            api_key=api_key, passphrase=environ.get("STORJ_PASSPHRASE", ""))
    if satellite or api_key:
        missing = "STORJ_API_KEY" if satellite else "STORJ_SATELLITE"
        raise CliError(f"{missing} is not set (STORJ_SATELLITE and STORJ_API_KEY go together); "
                       + NO_ACCESS_HELP.format(config=config))
    raise CliError(NO_ACCESS_HELP.format(config=config))


def open_access(source: AccessSource) -> Access:
    """The :class:`Access` of a resolved source (parsing or requesting it); close it after use."""
    if source.grant is not None:
        try:
            return Access.parse(source.grant)
        except Exception as e:
            reason = redact(error_message(e), source.secrets)
            raise CliError(f"the access grant from {source.origin} is not valid: {reason}"
                           ) from None
    assert source.satellite is not None and source.api_key is not None
    return Access.request(source.satellite, source.api_key, source.passphrase)
