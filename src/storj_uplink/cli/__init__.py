"""The ``storj-uplink`` command line (also ``python -m storj_uplink``).

Commands and flags of the Go ``uplink`` CLI: ``access`` (create, import, export,
inspect, list, use, remove, restrict, register, revoke), ``cp``, ``ls``, ``mv``,
``rm``, ``mb``, ``rb``, ``meta get``, ``share`` and ``version``, with the Go CLI's
saved accesses; see ``storj-uplink --help`` and docs/cli.md. :func:`main` runs it
in-process and returns the exit status (0 on success, 1 on failure).
"""

from .main import main

__all__ = ["main"]
