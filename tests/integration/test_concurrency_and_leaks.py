"""Many threads on one Project; many open/close cycles without native or RSS growth."""

from __future__ import annotations

import gc
import hashlib
import os
import random
import threading

import pytest

import storj_uplink as sj

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


def test_open_close_cycles_do_not_leak(access, bucket):
    cycles = 10_000 if SOAK else 500
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

    for i in range(50):  # warm-up: Go heap, connection pools, caches
        cycle(i)
    gc.collect()
    before = _rss_kib()
    for i in range(cycles):
        cycle(i)
    gc.collect()
    growth_mib = (_rss_kib() - before) / 1024
    print(f"{cycles} open/upload/download/list/close cycles: RSS grew {growth_mib:.2f} MiB")
    assert growth_mib < 5
    assert sj._universe_is_empty() is False  # the module's access and project are still open
