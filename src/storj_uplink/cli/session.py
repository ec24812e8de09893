"""What a command runs with: output streams, and the access and project, opened on first use."""

from __future__ import annotations

from typing import Mapping, Optional, TextIO, Tuple

from ..access import Access
from ..project import Project
from .credentials import AccessSource, may_be_grant, open_access, resolve_access

__all__ = ["Session", "SECRET_VARIABLES"]

#: Environment variables whose values are secrets (kept out of every message).
SECRET_VARIABLES = ("STORJ_ACCESS", "STORJ_API_KEY", "STORJ_PASSPHRASE")


class Session:
    """The context of one command: resolves the access grant and opens the project lazily.

    :meth:`close` closes whatever was opened (the CLI calls it whatever
    happens, so no native handle outlives a command run in-process).
    """

    def __init__(self, access_flag: Optional[str], environ: Mapping[str, str],
                 stdout: TextIO, stderr: TextIO) -> None:
        self.environ = environ
        self.stdout = stdout
        self.stderr = stderr
        self._flag = access_flag
        self._source: Optional[AccessSource] = None
        self._access: Optional[Access] = None
        self._project: Optional[Project] = None

    @property
    def secrets(self) -> Tuple[str, ...]:
        """Every secret this run knows of: to be redacted from anything it prints."""
        known = [self._flag or ""] + [self.environ.get(name, "") for name in SECRET_VARIABLES]
        if self._source is not None:
            known.extend(self._source.secrets)
        return tuple(s for s in known if may_be_grant(s))

    def source(self) -> AccessSource:
        """Where the access grant comes from (resolved once)."""
        if self._source is None:
            self._source = resolve_access(self._flag, self.environ)
        return self._source

    def access(self) -> Access:
        """The access grant (parsed or requested once)."""
        if self._access is None:
            self._access = open_access(self.source())
        return self._access

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
