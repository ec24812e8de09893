"""Ctrl-C (a real SIGINT) during a long upload or download surfaces KeyboardInterrupt
promptly and never leaves a half-committed object.

Native calls are bounded (storj_uplink._writer.MAX_NATIVE_CALL), so Python sees
the signal between two calls even inside one huge write() or read(). The delay
is printed; the assertion bound is generous so that a loaded machine cannot
make it flaky.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network

BIG = 256 * 1024 * 1024


def _sigint_after(seconds: float) -> dict:
    sent: dict = {}

    def fire():
        sent["at"] = time.monotonic()
        os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Timer(seconds, fire)
    timer.start()
    sent["timer"] = timer
    return sent


def test_sigint_during_one_huge_write_aborts_the_upload(bucket):
    data = bytearray(BIG)
    sent = _sigint_after(0.5)
    deadline = time.monotonic() + 120
    with pytest.raises(KeyboardInterrupt):
        with bucket.upload("interrupted") as up:
            while time.monotonic() < deadline:
                up.write(data)  # one call of 256 MiB; takes seconds
    delay = time.monotonic() - sent["at"]
    print(f"KeyboardInterrupt {delay:.3f} s after SIGINT during upload")
    assert delay < 5.0
    assert up.aborted
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("interrupted")


def test_sigint_during_one_huge_read_closes_cleanly(bucket):
    with bucket.upload("big") as up:
        chunk = os.urandom(1 << 20)
        for _ in range(96):
            up.write(chunk)
    sent = _sigint_after(0.3)
    deadline = time.monotonic() + 120
    with pytest.raises(KeyboardInterrupt):
        while time.monotonic() < deadline:  # download again until the signal comes
            with bucket.download("big") as down:
                down.read()  # one read() of everything
    delay = time.monotonic() - sent["at"]
    print(f"KeyboardInterrupt {delay:.3f} s after SIGINT during download")
    assert delay < 5.0
    assert down.closed
    assert bucket.stat("big").content_length == 96 << 20
