"""What the examples share: credentials from the environment and a scratch bucket.

Copy this file next to an example you take away. The examples read:

``STORJ_ACCESS``
    a serialized access grant (from the Storj console or ``uplink access export``);
``STORJ_SATELLITE``, ``STORJ_API_KEY`` and ``STORJ_PASSPHRASE``
    instead of a grant: the satellite address, an API key and your passphrase.

``python -m storj_uplink.testnet -- python examples/NAME.py`` runs an example
against a local network (docs/credentials.md: against a real one).
"""

from __future__ import annotations

import hashlib
import os
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, NoReturn, Union

import storj_uplink as sj


def fail(message: str) -> NoReturn:
    """Stop the example with a message on stderr and exit status 1."""
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition: bool, message: str) -> None:
    """An example's own check of its result: fail with ``message`` if ``condition`` is false."""
    if not condition:
        fail(message)


def open_access() -> sj.Access:
    """The access grant of ``STORJ_ACCESS``, or one requested with the satellite,
    API key and passphrase of ``STORJ_SATELLITE``/``STORJ_API_KEY``/``STORJ_PASSPHRASE``."""
    if os.environ.get("STORJ_ACCESS"):
        return sj.Access.parse(os.environ["STORJ_ACCESS"])
    satellite, api_key = os.environ.get("STORJ_SATELLITE"), os.environ.get("STORJ_API_KEY")
    passphrase = os.environ.get("STORJ_PASSPHRASE")
    if not (satellite and api_key and passphrase):
        fail("set STORJ_ACCESS, or STORJ_SATELLITE, STORJ_API_KEY and STORJ_PASSPHRASE "
             "(see docs/credentials.md)")
    return sj.Access.request(satellite, api_key, passphrase)


def sha256_of(path: Union[str, Path]) -> str:
    """The SHA-256 of a local file, read 1 MiB at a time."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def scratch_bucket(project: sj.Project, stem: str) -> Iterator[sj.Bucket]:
    """A new bucket ``<stem>-<random>``, deleted with its objects when the block ends."""
    name = f"{stem}-{uuid.uuid4().hex[:8]}"
    bucket = project.create_bucket(name)
    try:
        yield bucket
    finally:
        project.delete_bucket(name, with_objects=True)
