"""The one exception type of :mod:`storj_uplink.testnet`."""

from __future__ import annotations

__all__ = ["TestnetError"]


class TestnetError(RuntimeError):
    """The local Storj test network could not be built, started, used or stopped.

    The message is one line that says why (a port in use, PostgreSQL failing to
    start, Go missing, ...). When the server died, the tail of its log follows
    on the next lines.
    """

    # Not a pytest test class, despite the name.
    __test__ = False
