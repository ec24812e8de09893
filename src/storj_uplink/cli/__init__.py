"""The ``storj-uplink`` command line (also ``python -m storj_uplink``).

Commands: ``ls``, ``cp``, ``rm``, ``mb``, ``rb`` and ``share``; see
``storj-uplink --help`` and docs/cli.md. :func:`main` runs it in-process and
returns the exit status (0 on success, 1 on failure).
"""

from .main import main

__all__ = ["main"]
