"""The sj fsspec filesystem with asynchronous=True: fsspec's AsyncFileSystem coroutines,
and the concurrent-vs-sequential figures of docs/fsspec.md (printed, not asserted)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import time

import pytest

fsspec = pytest.importorskip("fsspec")

from fsspec.asyn import AsyncFileSystem  # noqa: E402

from storj_uplink.filesystem import StorjFileSystem  # noqa: E402

pytestmark = pytest.mark.network

MiB = 1 << 20


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def _async_fs(grant: str) -> StorjFileSystem:
    return StorjFileSystem(access=grant, asynchronous=True, skip_instance_cache=True)


def test_async_filesystem_round_trip(storj_network, bucket, tmp_path):
    data = os.urandom(3 * MiB + 1)
    local = tmp_path / "local.bin"
    local.write_bytes(data)

    async def main():
        fs = await _async_fs(storj_network.access)
        assert isinstance(fs, AsyncFileSystem) and fs.asynchronous
        try:
            await fs._pipe_file(f"{bucket.name}/a/x.bin", data)
            await fs._put_file(str(local), f"{bucket.name}/a/y.bin")
            info = await fs._info(f"sj://{bucket.name}/a/x.bin")
            listing = await fs._ls(f"{bucket.name}/a", detail=False)
            cats = await fs._cat([f"{bucket.name}/a/x.bin", f"{bucket.name}/a/y.bin"])
            ranges = await fs._cat_ranges([f"{bucket.name}/a/x.bin"] * 2, [0, 10], [5, 20])
            exists = await fs._exists(f"{bucket.name}/a/x.bin")
            missing = await fs._exists(f"{bucket.name}/a/nope")
            await fs._get_file(f"{bucket.name}/a/y.bin", str(tmp_path / "back.bin"))
            found = await fs._find(bucket.name)
            await fs._rm_file(f"{bucket.name}/a/x.bin")
            with pytest.raises(FileNotFoundError):
                await fs._cat_file(f"{bucket.name}/a/x.bin")
            return info, listing, cats, ranges, exists, missing, found
        finally:
            fs.close()

    info, listing, cats, ranges, exists, missing, found = asyncio.run(main())
    assert info["size"] == len(data) and info["type"] == "file"
    assert listing == [f"{bucket.name}/a/x.bin", f"{bucket.name}/a/y.bin"]
    assert {sha(v) for v in cats.values()} == {sha(data)}
    assert ranges == [data[0:5], data[10:20]]
    assert exists and not missing
    assert sha((tmp_path / "back.bin").read_bytes()) == sha(data)
    assert found == [f"{bucket.name}/a/x.bin", f"{bucket.name}/a/y.bin"]


def test_sync_filesystem_still_answers_on_the_calling_thread(storj_network, bucket):
    fs = StorjFileSystem(access=storj_network.access, skip_instance_cache=True)
    try:
        fs.pipe_file(f"{bucket.name}/k", b"abc")
        assert fs.cat_file(f"{bucket.name}/k") == b"abc"
        assert fs.exists(f"{bucket.name}/k")  # through fsspec's loop, then the pool
        assert fs.cat([f"{bucket.name}/k"]) == {f"{bucket.name}/k": b"abc"}
    finally:
        fs.close()


def test_concurrent_vs_sequential_figures(storj_network, bucket):
    """200 small objects and 50 ranges, read one after another and concurrently."""
    objects = {f"{bucket.name}/small/{i:03d}": os.urandom(4096 + i) for i in range(200)}
    big = os.urandom(50 * MiB)
    big_path = f"{bucket.name}/big.bin"
    starts = [i * MiB + 100 for i in range(50)]
    ends = [s + 64 * 1024 for s in starts]

    async def main():
        fs = await _async_fs(storj_network.access)
        try:
            await asyncio.gather(*(fs._pipe_file(p, v) for p, v in objects.items()))
            await fs._pipe_file(big_path, big)
            sync_fs = StorjFileSystem(access=storj_network.access, skip_instance_cache=True)
            loop = asyncio.get_running_loop()

            def sequential():
                t0 = time.perf_counter()
                one = {p: sync_fs.cat_file(p) for p in objects}
                t1 = time.perf_counter()
                two = [sync_fs.cat_file(big_path, s, e) for s, e in zip(starts, ends)]
                return one, two, t1 - t0, time.perf_counter() - t1

            one, two, seq_objects, seq_ranges = await loop.run_in_executor(None, sequential)
            sync_fs.close()
            t0 = time.perf_counter()
            many = await fs._cat(list(objects))
            t1 = time.perf_counter()
            ranges = await fs._cat_ranges([big_path] * 50, starts, ends)
            conc_ranges = time.perf_counter() - t1
            return one, two, many, ranges, seq_objects, t1 - t0, seq_ranges, conc_ranges
        finally:
            fs.close()

    one, two, many, ranges, seq_o, conc_o, seq_r, conc_r = asyncio.run(main())
    assert {p: sha(v) for p, v in many.items()} == {p: sha(v) for p, v in objects.items()}
    assert one == many
    assert ranges == two == [big[s:e] for s, e in zip(starts, ends)]
    print(f"\n200 small objects: sequential {seq_o:.2f} s, concurrent {conc_o:.2f} s "
          f"({seq_o / conc_o:.1f}x)")
    print(f"50 ranges of 64 KiB: sequential {seq_r:.2f} s, concurrent {conc_r:.2f} s "
          f"({seq_r / conc_r:.1f}x)")
