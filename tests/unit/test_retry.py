"""Retries of whole-file transfers (storj_uplink.retry), on fakes of the network."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time

import pytest

import storj_uplink as sj
from storj_uplink import transfer
from storj_uplink._parallel import Stopper
from storj_uplink.retry import DEFAULT_RETRY, RetryEvent, RetryPolicy, is_transient

from .test_transfer import (
    MIN_PART_SIZE,
    FakeMultipart,
    MiB,
    Recorder,
    _serve,
    big_file,
    project,
)

__all__ = ["big_file", "project"]  # fixtures reused from test_transfer

FAST = RetryPolicy(attempts=3, backoff=0.001, max_backoff=0.002)


def sha(data):
    return hashlib.sha256(data).hexdigest()


class RetryRecorder(Recorder):
    """A progress callback with a ``retry`` method, as storj_uplink.progress's have."""

    def __init__(self):
        super().__init__()
        self.events = []

    def retry(self, event):
        self.events.append(event)


def test_policy_delays_grow_exponentially_with_bounded_jitter():
    p = RetryPolicy(attempts=6, backoff=1.0, max_backoff=5.0, multiplier=2.0, jitter=0.5)
    assert [p.delay(n, rand=lambda: 0.0) for n in range(1, 6)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    assert [p.delay(n, rand=lambda: 1.0) for n in range(1, 4)] == [0.5, 1.0, 2.0]
    delays = {p.delay(2) for _ in range(50)}
    assert len(delays) > 1 and all(1.0 <= d <= 2.0 for d in delays)  # jittered, in bounds
    assert DEFAULT_RETRY.attempts > 1


@pytest.mark.parametrize("kwargs, exc", [
    ({"attempts": 0}, ValueError), ({"attempts": 1.5}, TypeError), ({"attempts": True}, TypeError),
    ({"backoff": -1}, ValueError), ({"backoff": float("nan")}, ValueError),
    ({"max_backoff": float("inf")}, ValueError), ({"jitter": 2}, ValueError),
    ({"multiplier": 0.5}, ValueError), ({"backoff": "1"}, TypeError),
])
def test_policy_refuses_bad_values(kwargs, exc):
    with pytest.raises(exc):
        RetryPolicy(**kwargs)


def test_only_transient_errors_are_retried():
    assert is_transient(sj.InternalError("dial tcp: connection refused"))
    assert is_transient(sj.TooManyRequestsError("slow down"))
    for exc in (sj.PermissionDeniedError("no"), sj.ObjectNotFoundError("gone"),
                sj.BucketNotFoundError("gone"), sj.ObjectKeyInvalidError("bad"),
                sj.StorageLimitExceededError("full"), sj.CanceledError("stop"),
                sj.ClosedError("closed"), sj.StorjError("object changed"), OSError("disk"),
                ValueError("bad")):
        assert not is_transient(exc), exc


def test_a_part_failing_once_is_retried_and_progress_stays_monotonic(project, big_file, caplog):
    path, data = big_file
    failed = []

    def on_write(part):  # part 2 fails once, after 1 MiB went out
        if part.number == 2 and not failed and sum(map(len, part.chunks)) >= MiB:
            failed.append(part)
            raise sj.InternalError("node went away")

    project.mpu.on_write = on_write
    rec = RetryRecorder()
    with caplog.at_level(logging.WARNING, logger="storj_uplink"):
        info = transfer.upload_file(project, "b", path, "k", part_size=MIN_PART_SIZE,
                                    concurrency=2, progress=rec, retry=FAST)
    assert sha(project.mpu.data()) == sha(data) and info.content_length == len(data)
    assert project.mpu.committed and not project.mpu.aborted
    assert failed[0].state == "aborted" and project.mpu.parts[2].state == "committed"
    rec.check(len(data))  # never backwards, ends at the size
    [event] = rec.events
    assert isinstance(event, RetryEvent) and event.what == "part 2"
    assert (event.attempt, event.attempts, event.bytes_discarded) == (1, 3, MiB)
    assert isinstance(event.error, sj.InternalError)
    assert "part 2 failed (attempt 1 of 3)" in caplog.text and "node went away" in caplog.text


def test_retries_are_bounded(project, big_file):
    path, _ = big_file
    project.mpu.fail_part = 2  # fails on every attempt
    rec = RetryRecorder()
    with pytest.raises(sj.InternalError, match="injected part failure"):
        transfer.upload_file(project, "b", path, "k", part_size=MIN_PART_SIZE, progress=rec,
                             retry=FAST)
    assert [e.attempt for e in rec.events] == [1, 2]  # 3 attempts, 2 retries
    assert project.mpu.aborted and not project.mpu.committed


def test_permanent_errors_are_not_retried(project, big_file):
    path, _ = big_file
    calls = []

    def on_write(part):
        calls.append(part.number)
        raise sj.PermissionDeniedError("not allowed")

    project.mpu.on_write = on_write
    rec = RetryRecorder()
    with pytest.raises(sj.PermissionDeniedError):
        transfer.upload_file(project, "b", path, "k", part_size=MIN_PART_SIZE, concurrency=1,
                             progress=rec, retry=FAST)
    assert calls == [1] and rec.events == []


def test_a_failed_range_continues_where_it_stopped(project, tmp_path):
    data = os.urandom(6 * MiB)
    calls = _serve(project, data, fail=2 * MiB)  # the range at 2 MiB fails after 1 MiB
    rec = RetryRecorder()
    dest = tmp_path / "out.bin"
    transfer.download_file(project, "b", "k", dest, part_size=2 * MiB, progress=rec,
                           retry=FAST)
    assert sha(dest.read_bytes()) == sha(data)
    assert (3 * MiB, MiB) in calls  # the retry asked only for the missing megabyte
    [event] = rec.events
    assert event.what == f"range at {2 * MiB}" and event.bytes_discarded == 0
    rec.check(len(data))


def test_stopping_during_a_backoff_ends_at_once(project, big_file):
    path, _ = big_file
    project.mpu.fail_part = 1
    attempts = []
    real_part = project.mpu.part
    project.mpu.part = lambda n: attempts.append(n) or real_part(n)
    stopper = Stopper()
    slow = RetryPolicy(attempts=5, backoff=30, max_backoff=30, jitter=0)
    threading.Timer(0.3, stopper.stop).start()
    started = time.monotonic()
    with pytest.raises(sj.InternalError):
        transfer.upload_file_stoppable(project, "b", path, "k", stopper, part_size=MIN_PART_SIZE,
                                       concurrency=1, metadata=None, expires=None, progress=None,
                                       retry=slow, resume=False)
    print(f"stopped during a 30 s backoff after {time.monotonic() - started:.2f} s")
    assert attempts.count(1) == 1  # no second attempt: the stop ended the backoff
    assert project.mpu.aborted


def test_retry_option_is_checked(project, big_file):
    path, _ = big_file
    with pytest.raises(TypeError, match="RetryPolicy"):
        transfer.upload_file(project, "b", path, "k", retry=3)
    with pytest.raises(TypeError, match="resume"):
        transfer.upload_file(project, "b", path, "k", resume="yes")


def test_stopper_cancels_tracked_streams_and_refuses_new_ones():
    class Stream:
        cancelled = 0

        def cancel(self):
            self.cancelled += 1

    stopper, stream = Stopper(), Stream()
    with stopper.track(stream):
        stopper.stop()
        assert stream.cancelled == 1
    with pytest.raises(transfer.Cancelled):
        with stopper.track(Stream()):
            pass
    assert stopper.wait(10) is True




def test_line_callback_shows_retries():
    import io

    from storj_uplink.progress import line_callback

    out = io.StringIO()
    cb = line_callback(out, desc="big.tar", interval=0)
    cb(10, 100)
    cb.retry(RetryEvent("part 2", 1, 5, 0.5, sj.InternalError("node gone"), 123))
    cb(100, 100)
    text = out.getvalue()
    assert "big.tar: retrying part 2 in 0.5 s (attempt 2 of 5): InternalError: node gone" in text
    assert text.rstrip().endswith("(100%)")


# ---------------------------------------------------------------- resume (fakes)


class FakePartInfo:
    def __init__(self, number, size):
        self.part_number, self.size = number, size


class PendingMultipart(FakeMultipart):
    """A pending upload found by resume: parts already on the satellite."""

    def __init__(self, existing):
        super().__init__()
        self.existing = existing
        self.upload_id, self.key = "uid", "k"
        self.commit_metadata = "unset"

    def list_parts(self):
        return [FakePartInfo(n, size) for n, size in self.existing]

    def commit(self, metadata=None):
        self.commit_metadata = metadata
        return sj.ObjectInfo(key="k", content_length=0)


def _pending(project, mpu, key="k"):
    project.list_uploads.return_value = [sj.UploadInfo(upload_id="uid", key=key)]
    project.resume_upload.return_value = mpu


def test_resume_uploads_only_the_missing_parts(project, big_file):
    path, data = big_file  # 3 parts of MIN_PART_SIZE + a short 4th
    mpu = PendingMultipart([(1, MIN_PART_SIZE), (3, MIN_PART_SIZE)])
    _pending(project, mpu)
    rec = Recorder()
    transfer.upload_file(project, "b", path, "k", part_size=MIN_PART_SIZE, progress=rec,
                         resume=True, metadata={"a": "b"})
    assert sorted(mpu.parts) == [2, 4]  # 1 and 3 were there whole
    assert b"".join(mpu.parts[2].chunks) == data[MIN_PART_SIZE:2 * MIN_PART_SIZE]
    assert mpu.commit_metadata == {"a": "b"}
    project.begin_upload.assert_not_called()
    assert rec.calls[0][0] >= 2 * MIN_PART_SIZE  # the parts already there count as done
    rec.check(len(data))


@pytest.mark.parametrize("existing", [[(1, MiB)], [(1, MIN_PART_SIZE + 1)], [(9, MIN_PART_SIZE)]])
def test_resume_with_another_part_size_is_refused(project, big_file, existing):
    path, _ = big_file
    mpu = PendingMultipart(existing)
    _pending(project, mpu)
    with pytest.raises(ValueError, match=r"part_size|another file"):
        transfer.upload_file(project, "b", path, "k", part_size=MIN_PART_SIZE, resume=True)
    assert mpu.parts == {} and mpu.commit_metadata == "unset" and not mpu.aborted


def test_resume_without_a_pending_upload_starts_one_and_keeps_it_on_failure(project, big_file):
    path, _ = big_file
    project.list_uploads.return_value = [sj.UploadInfo(upload_id="other", key="k2")]
    project.mpu.fail_part = 2
    project.mpu.upload_id = "new"
    with pytest.raises(sj.InternalError):
        transfer.upload_file(project, "b", path, "k", part_size=MIN_PART_SIZE, resume=True,
                             retry=None)
    project.begin_upload.assert_called_once()
    project.resume_upload.assert_not_called()
    assert not project.mpu.aborted  # kept for the next resume=True


def test_download_resume_continues_the_partial_file(project, tmp_path):
    data = os.urandom(6 * MiB)
    calls = _serve(project, data, fail=4 * MiB)
    dest = tmp_path / "out.bin"
    with pytest.raises(sj.InternalError):
        transfer.download_file(project, "b", "k", dest, part_size=2 * MiB, concurrency=1,
                               retry=None, resume=True)
    assert not dest.exists()
    assert sorted(os.listdir(tmp_path)) == [".out.bin.storj-partial",
                                            ".out.bin.storj-partial.json"]
    calls.clear()
    calls2 = _serve(project, data)
    rec = Recorder()
    transfer.download_file(project, "b", "k", dest, part_size=2 * MiB, concurrency=1,
                           progress=rec, resume=True)
    assert sha(dest.read_bytes()) == sha(data)
    assert calls2 == [(4 * MiB, 2 * MiB)]  # only the range that had failed
    assert os.listdir(tmp_path) == ["out.bin"]
    rec.check(len(data))


def test_download_resume_needs_a_path(project):
    import io

    _serve(project, b"x" * 10)
    with pytest.raises(ValueError, match="needs a path"):
        transfer.download_file(project, "b", "k", io.BytesIO(), resume=True)


def test_a_cancellation_of_the_network_is_retried_but_not_the_callers():
    restart = sj.CanceledError("uplink: metaclient: context canceled")
    assert is_transient(restart, lambda: False)  # a restarting satellite
    assert not is_transient(restart, lambda: True)  # the caller stopped, or closed the project
    assert not is_transient(restart)


def test_a_range_cancelled_by_the_network_is_retried(project, tmp_path):
    data = os.urandom(4 * MiB)
    calls = _serve(project, data)
    real = project.download_object.side_effect

    def flaky(bucket, key, offset, length):
        if len(calls) == 0:
            calls.append("failed")
            raise sj.CanceledError("uplink: metaclient: context canceled")
        return real(bucket, key, offset, length)

    project.download_object.side_effect = flaky
    project.closed = False
    dest = tmp_path / "out.bin"
    transfer.download_file(project, "b", "k", dest, part_size=4 * MiB, retry=FAST)
    assert dest.read_bytes() == data and calls[0] == "failed"
    project.closed = True  # the same error from a closed project is not retried
    calls.clear()
    project.download_object.side_effect = flaky
    with pytest.raises(sj.CanceledError):
        transfer.download_file(project, "b", "k", dest, part_size=4 * MiB, retry=FAST)


def test_resume_needs_a_seekable_source_and_an_empty_file_is_one_upload(project, tmp_path):
    import io

    class Pipe(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, view):
            return 0

    with pytest.raises(ValueError, match="known size"):
        transfer.upload_file(project, "b", Pipe(), "k", resume=True)
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    info = transfer.upload_file(project, "b", empty, "k", resume=True)
    assert info.content_length == 0
    project.begin_upload.assert_not_called()
    project.list_uploads.assert_not_called()
