"""The GIL is released during native calls (cffi API mode does it for every call).

No timing thresholds: the interpreter's switch interval is raised to 30 s for
these tests, so a thread holding the GIL is never made to give it up by the
interpreter within a test (it would have to run Python for 30 s). The only way
another Python thread can run while a thread is inside ``readinto``/``write``
is then that the call released the GIL. So:

* a pure-Python counter thread that advanced at all *during* a native read or
  write proves the GIL was released in that call;
* two downloads in two threads whose native reads interleave (one read starts
  while the other thread's read has not returned) prove they overlap in time.

The helper threads give the GIL back voluntarily (``time.sleep(0)``, native
calls), so nothing waits for the long switch interval.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
import time

import pytest

pytestmark = pytest.mark.network

MiB = 1 << 20


@pytest.fixture
def long_switch_interval():
    old = sys.getswitchinterval()
    sys.setswitchinterval(30.0)
    try:
        yield
    finally:
        sys.setswitchinterval(old)


class Counter(threading.Thread):
    """Counts in pure Python until stopped, yielding the GIL every 1000 steps."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.value = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for _ in range(1000):
                self.value += 1
            time.sleep(0)  # releases the GIL: the main thread never waits for a switch


def _counting(counter: Counter, calls: list, fn, *args):
    before = counter.value
    result = fn(*args)
    calls.append(counter.value - before)
    return result


def test_counter_runs_during_native_reads_and_writes(bucket, long_switch_interval):
    data = os.urandom(16 * MiB)
    counter = Counter()
    counter.start()
    writes: list = []
    reads: list = []
    try:
        with bucket.upload("gil/object") as upload:
            view = memoryview(data)
            for off in range(0, len(data), 4 * MiB):
                _counting(counter, writes, upload.write, view[off:off + 4 * MiB])
        buf = bytearray(256 * 1024)
        got = bytearray()
        with bucket.download("gil/object") as download:
            while True:
                n = _counting(counter, reads, download.readinto, buf)
                if not n:
                    break
                got += buf[:n]
    finally:
        counter.stop.set()
        counter.join()
    assert bytes(got) == data
    # The counter thread ran while the main thread was inside a native call.
    assert any(d > 0 for d in reads), f"the counter never advanced during {len(reads)} reads"
    assert any(d > 0 for d in writes), f"the counter never advanced during {len(writes)} writes"


def test_two_downloads_in_two_threads_overlap(bucket, long_switch_interval):
    data = os.urandom(8 * MiB)
    for key in ("gil/a", "gil/b"):
        bucket.put(key, data)
    seq = itertools.count()  # next() is atomic under the GIL
    events: dict = {"a": [], "b": []}
    results: dict = {}
    start = threading.Barrier(2)

    def download(name: str) -> None:
        buf = bytearray(128 * 1024)
        total = bytearray()
        with bucket.download(f"gil/{name}") as d:
            start.wait()
            while True:
                enter = next(seq)
                n = d.readinto(buf)
                events[name].append((enter, next(seq)))
                if not n:
                    break
                total += buf[:n]
        results[name] = bytes(total)

    threads = [threading.Thread(target=download, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {"a": data, "b": data}

    def overlaps(x, y) -> bool:
        return x[0] < y[0] < x[1] or y[0] < x[0] < y[1]

    overlapping = sum(1 for x in events["a"] for y in events["b"] if overlaps(x, y))
    assert overlapping > 0, "no read of one download ever started while the other's was running"
