"""Faults on the local network: a storage node or the satellite stops mid-operation.

The rule: data is intact (sha256) or a clear StorjError is raised; corrupt data
is never reported as success, and nothing hangs.
"""

from __future__ import annotations

import hashlib
import os
import time

import pytest

import storj_uplink as sj

pytestmark = [pytest.mark.network, pytest.mark.faults]

MiB = 1 << 20


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_node_stopped_during_upload(storj_faults, bucket):
    data = os.urandom(24 * MiB)
    committed = False
    try:
        with bucket.upload("during-upload") as up:
            up.write(data[: 8 * MiB])
            storj_faults.stop_node(0)
            up.write(data[8 * MiB:])
        committed = True
    except sj.StorjError as exc:  # acceptable: a clear error
        print(f"upload failed cleanly: {type(exc).__name__}: {exc}")
    if committed:
        assert sha(bucket.get("during-upload")) == sha(data)
    else:
        with pytest.raises(sj.ObjectNotFoundError):
            bucket.stat("during-upload")


def test_node_stopped_during_download(storj_faults, bucket):
    data = os.urandom(40 * MiB)
    bucket.put("during-download", data)
    got = bytearray()
    try:
        with bucket.download("during-download") as down:
            got += down.read(4 * MiB)
            storj_faults.stop_node(1)
            storj_faults.stop_node(2)
            got += down.read()
    except sj.StorjError as exc:
        print(f"download failed cleanly: {type(exc).__name__}: {exc}")
        return
    assert sha(bytes(got)) == sha(data), "a download reported success with corrupt data"


def test_satellite_stopped_gives_errors_not_hangs_and_recovers(storj_faults, access, bucket):
    bucket.put("before", b"x" * 1000)
    with access.open_project(sj.Config(dial_timeout=2.0)) as project:
        project.stat_bucket(bucket.name)
        storj_faults.stop_satellite()
        started = time.monotonic()
        with pytest.raises(sj.StorjError):
            project.stat_object(bucket.name, "before")
        elapsed = time.monotonic() - started
        # storj.io/uplink retries connection errors with exponential backoff
        # (0.1 s doubling to 3 s: ~6.1 s in all); the dial timeout bounds each attempt.
        print(f"stat with the satellite down failed after {elapsed:.2f} s (dial timeout 2 s)")
        assert elapsed < 30
        storj_faults.start_satellite()
        deadline = time.monotonic() + 30
        while True:  # the same Project recovers once the satellite is back
            try:
                assert project.stat_object(bucket.name, "before").content_length == 1000
                break
            except sj.StorjError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
    with access.open_project() as fresh:  # and a new one works
        assert fresh.bucket(bucket.name).get("before") == b"x" * 1000
