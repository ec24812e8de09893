"""storj_uplink.aio without a network: the pool, the one-task rule, openings, mix-ups."""

from __future__ import annotations

import asyncio
import threading
import warnings

import pytest

import storj_uplink as sj
from storj_uplink import aio
from storj_uplink.aio import _executor
from storj_uplink.aio._opening import Opening


def test_pool_size_is_bounded_and_checked():
    assert aio.max_workers() == aio.DEFAULT_MAX_WORKERS == 16
    for bad, exc in ((0, ValueError), (10_000, ValueError), (2.0, TypeError), (True, TypeError)):
        with pytest.raises(exc):
            aio.set_max_workers(bad)
    aio.set_max_workers(2)
    try:
        threads = set()
        gate = threading.Barrier(2, timeout=5)

        def work():
            threads.add(threading.current_thread().name)
            gate.wait()

        async def main():
            await asyncio.gather(*(_executor.run(work) for _ in range(4)))

        asyncio.run(main())
        assert len(threads) == 2 and all(t.startswith("storj-aio") for t in threads)
    finally:
        aio.set_max_workers(aio.DEFAULT_MAX_WORKERS)


def test_run_to_end_waits_for_the_call_and_cleans_up_after_a_cancel():
    release = threading.Event()
    events = []

    def blocking():
        release.wait(5)
        events.append("call ended")
        return "result"

    async def main():
        task = asyncio.ensure_future(_executor.run_to_end(
            blocking, on_cancel=lambda: (events.append("on_cancel"), release.set()),
            after_cancel=lambda: events.append("after_cancel"),
            discard=lambda r: events.append(f"discard {r}")))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert events == ["on_cancel", "call ended", "discard result", "after_cancel"]


def test_one_operation_at_a_time():
    guard = _executor.Exclusive("download")
    with guard:
        with pytest.raises(sj.ConcurrentUseError, match="another task"):
            with guard:
                pass
    with guard:  # free again
        pass


def test_an_opening_never_awaited_leaves_no_warning():
    async def start():
        return 1

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Opening(start())  # dropped: its coroutine is closed, no RuntimeWarning

        async def main():
            return await Opening(start())

        assert asyncio.run(main()) == 1


def test_async_classes_refuse_plain_with_and_sync_objects():
    with pytest.raises(TypeError, match="async with"):
        with aio.Project.__new__(aio.Project):
            pass
    with pytest.raises(TypeError, match=r"storj_uplink\.project\.Project"):
        aio.Project("not a project")

    async def main():
        with pytest.raises(TypeError, match="Access"):
            await aio.open_project("grant")

    asyncio.run(main())
