"""Where an access grant comes from: a flag, the environment, or the saved accesses.

Shared by :meth:`Access.from_env` and the command line. In this order, the
first that is set wins:

1. ``name_or_grant`` (the CLI's ``--access``): a file holding a grant, a saved
   access name, or a grant;
2. ``STORJ_ACCESS``: a grant, or the path of a file holding one;
3. ``UPLINK_ACCESS`` (the Go CLI's variable for ``--access``), read as 1.;
4. the default saved access of the Go ``uplink`` CLI (``access.json`` in
   :func:`storj_uplink.saved.config_dir`);
5. the legacy ``storj-uplink/access`` file of earlier versions of this package;
6. ``STORJ_SATELLITE`` + ``STORJ_API_KEY`` + a passphrase (``STORJ_PASSPHRASE``;
   never silently empty).

Nothing here puts a secret into a message: errors name where a grant came
from, never the grant.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping, Optional, Tuple

from .saved import SavedAccesses, config_dir, user_config_dir

__all__ = ["AccessSource", "AccessNotFoundError", "resolve", "legacy_access_file",
           "NO_ACCESS_HELP", "looks_like_path"]

#: The message when no access grant is configured anywhere.
NO_ACCESS_HELP = (
    "no access grant: pass --access NAME_OR_GRANT, set STORJ_ACCESS, import one with "
    "'access import NAME GRANT' (saved in {saved}), or set STORJ_SATELLITE, STORJ_API_KEY "
    "and STORJ_PASSPHRASE"
)


class AccessNotFoundError(ValueError):
    """No access grant where one was looked for (the message says where to put one)."""


@dataclass(frozen=True)
class AccessSource:
    """A resolved access: a serialized ``grant``, or what to request one with.

    ``origin`` says where it came from; ``passphrase`` is None when a request
    needs one that was not given. Secrets never appear in the repr.
    """

    origin: str
    grant: Optional[str] = field(default=None, repr=False)
    satellite: Optional[str] = None
    api_key: Optional[str] = field(default=None, repr=False)
    passphrase: Optional[str] = field(default=None, repr=False)

    @property
    def secrets(self) -> Tuple[str, ...]:
        """The secret strings of this source, to keep out of every message."""
        return tuple(s for s in (self.grant, self.api_key, self.passphrase) if s)


def legacy_access_file(environ: Mapping[str, str]) -> str:
    """The grant file earlier versions of ``storj-uplink`` read (still read, never written)."""
    return os.path.join(user_config_dir(environ), "storj-uplink", "access")


def looks_like_path(value: str) -> bool:
    """True when ``value`` has a path character (grants are base58: never ``/ \\ . ~``)."""
    return any(c in value for c in "/\\.~")


def _read_file(path: str, origin: str) -> str:
    try:
        with open(os.path.expanduser(path), encoding="utf-8") as f:
            grant = f.read().strip()
    except OSError as e:
        raise AccessNotFoundError(f"cannot read the access grant file named by {origin} "
                             f"({path}): {e.strerror or e}") from None
    if not grant:
        raise AccessNotFoundError(f"the access grant file named by {origin} ({path}) is empty")
    return grant


def _grant_or_file(value: str, origin: str) -> AccessSource:
    if os.path.isfile(os.path.expanduser(value)):
        return AccessSource(f"{origin} file {value}", grant=_read_file(value, origin))
    if looks_like_path(value):
        raise AccessNotFoundError(f"the access grant file named by {origin} does not exist: "
                                  f"{value}")
    return AccessSource(origin, grant=value)


def _named(value: str, origin: str, saved: SavedAccesses) -> AccessSource:
    """``value`` as the Go CLI reads ``--access``: a file, a saved name, else a grant."""
    if os.path.isfile(os.path.expanduser(value)):
        return _grant_or_file(value, origin)
    grant = saved.grant(value)
    if grant is not None:
        return AccessSource(f"saved access {value!r}", grant=grant)
    if len(value) < 20 and not looks_like_path(value):  # as the Go CLI decides
        raise AccessNotFoundError(f"Cannot find access named {value!r} in saved accesses "
                             f"({saved.path})")
    return _grant_or_file(value, origin)


def resolve(name_or_grant: Optional[str], environ: Mapping[str, str],
            config_directory: Optional[str] = None) -> AccessSource:
    """Find the access grant (see the module doc for the order).

    :raises AccessNotFoundError: none anywhere, an unknown name, a missing file.
    :raises ValueError: ``access.json`` is unreadable.
    """
    saved = SavedAccesses.load(config_directory, environ)
    flag = (name_or_grant or "").strip()
    if flag:
        return _named(flag, "--access", saved)
    env_access = environ.get("STORJ_ACCESS", "").strip()
    if env_access:
        return _grant_or_file(env_access, "STORJ_ACCESS")
    uplink_access = environ.get("UPLINK_ACCESS", "").strip()
    if uplink_access:
        return _named(uplink_access, "UPLINK_ACCESS", saved)
    if saved.default:
        grant = saved.grant()
        if grant is None:
            raise AccessNotFoundError(f"the default access {saved.default!r} is not in "
                                      f"{saved.path}")
        return AccessSource(f"saved access {saved.default!r}", grant=grant)
    legacy = legacy_access_file(environ)
    if os.path.isfile(legacy):
        return AccessSource(f"config file {legacy}", grant=_read_file(legacy, "the config file"))
    satellite = environ.get("STORJ_SATELLITE", "").strip()
    api_key = environ.get("STORJ_API_KEY", "").strip()
    if satellite and api_key:
        return AccessSource("STORJ_SATELLITE/STORJ_API_KEY", satellite=satellite,
                            api_key=api_key, passphrase=environ.get("STORJ_PASSPHRASE") or None)
    help_text = NO_ACCESS_HELP.format(saved=os.path.join(config_dir(config_directory, environ),
                                                         "access.json"))
    if satellite or api_key:
        missing = "STORJ_API_KEY" if satellite else "STORJ_SATELLITE"
        raise AccessNotFoundError(f"{missing} is not set (STORJ_SATELLITE and STORJ_API_KEY go "
                             f"together); {help_text}")
    raise AccessNotFoundError(help_text)
