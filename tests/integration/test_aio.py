"""storj_uplink.aio on the local network: round trips, async with rules, cancellation."""

from __future__ import annotations

import asyncio
import hashlib
import os
import time

import pytest

import storj_uplink as sj
from storj_uplink import aio

pytestmark = pytest.mark.network

MiB = 1 << 20


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run(coro):
    return asyncio.run(coro)


def test_round_trip_listing_and_object_operations(access, bucket):
    data = os.urandom(3 * MiB + 17)

    async def main():
        async with await aio.open_project(access) as project:
            b = project.bucket(bucket.name)
            async with b.upload("dir/a.bin", metadata={"k": "v"}) as up:
                for i in range(0, len(data), MiB):
                    await up.write(data[i:i + MiB])
            assert up.committed and up.info.content_length == len(data)
            info = await b.stat("dir/a.bin")
            got = bytearray()
            async with b.download("dir/a.bin") as down:
                assert down.info.content_length == len(data)
                async for chunk in down:
                    got += chunk
            part = await (await b.download("dir/a.bin", 5, 10)).read()
            await b.put("dir/b.txt", b"hello")
            keys = sorted([o.key async for o in b.list("dir/")])
            await b.copy("dir/b.txt", "c.txt")
            await b.move("c.txt", "d.txt")
            await b.update_metadata("d.txt", {"x": "y"})
            d_info = await project.stat_object(bucket.name, "d.txt")
            names = [x.name async for x in project.list_buckets()]
            deleted = await b.delete("dir/b.txt")
            return info, bytes(got), part, keys, d_info, names, deleted, await b.get("d.txt")

    info, got, part, keys, d_info, names, deleted, d = run(main())
    assert info.content_length == len(data)
    assert info.metadata == {"k": "v", "content-type": "application/octet-stream"}  # ".bin"
    assert sha(got) == sha(data) and part == data[5:15]
    assert keys == ["dir/a.bin", "dir/b.txt"]
    assert d_info.metadata == {"x": "y"} and d == b"hello"
    assert bucket.name in names and deleted.key == "dir/b.txt"
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("c.txt")


def test_exception_in_async_with_aborts(access, bucket):
    async def main():
        async with await aio.open_project(access) as project:
            with pytest.raises(RuntimeError, match="boom"):
                async with project.upload_object(bucket.name, "never") as up:
                    await up.write(b"x" * 1000)
                    raise RuntimeError("boom")
            assert up.aborted and not up.committed
            with pytest.raises(sj.ObjectNotFoundError):
                await project.stat_object(bucket.name, "never")

    run(main())


def test_many_gets_run_concurrently(access, bucket):
    blobs = {f"k{i}": os.urandom(10_000 + i) for i in range(20)}
    for k, v in blobs.items():
        bucket.put(k, v)

    async def main():
        async with await aio.open_project(access) as project:
            b = project.bucket(bucket.name)
            return await asyncio.gather(*(b.get(k) for k in blobs))

    assert [sha(x) for x in run(main())] == [sha(v) for v in blobs.values()]


class Outcome:
    """Wraps a sync stream method to record how the native call ended."""

    def __init__(self, fn):
        self.fn, self.result = fn, None

    def __call__(self, *args):
        try:
            value = self.fn(*args)
        except BaseException as exc:
            self.result = type(exc)
            raise
        self.result = "completed"
        return value


async def _cancel_after_start(task, outcome, wait=0.5):
    await asyncio.sleep(wait)  # the native call is under way on its thread
    assert outcome.result is None, "the call ended before the cancel: use more data"
    started = time.monotonic()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    return time.monotonic() - started


def test_cancelling_a_write_stops_it_and_commits_nothing(access, bucket):
    data = os.urandom(256 * MiB)

    async def main():
        async with await aio.open_project(access) as project:
            up = await project.upload_object(bucket.name, "cancelled")
            outcome = Outcome(up.sync.write)
            up.sync.write = outcome

            async def writer():
                async with up:
                    await up.write(data)

            latency = await _cancel_after_start(asyncio.ensure_future(writer()), outcome)
            return up, outcome, latency

    up, outcome, latency = run(main())
    print(f"cancellation latency of an upload write: {latency * 1000:.0f} ms")
    assert outcome.result is sj.CanceledError  # the native write was stopped, not completed
    assert up.aborted and not up.committed
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("cancelled")


def test_cancelling_a_read_stops_it_and_closes(access, bucket):
    data = os.urandom(200 * MiB)
    bucket.put("big", data)

    async def main():
        async with await aio.open_project(access) as project:
            down = await project.download_object(bucket.name, "big")
            outcome = Outcome(down.sync.readall)
            down.sync.readall = outcome
            latency = await _cancel_after_start(asyncio.ensure_future(down.readall()), outcome,
                                                wait=0.2)
            return down, outcome, latency

    down, outcome, latency = run(main())
    print(f"cancellation latency of a download read: {latency * 1000:.0f} ms")
    assert outcome.result is sj.CanceledError
    assert down.closed


