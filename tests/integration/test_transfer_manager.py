"""storj_uplink.transfer_manager on the real network: many files up and down, checked by
sha256; per-item failures; stop-on-error; progress totals; empty and nested trees; bad
input; Ctrl-C; and the asyncio mirror."""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import threading
import time
from pathlib import Path

import pytest

import storj_uplink as sj
from storj_uplink import aio
from storj_uplink import transfer_manager as tm

pytestmark = pytest.mark.network

MANY = 240


def _tree(root: Path, count: int, seed: int = 0) -> dict:
    """``count`` files of 0..3000 bytes over nested directories: {relative posix path: sha256}."""
    hashes = {}
    for i in range(count):
        rel = Path(f"d{i % 4}") / (f"e{i % 3}" if i % 2 else "") / f"f-{i:04d}.bin"
        data = os.urandom((i * 37 + seed) % 3001)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        hashes[rel.as_posix()] = hashlib.sha256(data).hexdigest()
    return hashes


def _hashes(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


class Recorder:
    def __init__(self):
        self.calls = []
        self.items = []
        self.lock = threading.Lock()

    def progress(self, done, total):
        self.calls.append((done, total))

    def on_item(self, result, done, total):
        self.items.append((result, done, total))


def test_hundreds_of_files_up_and_down_checked_by_sha256(bucket, tmp_path):
    src = tmp_path / "src"
    hashes = _tree(src, MANY)
    total = sum((src / rel).stat().st_size for rel in hashes)
    rec = Recorder()
    up = tm.upload_directory(bucket, src, "site", concurrency=8, progress=rec.progress,
                             on_item=rec.on_item)
    assert up.ok and len(up) == MANY and not up.failed and not up.skipped
    assert up.bytes == total
    # keys: the prefix, a "/" added, the relative path with "/" separators
    listed = {o.key: o.content_length for o in bucket.list("site/", recursive=True)}
    assert set(listed) == {f"site/{rel}" for rel in hashes}
    assert all(r.info is not None and r.destination == r.info.key for r in up)
    # progress over the batch: monotonic, ends at the total, total known from the start
    assert rec.calls[-1] == (total, total)
    assert all(t == total for _, t in rec.calls)
    assert [d for d, _ in rec.calls] == sorted(d for d, _ in rec.calls)
    assert [d for _, d, _ in rec.items] == list(range(1, MANY + 1))
    assert {n for _, _, n in rec.items} == {MANY}

    rec = Recorder()
    dst = tmp_path / "dst"
    down = tm.download_directory(bucket, "site/", dst, concurrency=8, progress=rec.progress,
                                 on_item=rec.on_item)
    assert down.ok and len(down) == MANY
    assert _hashes(dst) == hashes  # every byte, every name, nothing more
    assert rec.calls[-1] == (total, total) and len(rec.items) == MANY
    assert not [p for p in dst.rglob("*.part")]  # no temporary file left


def test_a_failed_item_is_reported_and_the_others_succeed(bucket, tmp_path):
    good = []
    for i in range(6):
        p = tmp_path / f"ok-{i}.txt"
        p.write_bytes(b"payload %d" % i)
        good.append(p)
    missing = tmp_path / "vanished.txt"
    pairs = [(p, f"up/{p.name}") for p in good[:3]] + [(missing, "up/vanished.txt")] + \
            [(p, f"up/{p.name}") for p in good[3:]]
    batch = tm.upload_many(bucket, pairs, concurrency=3)
    assert len(batch) == 7 and not batch.ok
    [failed] = batch.failed
    assert failed.source == str(missing) and isinstance(failed.error, FileNotFoundError)
    assert [r.destination for r in batch.succeeded] == [f"up/{p.name}" for p in good]
    assert sorted(o.key for o in bucket.list("up/")) == sorted(f"up/{p.name}" for p in good)
    with pytest.raises(tm.BatchError, match="1 of 7 items failed") as info:
        batch.raise_for_errors()
    assert info.value.results is batch and isinstance(info.value.__cause__, FileNotFoundError)

    # a directory given as a source file: that item fails, the rest go up
    batch = tm.upload_many(bucket, [(tmp_path, "up/dir"), (good[0], "up/again")])
    assert isinstance(batch[0].error, IsADirectoryError) and batch[1].ok

    out = tmp_path / "out"
    rec = Recorder()
    batch = tm.download_many(bucket, [("up/ok-0.txt", out / "a"), ("up/nope", out / "b"),
                                      ("up/ok-5.txt", out / "c" / "d")],
                             progress=rec.progress)
    assert [r.ok for r in batch] == [True, False, True]
    assert isinstance(batch[1].error, sj.ObjectNotFoundError)
    assert (out / "a").read_bytes() == b"payload 0" and (out / "c" / "d").read_bytes() == \
        b"payload 5"
    assert not (out / "b").exists()
    # keys given as strings: the total is unknown until the end, then what was done
    assert all(t is None for _, t in rec.calls[:-1]) and rec.calls[-1] == (18, 18)


def test_stop_on_error_skips_the_rest(bucket, tmp_path):
    files = []
    for i in range(5):
        p = tmp_path / f"f{i}"
        p.write_bytes(b"x" * i)
        files.append((p, f"s/f{i}"))
    pairs = [(tmp_path / "missing", "s/missing"), *files]
    batch = tm.upload_many(bucket, pairs, concurrency=1, stop_on_error=True)
    assert isinstance(batch[0].error, FileNotFoundError)
    assert [r.skipped for r in batch[1:]] == ["the batch stopped at an earlier error"] * 5
    assert len(batch.skipped) == 5 and batch.bytes == 0
    assert list(bucket.list("s/")) == []  # nothing after the failure went up
    with pytest.raises(tm.BatchError, match="1 of 6 items failed and 5 were skipped"):
        batch.raise_for_errors()
    # without stop_on_error the same batch uploads the five
    assert len(tm.upload_many(bucket, pairs, concurrency=1).succeeded) == 5


def test_empty_directory_and_empty_prefix(bucket, tmp_path):
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    rec = Recorder()
    batch = tm.upload_directory(bucket, tmp_path / "empty", progress=rec.progress)
    assert len(batch) == 0 and batch.ok and rec.calls == [(0, 0)]
    batch = tm.download_directory(bucket, "nothing/", tmp_path / "target", progress=rec.progress)
    assert len(batch) == 0 and (tmp_path / "target").is_dir()
    assert not list((tmp_path / "target").iterdir())


def test_unsafe_keys_are_skipped_not_written_outside(bucket, tmp_path):
    bucket.put("p/fine/a.txt", b"a")
    bucket.put("p/folder/", b"")
    bucket.put("p/x/../../escape.txt", b"evil")
    target = tmp_path / "t" / "inner"
    batch = tm.download_directory(bucket, "p", target)
    by_key = {r.source: r for r in batch}
    assert by_key["p/fine/a.txt"].ok and (target / "fine" / "a.txt").read_bytes() == b"a"
    assert "folder marker" in by_key["p/folder/"].skipped
    assert "not a safe relative file name" in by_key["p/x/../../escape.txt"].skipped
    assert not (tmp_path / "escape.txt").exists() and not (tmp_path / "t" / "escape.txt").exists()
    assert sorted(p.name for p in target.rglob("*")) == ["a.txt", "fine"]


def test_metadata_for_every_file_or_per_path(bucket, tmp_path):
    (tmp_path / "a.html").write_text("<p>")
    (tmp_path / "b.css").write_text("p{}")
    batch = tm.upload_directory(
        bucket, tmp_path, "m", metadata=lambda path: {"ext": os.path.splitext(path)[1]})
    assert batch.ok
    assert bucket.stat("m/a.html").metadata == {"ext": ".html", "content-type": "text/html"}
    assert bucket.stat("m/b.css").metadata == {"ext": ".css", "content-type": "text/css"}
    batch = tm.upload_directory(bucket, tmp_path, "n", content_type=None,
                                metadata={"same": "for all"})
    assert batch.ok
    assert bucket.stat("n/a.html").metadata == {"same": "for all"}


def test_bad_input_is_refused_before_any_transfer(bucket, tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("x")
    with pytest.raises(NotADirectoryError):
        tm.upload_directory(bucket, f)
    with pytest.raises(NotADirectoryError):
        tm.upload_directory(bucket, tmp_path / "does-not-exist")
    with pytest.raises(NotADirectoryError):
        tm.download_directory(bucket, "", f)
    with pytest.raises(ValueError, match="concurrency"):
        tm.upload_directory(bucket, tmp_path, concurrency=0)
    with pytest.raises(ValueError, match="concurrency"):
        tm.download_many(bucket, [], concurrency=0)
    with pytest.raises(TypeError, match="concurrency"):
        tm.upload_many(bucket, [(f, "k")], concurrency="4")
    with pytest.raises(ValueError, match="part_concurrency"):
        tm.upload_many(bucket, [(f, "k")], part_concurrency=0)
    with pytest.raises(TypeError, match=r"expected a storj_uplink\.Bucket"):
        tm.upload_many("bucket", [(f, "k")])
    with pytest.raises(TypeError, match="pairs"):
        tm.upload_many(bucket, [f])
    with pytest.raises(TypeError, match="object key"):
        tm.upload_many(bucket, [(f, 5)])
    with pytest.raises(TypeError, match="path"):
        tm.download_many(bucket, [("k", 5)])
    with pytest.raises(TypeError, match="prefix"):
        tm.upload_directory(bucket, tmp_path, prefix=b"x")
    with pytest.raises(TypeError, match="progress"):
        tm.upload_many(bucket, [(f, "k")], progress="loud")
    assert list(bucket.list(recursive=True)) == []


def test_a_failing_callback_stops_the_batch_and_is_raised(bucket, tmp_path):
    for i in range(4):
        (tmp_path / f"f{i}").write_bytes(b"%d" % i)

    def on_item(result, done, total):
        raise RuntimeError("callback broke")

    with pytest.raises(RuntimeError, match="callback broke"):
        tm.upload_directory(bucket, tmp_path, "cb", concurrency=1, on_item=on_item)
    assert len(list(bucket.list("cb/"))) <= 1

    def progress(done, total):
        raise KeyError("progress broke")

    with pytest.raises(KeyError, match="progress broke"):
        tm.upload_directory(bucket, tmp_path, "pg", concurrency=1, progress=progress)
    assert list(bucket.list("pg/")) == []  # the callback fails the upload it reports on


def _batch_threads():
    return [t for t in threading.enumerate() if t.name.startswith("storj-batch") and t.is_alive()]


def test_ctrl_c_stops_the_batch_promptly(bucket, tmp_path):
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.fail("SIGINT does not raise KeyboardInterrupt here (run in the foreground)",
                    pytrace=False)
    block = os.urandom(1 << 20)
    for i in range(6):
        with open(tmp_path / f"big{i}", "wb") as f:
            for _ in range(48):
                f.write(block)
    sent = {}

    def fire():
        sent["at"] = time.monotonic()
        os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Timer(1.0, fire)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            tm.upload_directory(bucket, tmp_path, "int", concurrency=3)
    finally:
        timer.cancel()
    took = time.monotonic() - sent["at"]
    assert took < 15, f"the batch took {took:.1f} s to stop"
    assert _batch_threads() == []
    # whatever was committed is whole; nothing is half there
    for obj in bucket.list("int/", recursive=True):
        assert obj.content_length == 48 << 20


def test_aio_mirror_up_down_and_cancel(access, bucket, tmp_path):
    src = tmp_path / "src"
    hashes = _tree(src, 40, seed=5)
    big = tmp_path / "big"
    big.mkdir()
    for i in range(4):
        (big / f"b{i}").write_bytes(os.urandom(24 << 20))

    async def main():
        async with await aio.open_project(access) as project:
            ab = await project.stat_bucket(bucket.name)
            up = await aio.transfer_manager.upload_directory(ab, src, "a/", concurrency=4)
            assert up.ok and len(up) == 40
            down = await aio.transfer_manager.download_directory(ab, "a/", tmp_path / "dst")
            assert down.ok and len(down) == 40
            with pytest.raises(TypeError, match="unexpected keyword"):
                await aio.transfer_manager.upload_many(ab, [], colour="red")
            # cancelling the task stops the batch; its threads are gone when it ends
            task = asyncio.ensure_future(
                aio.transfer_manager.upload_directory(ab, big, "c/", concurrency=2))
            await asyncio.sleep(0.5)
            task.cancel()
            started = time.monotonic()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert time.monotonic() - started < 15
            assert _batch_threads() == []

    asyncio.run(main())
    assert _hashes(tmp_path / "dst") == hashes
    for obj in bucket.list("c/", recursive=True):
        assert obj.content_length == 24 << 20
