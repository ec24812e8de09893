"""Many threads on one Project; many open/close cycles without native or RSS growth."""

from __future__ import annotations

import gc
import hashlib
import os
import random
import threading
import time

import pytest

import storj_uplink as sj
from storj_uplink import _native as sj_native

pytestmark = pytest.mark.network

SOAK = os.environ.get("STORJ_UPLINK_SOAK") == "1"


def test_eight_threads_mixed_operations_on_one_project(project, bucket):
    objects = {f"obj-{i}": os.urandom(random.randint(0, 300_000)) for i in range(40)}
    errors = []
    lock = threading.Lock()
    done = {}

    def worker(n):
        rng = random.Random(n)
        try:
            for key in list(objects)[n::8]:
                data = objects[key]
                op = rng.choice(["put", "stream"])
                if op == "put":
                    bucket.put(key, data, metadata={"n": str(n)})
                else:
                    with bucket.upload(key, metadata={"n": str(n)}) as up:
                        for i in range(0, len(data), 65536):
                            up.write(memoryview(data)[i:i + 65536])
                assert bucket.stat(key).content_length == len(data)
                assert hashlib.sha256(bucket.get(key)).digest() == \
                    hashlib.sha256(data).digest()
                sum(1 for _ in bucket.list())
                with lock:
                    done[key] = n
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert set(done) == set(objects)
    listed = {o.key: o for o in bucket.list(custom=True)}
    for key, data in objects.items():
        assert listed[key].content_length == len(data)
        assert listed[key].metadata == {"n": str(done[key])}


def _rss_kib() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _settled_counts() -> sj_native.NativeCounts:
    """The native counts once goroutines of closed projects have ended.

    Closing a project returns before every goroutine of its connections has
    exited; the count is read until it stays the same for 0.5 s (at most 60 s,
    then the last count is returned: a leak is then judged by the bound below).
    """
    gc.collect()
    last = sj._native_counts()
    stable_since = time.monotonic()
    deadline = stable_since + 60
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = sj._native_counts()
        if now != last:
            last, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since >= 0.5:
            break
    return last


#: Cycles in CI (a bounded slice of the soak's 10,000).
CYCLES = 10_000 if SOAK else 1_000
#: Cycles before the first measure. Measured in this test's process (RSS every 100
#: cycles from the start, 2,400 cycles): +17 MiB in the first 100, +0.4 and +0.55 MiB in
#: the next two hundred, then a plateau (+44 KiB over the next 1,000).
WARM_UP = 400
#: Goroutines that may come and go independently of the cycles (connection pools,
#: timers). Measured over 1,000 cycles, 5 runs: the settled count changed by -2..0.
#: A leak of one goroutine per cycle adds CYCLES: far beyond this.
GOROUTINE_NOISE = 8
#: RSS growth allowed per cycle, KiB. Measured after the warm-up, 10 windows of 1,000
#: cycles (5 in one process, 5 in this test on a loaded machine): +0, +8, +20, +44,
#: +60, +64, +68, +112, +508 and +636 KiB; the rare large ones are one-off steps of
#: the Go heap or malloc arenas (the soak's 10,000 cycles: 0.06 KiB per cycle). The
#: bound is twice the largest, 1.3 KiB per cycle: a leak of 1.3 KiB or more per cycle
#: fails (handles and goroutines are counted exactly, above). On CPython 3.9 one window
#: of 1,000 cycles grew 1,384 KiB in one step, so the cycles are measured as two
#: windows and the smaller growth is held to the bound: a one-off step lands in one
#: window, a leak per cycle grows both.
RSS_KIB_PER_CYCLE = 1.3


def test_open_close_cycles_do_not_leak(access, bucket):
    payload = os.urandom(4096)

    def cycle(i):
        with access.open_project() as proj:
            b = proj.bucket(bucket.name)
            with b.upload(f"leak-{i % 10}") as up:
                up.write(payload)
            with b.download(f"leak-{i % 10}") as down:
                assert down.read() == payload
            for _ in b.list():
                pass

    for i in range(WARM_UP):  # Go heap, malloc arenas, connection pools, caches
        cycle(i)
    before = _settled_counts()
    window = CYCLES // 2
    growths = []
    for w in range(2):
        rss_before = _rss_kib()
        for i in range(w * window, (w + 1) * window):
            cycle(i)
        growths.append(_rss_kib() - rss_before)
    after = _settled_counts()
    rss_growth = min(growths)
    print(f"{CYCLES} open/upload/download/list/close cycles: handles {before.handles} -> "
          f"{after.handles}, goroutines {before.goroutines} -> {after.goroutines}, RSS grew "
          f"{growths} KiB in two windows of {window} ({rss_growth / window:.3f} KiB per "
          "cycle in the smaller)")
    # the module's access and project stay open: their handles are counted on both sides
    assert before.handles >= 2
    assert after.handles == before.handles
    assert after.goroutines - before.goroutines <= GOROUTINE_NOISE
    assert rss_growth <= RSS_KIB_PER_CYCLE * window
