"""The saved accesses of the Go ``uplink`` CLI, shared with ``storj-uplink``.

The Go CLI keeps named access grants and the name of the default one in
``access.json`` in its configuration directory::

    {"Default": "main", "Accesses": {"main": "1Dv...", "readonly": "12x..."}}

:func:`config_dir` finds that directory as the Go CLI does: ``--config-dir``
(here: the ``config_dir`` argument), else ``UPLINK_CONFIG_DIR``, else per
platform:

* Linux and other Unix: ``$XDG_CONFIG_HOME/storj/uplink``, else
  ``~/.config/storj/uplink``;
* macOS: ``~/Library/Application Support/Storj/Uplink``;
* Windows: ``%AppData%\\Storj\\Uplink`` (then ``AppDataLocal``, ``UserProfile``, ``Home``).

:class:`SavedAccesses` reads and writes that file the way the Go CLI does
(mode 0600, tab-indented JSON), so an access imported by either CLI is usable
by the other. Grants are secrets: they never appear in a repr or an error.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from typing import Dict, Mapping, Optional

__all__ = ["config_dir", "user_config_dir", "SavedAccesses", "ACCESS_FILE",
           "CONFIG_DIR_VARIABLE"]

#: The file of saved accesses in the configuration directory.
ACCESS_FILE = "access.json"
#: The environment variable the Go CLI reads for ``--config-dir``.
CONFIG_DIR_VARIABLE = "UPLINK_CONFIG_DIR"


def user_config_dir(environ: Optional[Mapping[str, str]] = None,
                    platform: str = sys.platform) -> str:
    """The per-user configuration folder, found as the Go CLI finds it (platformdirs-style).

    Windows: ``%AppData%`` (then ``AppDataLocal``, ``UserProfile``, ``Home``);
    macOS: ``~/Library/Application Support``; elsewhere ``$XDG_CONFIG_HOME``,
    else ``~/.config``.
    """
    env = os.environ if environ is None else environ
    home = env.get("HOME") or os.path.expanduser("~")
    if platform.startswith("win"):
        for name in ("AppData", "AppDataLocal", "UserProfile", "Home"):
            value = env.get(name) or env.get(name.upper())
            if value:
                return value
        return os.path.join(home, "AppData", "Roaming")
    if platform == "darwin":
        return os.path.join(home, "Library", "Application Support")
    return env.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")


def config_dir(explicit: Optional[str] = None, environ: Optional[Mapping[str, str]] = None,
               platform: str = sys.platform) -> str:
    """The Go ``uplink`` CLI's configuration directory (see the module doc for the order)."""
    env = os.environ if environ is None else environ
    if explicit:
        return os.path.expanduser(explicit)
    if env.get(CONFIG_DIR_VARIABLE):
        return os.path.expanduser(env[CONFIG_DIR_VARIABLE])
    sub = ("Storj", "Uplink") if platform.startswith("win") or platform == "darwin" \
        else ("storj", "uplink")
    return os.path.join(user_config_dir(env, platform), *sub)


@dataclass
class SavedAccesses:
    """The named access grants of ``access.json`` and the name of the default one.

    Load with :meth:`load`, change :attr:`accesses` / :attr:`default`, write
    back with :meth:`save`. The grants never appear in the repr.
    """

    #: The directory holding ``access.json``.
    directory: str
    #: The name of the default access ("" when none).
    default: str = ""
    #: Serialized grants by name.
    accesses: Dict[str, str] = field(default_factory=dict, repr=False)
    #: True when ``access.json`` existed when loaded.
    exists: bool = False

    @property
    def path(self) -> str:
        """The path of ``access.json``."""
        return os.path.join(self.directory, ACCESS_FILE)

    @classmethod
    def load(cls, directory: Optional[str] = None,
             environ: Optional[Mapping[str, str]] = None) -> "SavedAccesses":
        """Read ``access.json`` (an empty set when there is none).

        :raises ValueError: the file is not the Go CLI's JSON (the message
            names the file, never its content).
        """
        where = config_dir(directory, environ)
        path = os.path.join(where, ACCESS_FILE)
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except FileNotFoundError:
            return cls(where)
        try:
            data = json.loads(text)
        except ValueError:
            raise ValueError(f"{path} is not valid JSON") from None
        if isinstance(data, dict):  # Go's decoder matches field names in any case
            fields = {str(k).lower(): v for k, v in data.items()}
            accesses, default = fields.get("accesses") or {}, fields.get("default") or ""
        else:
            accesses = default = None
        if not isinstance(accesses, dict) or not isinstance(default, str) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in accesses.items()):
            raise ValueError(f"{path} is not a saved-accesses file "
                             f'(expected {{"Default": NAME, "Accesses": {{NAME: GRANT}}}})')
        return cls(where, default, dict(accesses), True)

    def grant(self, name: Optional[str] = None) -> Optional[str]:
        """The serialized grant saved as ``name`` (default: the default access), or None."""
        return self.accesses.get(self.default if name is None else name)

    def save(self) -> None:
        """Write ``access.json`` (creating the directory; file mode 0600)."""
        os.makedirs(self.directory, mode=0o755, exist_ok=True)
        text = json.dumps({"Default": self.default,
                           "Accesses": dict(sorted(self.accesses.items()))}, indent="\t")
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        self.exists = True
