"""The ``storj_uplink`` logger: debug records of calls and sizes, never secrets.

Nothing is printed unless the application configures logging (a NullHandler
is attached, as libraries should). Object keys and bucket names are logged;
access grants, API keys, passphrases and encryption keys never are.
"""

from __future__ import annotations

import logging

logger = logging.getLogger("storj_uplink")
logger.addHandler(logging.NullHandler())
