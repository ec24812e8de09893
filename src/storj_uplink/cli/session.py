"""What a command runs with: output streams, and the access and project, opened on first use."""

from __future__ import annotations

from typing import List, Mapping, Optional, TextIO, Tuple

from ..access import Access
from ..project import Project
from ..saved import SavedAccesses
from .credentials import AccessSource, load_saved, may_be_grant, open_access, resolve_access

__all__ = ["Session", "SECRET_VARIABLES", "env_secrets"]

#: Environment variables whose values are secrets (kept out of every message).
SECRET_VARIABLES = ("STORJ_ACCESS", "STORJ_API_KEY", "STORJ_PASSPHRASE", "UPLINK_ACCESS")


def env_secrets(environ: Mapping[str, str]) -> List[str]:
    """The secrets in the environment: keys and passphrases, and grants (not file paths)."""
    found = []
    for name in SECRET_VARIABLES:
        value = environ.get(name, "").strip()
        if value and (name.endswith(("_KEY", "_PASSPHRASE")) or may_be_grant(value)):
            found.append(value)
    return found


class Session:
    """The context of one command: resolves the access grant and opens the project lazily.

    :meth:`close` closes whatever was opened (the CLI calls it whatever
    happens, so no native handle outlives a command run in-process).
    """

    def __init__(self, access_flag: Optional[str], environ: Mapping[str, str],
                 stdout: TextIO, stderr: TextIO, config_dir: Optional[str] = None) -> None:
        self.environ = environ
        self.config_dir = config_dir
        self.stdout = stdout
        self.stderr = stderr
        self._flag = access_flag
        self._source: Optional[AccessSource] = None
        self._access: Optional[Access] = None
        self._project: Optional[Project] = None
        self._extra_secrets: List[str] = []
        #: The command line (some commands check whether a flag was given at all).
        self.argv: List[str] = []

    @property
    def secrets(self) -> Tuple[str, ...]:
        """Every secret this run knows of: to be redacted from anything it prints."""
        known = [self._flag or ""] if may_be_grant(self._flag or "") else []
        known += env_secrets(self.environ)
        if self._source is not None:
            known.extend(self._source.secrets)
        known.extend(self._extra_secrets)
        return tuple(s for s in known if s.strip())

    def source(self) -> AccessSource:
        """Where the access grant comes from (resolved once)."""
        if self._source is None:
            self._source = resolve_access(self._flag, self.environ, self.config_dir)
        return self._source

    def access(self) -> Access:
        """The access grant (parsed or requested once)."""
        if self._access is None:
            self._access = open_access(self.source(), remember=self.add_secret)
        return self._access

    def open_access(self, name_or_grant: Optional[str]) -> Access:
        """Another access (``access revoke``'s revokee...), by name, grant or file; close it."""
        source = resolve_access(name_or_grant, self.environ, self.config_dir)
        self._extra_secrets.extend(source.secrets)
        return open_access(source, remember=self.add_secret)

    def add_secret(self, value: Optional[str]) -> None:
        """Keep ``value`` (a typed passphrase, an API key) out of every message."""
        if value:
            self._extra_secrets.append(value)

    def is_secret(self, value: str) -> bool:
        """True when ``value`` may be a grant or another secret (not to be printed)."""
        return may_be_grant(value) or value in self.secrets

    def saved(self) -> SavedAccesses:
        """The saved accesses of the config directory (read now)."""
        return load_saved(self.config_dir, self.environ)

    def project(self) -> Project:
        """The project of the access grant (opened once)."""
        if self._project is None:
            self._project = self.access().open_project()
        return self._project

    def out(self, line: str = "") -> None:
        """Print a line on stdout."""
        self.stdout.write(line + "\n")

    def close(self) -> None:
        """Close the project and the access, if opened. Idempotent."""
        project, access = self._project, self._access
        self._project = self._access = None
        try:
            if project is not None:
                project.close()
        finally:
            if access is not None:
                access.close()
