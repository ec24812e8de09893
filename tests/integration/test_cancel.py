"""Upload.cancel / Download.cancel (uplink_cancel_*) from another thread, on the local network."""

from __future__ import annotations

import os
import threading

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network

MiB = 1 << 20


def test_cancel_from_another_thread_stops_a_write_and_it_is_never_committed(bucket):
    data = os.urandom(128 * MiB)
    up = bucket.upload("cancelled")
    timer = threading.Timer(0.3, up.cancel)
    timer.start()
    with pytest.raises(sj.CanceledError):
        with up:
            up.write(data)  # one native write of 8 MiB after another: the cancel stops one
    timer.join()
    assert up.aborted and not up.committed and up.tell() < len(data)
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("cancelled")
    up.cancel()  # a no-op once closed


def test_commit_after_cancel_fails_and_aborts(bucket):
    up = bucket.upload("cancel-then-commit")
    up.write(b"x" * 1000)
    up.cancel()
    with pytest.raises(sj.CanceledError):
        up.write(b"more")
    with pytest.raises(sj.CanceledError):
        up.commit()
    assert up.aborted
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("cancel-then-commit")


def test_cancel_from_another_thread_stops_a_read(bucket):
    bucket.put("big", os.urandom(64 * MiB))
    with bucket.download("big") as down:
        down.read(MiB)
        down.cancel()
        with pytest.raises(sj.CanceledError):
            down.read(MiB)
    assert down.closed
    other = bucket.get("big")  # the project and other downloads are untouched
    assert len(other) == 64 * MiB