def test_cancelling_upload_file_stops_every_part_and_leaves_nothing(access, bucket, tmp_path):
    path = tmp_path / "big.bin"
    path.write_bytes(os.urandom(160 * MiB))
    seen = []

    async def main():
        async with await aio.open_project(access) as project:
            b = project.bucket(bucket.name)
            task = asyncio.ensure_future(b.upload_file(
                path, "file", part_size=32 * MiB, progress=lambda d, t: seen.append(d)))
            while not seen or seen[-1] < 8 * MiB:  # parts are on their way
                await asyncio.sleep(0.01)
            started = time.monotonic()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            return time.monotonic() - started, seen[-1]

    latency, sent = run(main())
    print(f"cancellation latency of upload_file (160 MiB, 32 MiB parts): {latency * 1000:.0f} ms"
          f" after {sent / MiB:.0f} MiB")
    assert sent < 160 * MiB  # stopped before the end
    with pytest.raises(sj.ObjectNotFoundError):
        bucket.stat("file")
    assert list(bucket.list_uploads()) == []  # the multipart upload was aborted


def test_cancelling_during_commit_leaves_the_whole_object(access, bucket):
    data = os.urandom(2 * MiB)

    async def main():
        async with await aio.open_project(access) as project:
            up = await project.upload_object(bucket.name, "committing")
            await up.write(data)
            task = asyncio.ensure_future(up.commit())
            await asyncio.sleep(0)  # the commit is submitted to its thread
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            return up

    up = run(main())
    assert up.committed  # the commit ran to its end: the whole object, never a part of it
    assert sha(bucket.get("committing")) == sha(data)


def test_async_download_file_and_upload_file(access, bucket, tmp_path):
    data = os.urandom(12 * MiB + 5)
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.write_bytes(data)

    async def main():
        async with await aio.open_project(access) as project:
            b = project.bucket(bucket.name)
            up = await b.upload_file(src, "f", part_size=5 * MiB)
            down = await b.download_file("f", dst, part_size=4 * MiB)
            return up, down

    up, down = run(main())
    assert up.content_length == down.content_length == len(data)
    assert sha(dst.read_bytes()) == sha(data)


# ---------------------------------------------------------------- bad input


def test_awaiting_on_a_closed_project_is_a_clear_error(access, bucket):
    async def main():
        project = await aio.open_project(access)
        await project.close()
        await project.close()  # idempotent
        with pytest.raises(sj.ClosedError):
            await project.stat_object(bucket.name, "x")
        with pytest.raises(sj.ClosedError):
            project.upload_object(bucket.name, "x")
        with pytest.raises(sj.ClosedError):
            await project.bucket(bucket.name).get("x")

    run(main())


def test_one_stream_from_two_tasks_is_refused(access, bucket):
    data = os.urandom(30 * MiB)
    bucket.put("shared", data)

    async def main():
        async with await aio.open_project(access) as project:
            async with project.download_object(bucket.name, "shared") as down:
                first = asyncio.ensure_future(down.read(20 * MiB))
                await asyncio.sleep(0)
                with pytest.raises(sj.ConcurrentUseError, match="another task"):
                    await down.read(10)
                return await first

    got = run(main())
    assert got and got == data[:len(got)]  # the first task's read went on undisturbed


def test_sync_and_async_objects_do_not_mix(access, project, bucket):
    async def main():
        with pytest.raises(TypeError, match="async with"):
            with await aio.open_project(access):
                pass
        with pytest.raises(TypeError, match="Access"):
            await aio.open_project(access.serialize())
        with pytest.raises(TypeError, match="synchronous object"):
            aio.Project(bucket)
        async with aio.Project(project.__class__.open(access)) as wrapped:
            with pytest.raises(TypeError, match="Access"):
                await wrapped.revoke_access(wrapped)

    run(main())


def test_async_overhead_per_small_op(access, bucket):
    """Figures for the docs: stat of a small object, sync vs awaited (printed, not asserted)."""
    bucket.put("small", b"x")
    n = 100

    def sync_stats():
        started = time.perf_counter()
        for _ in range(n):
            bucket.stat("small")
        return (time.perf_counter() - started) / n

    async def async_stats():
        async with await aio.open_project(access) as project:
            await project.stat_object(bucket.name, "small")
            started = time.perf_counter()
            for _ in range(n):
                await project.stat_object(bucket.name, "small")
            return (time.perf_counter() - started) / n

    sync_stats()
    s, a = sync_stats(), run(async_stats())
    print(f"stat_object: sync {s * 1e6:.0f} us, aio {a * 1e6:.0f} us, "
          f"overhead {(a - s) * 1e6:+.0f} us per op")
    assert s > 0 and a > 0
