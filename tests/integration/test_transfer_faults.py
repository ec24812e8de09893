"""Whole-file transfers against faults of the local network: retries and resume.

300 MiB transfers while a storage node stops, or while the satellite stops
and restarts: with retries they complete and the sha256 matches; with retries
off they fail cleanly (a StorjError, no object). Resume continues a pending
multipart upload and a partial download.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading

import pytest

import storj_uplink as sj
from storj_uplink.retry import RetryPolicy

pytestmark = [pytest.mark.network, pytest.mark.faults]

MiB = 1 << 20
SIZE = 300 * MiB
PATIENT = RetryPolicy(attempts=12, backoff=1.0, max_backoff=5.0)


def sha_file(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("faults") / "300MiB.bin"
    with open(path, "wb") as f:
        for _ in range(SIZE // (16 * MiB)):
            f.write(os.urandom(16 * MiB))
        f.write(os.urandom(SIZE % (16 * MiB)))
    return path, sha_file(path)


class Trigger:
    """A progress callback that runs ``fault`` (on its own thread) once ``at`` bytes are done,
    and records retries (it has the ``retry`` method transfers report to)."""

    def __init__(self, at, fault):
        self.at, self.fault = at, fault
        self.thread = None
        self.retries = []
        self.retried = threading.Event()
        self.last = 0

    def __call__(self, done, total):
        self.last = done
        if self.thread is None and done >= self.at:
            self.thread = threading.Thread(target=self.fault)
            self.thread.start()

    def retry(self, event):
        self.retries.append(event)
        self.retried.set()

    def join(self):
        assert self.thread is not None, "the transfer ended before the fault was injected"
        self.thread.join()


def _restart_satellite(net):
    net.stop_satellite()
    # down for longer than storj.io/uplink's own retries of a dial (~6 s), so the
    # transfer meets the errors and must retry itself
    threading.Event().wait(10)
    net.start_satellite()


def test_upload_file_completes_through_a_satellite_restart(storj_faults, bucket, big_file,
                                                            tmp_path, caplog):
    path, digest = big_file

    def outage():  # storj.io/uplink rides out a short one: stay down until a part failed
        storj_faults.stop_satellite()
        trigger.retried.wait(90)
        storj_faults.start_satellite()

    trigger = Trigger(100 * MiB, outage)
    with caplog.at_level(logging.WARNING, logger="storj_uplink"):
        info = bucket.upload_file(path, "through-restart", progress=trigger, retry=PATIENT)
    trigger.join()
    print(f"upload through a satellite restart: {len(trigger.retries)} retries: "
          f"{[f'{e.what}: {type(e.error).__name__}' for e in trigger.retries]}")
    assert info.content_length == SIZE and trigger.last == SIZE
    bucket.download_file("through-restart", tmp_path / "back.bin")
    assert sha_file(tmp_path / "back.bin") == digest
    assert len(trigger.retries) >= 1 and "retrying" in caplog.text


def test_download_file_completes_through_a_satellite_restart(storj_faults, bucket, big_file,
                                                              tmp_path):
    path, digest = big_file
    bucket.upload_file(path, "obj")
    trigger = Trigger(60 * MiB, lambda: _restart_satellite(storj_faults))
    dest = tmp_path / "down.bin"
    bucket.download_file("obj", dest, part_size=16 * MiB, progress=trigger, retry=PATIENT)
    trigger.join()
    print(f"download through a satellite restart: {len(trigger.retries)} retries")
    assert sha_file(dest) == digest


def test_transfers_complete_with_a_storage_node_stopped(storj_faults, bucket, big_file,
                                                         tmp_path):
    path, digest = big_file
    up = Trigger(80 * MiB, lambda: storj_faults.stop_node(0))
    bucket.upload_file(path, "node-down", progress=up, retry=PATIENT)
    up.join()
    down = Trigger(80 * MiB, lambda: storj_faults.stop_node(1))
    dest = tmp_path / "node-down.bin"
    bucket.download_file("node-down", dest, part_size=32 * MiB, progress=down, retry=PATIENT)
    down.join()
    print(f"node stopped: upload {len(up.retries)} retries, download {len(down.retries)}")
    assert sha_file(dest) == digest


def test_without_retries_a_satellite_stop_fails_cleanly(storj_faults, access, bucket, big_file):
    path, _ = big_file
    trigger = Trigger(60 * MiB, storj_faults.stop_satellite)
    with pytest.raises(sj.StorjError) as info:
        bucket.upload_file(path, "no-retries", progress=trigger, retry=None,
                           part_size=32 * MiB)
    trigger.join()
    print(f"without retries: {type(info.value).__name__}: {info.value}")
    assert trigger.retries == []
    storj_faults.start_satellite()
    with access.open_project() as fresh:  # a new connection to the restarted satellite
        with pytest.raises(sj.ObjectNotFoundError):
            fresh.stat_object(bucket.name, "no-retries")
        for pending in fresh.list_uploads(bucket.name):  # the abort may have met the outage
            fresh.resume_upload(bucket.name, pending.key, pending.upload_id).abort()


class StopAfter(Exception):
    pass


def test_resume_uploads_only_the_missing_parts(bucket, tmp_path, caplog):
    data = os.urandom(4 * 5 * MiB + 123)
    path = tmp_path / "f.bin"
    path.write_bytes(data)

    def stop_in_part_3(done, total):
        if done > 2 * 5 * MiB + MiB:
            raise StopAfter("interrupted")

    with pytest.raises(StopAfter):
        bucket.upload_file(path, "resumed", part_size=5 * MiB, concurrency=1, resume=True,
                           progress=stop_in_part_3, metadata={"m": "1"})
    [pending] = list(bucket.list_uploads())
    assert sorted(p.part_number for p in bucket.project.list_upload_parts(
        bucket.name, "resumed", pending.upload_id)) == [1, 2]
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("resumed")

    with pytest.raises(ValueError, match="part_size"):  # another part size: refused
        bucket.upload_file(path, "resumed", part_size=6 * MiB, resume=True)
    assert [u.upload_id for u in bucket.list_uploads()] == [pending.upload_id]

    calls = []
    with caplog.at_level(logging.INFO, logger="storj_uplink"):
        info = bucket.upload_file(path, "resumed", part_size=5 * MiB, resume=True,
                                  progress=lambda d, t: calls.append(d), metadata={"m": "1"})
    assert "2 of 5 parts already uploaded" in caplog.text
    assert calls[0] >= 2 * 5 * MiB  # the parts there counted as done, not sent again
    assert info.content_length == len(data)
    assert bucket.get("resumed") == data and bucket.stat("resumed").metadata == {"m": "1"}
    assert list(bucket.list_uploads()) == []


def test_resume_continues_a_partial_download(bucket, tmp_path):
    data = os.urandom(24 * MiB)
    bucket.put("partial", data)
    dest = tmp_path / "out.bin"

    def stop_in_range_2(done, total):
        if done > 9 * MiB:
            raise StopAfter("interrupted")

    with pytest.raises(StopAfter):
        bucket.download_file("partial", dest, part_size=8 * MiB, concurrency=1, resume=True,
                             progress=stop_in_range_2)
    assert not dest.exists() and (tmp_path / ".out.bin.storj-partial").exists()
    calls = []
    bucket.download_file("partial", dest, part_size=8 * MiB, concurrency=1, resume=True,
                         progress=lambda d, t: calls.append(d))
    assert calls[0] >= 8 * MiB  # the first range was not fetched again
    assert dest.read_bytes() == data
    assert sorted(os.listdir(tmp_path)) == ["out.bin"]
