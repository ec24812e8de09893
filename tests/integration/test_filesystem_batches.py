"""fsspec ``put``/``get`` of many files go through storj_uplink.transfer_manager: the
paths fsspec expands, one batch per bucket, bytes checked by sha256, fsspec's callback
counting files, the first error raised as fsspec callers expect."""

from __future__ import annotations

import hashlib
import os

import fsspec
import pytest

from storj_uplink import _fs_async
from storj_uplink.filesystem import StorjFileSystem

from . import test_filesystem as _shared

sjfs, root = _shared.sjfs, _shared.root  # the same fixtures

pytestmark = pytest.mark.network


def _tree(base, count):
    hashes = {}
    for i in range(count):
        rel = f"a{i % 3}/{'b/' if i % 2 else ''}f{i:03d}.bin"
        data = os.urandom(100 + i * 13)
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        hashes[rel] = hashlib.sha256(data).hexdigest()
    return hashes


def _hashes(base):
    return {p.relative_to(base).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in base.rglob("*") if p.is_file()}


class Counter(fsspec.callbacks.Callback):
    pass


@pytest.fixture
def batches(monkeypatch):
    """Count the batches handed to the transfer manager (and their sizes)."""
    seen = []
    real_up, real_down = _fs_async._tm._upload_many, _fs_async._tm._download_many

    def up(bucket, pairs, stopper, **kw):
        seen.append(("up", len(pairs), kw["concurrency"]))
        return real_up(bucket, pairs, stopper, **kw)

    def down(bucket, pairs, stopper, **kw):
        seen.append(("down", len(pairs), kw["concurrency"]))
        return real_down(bucket, pairs, stopper, **kw)

    monkeypatch.setattr(_fs_async._tm, "_upload_many", up)
    monkeypatch.setattr(_fs_async._tm, "_download_many", down)
    return seen


def test_recursive_put_and_get_are_batches(sjfs, root, tmp_path, batches):
    src = tmp_path / "src"
    hashes = _tree(src, 60)
    cb = Counter()
    sjfs.put(str(src), f"sj://{root}/data", recursive=True, callback=cb, batch_size=6)
    assert batches == [("up", 60, 6)]
    assert (cb.value, cb.size) == (60, 60)  # fsspec's callback counts files
    assert sorted(sjfs.find(f"{root}/data")) == sorted(f"{root}/data/{r}" for r in hashes)

    out = tmp_path / "out"
    cb = Counter()
    sjfs.get(f"{root}/data", str(out), recursive=True, callback=cb)
    assert batches[1] == ("down", 60, 8)
    assert (cb.value, cb.size) == (60, 60)
    assert _hashes(out) == hashes

    # a list of remote files into a directory, with a glob
    out2 = tmp_path / "out2"
    sjfs.get(f"{root}/data/a0/*.bin", str(out2) + "/")
    assert sorted(os.listdir(out2)) == sorted(r.split("/")[-1] for r in hashes
                                               if r.startswith("a0/") and "/b/" not in r)


def test_get_of_a_missing_object_raises_file_not_found(sjfs, root, tmp_path):
    sjfs.pipe_file(f"{root}/x/present", b"here")
    with pytest.raises(FileNotFoundError):
        sjfs.get([f"{root}/x/present", f"{root}/x/absent"],
                 [str(tmp_path / "p"), str(tmp_path / "a")])
    assert not (tmp_path / "a").exists()


def test_put_into_a_missing_bucket_raises_file_not_found(sjfs, tmp_path, project):
    files = []
    for i in range(3):
        files.append(str(tmp_path / f"f{i}"))
        (tmp_path / f"f{i}").write_bytes(b"x")
    missing = "t-missing-" + os.urandom(6).hex()
    with pytest.raises(FileNotFoundError, match="bucket not found"):
        sjfs.put(files, [f"{missing}/f{i}" for i in range(3)])
    assert missing not in sjfs.ls("", detail=False)


def test_put_create_mode_still_checks_each_file(sjfs, root, tmp_path, batches):
    (tmp_path / "one").write_bytes(b"1")
    sjfs.pipe_file(f"{root}/one", b"old")
    with pytest.raises(FileExistsError):
        sjfs.put([str(tmp_path / "one")], [f"{root}/one"], mode="create")
    assert batches == [] and sjfs.cat_file(f"{root}/one") == b"old"


def test_async_put_and_get(storj_network, root, tmp_path):
    import asyncio

    src = tmp_path / "src"
    hashes = _tree(src, 12)

    async def main():
        fs = StorjFileSystem(access=storj_network.access, asynchronous=True,
                             skip_instance_cache=True)
        try:
            await fs._put(str(src), f"{root}/as", recursive=True)
            await fs._get(f"{root}/as", str(tmp_path / "back"), recursive=True)
        finally:
            fs.close()

    asyncio.run(main())
    assert _hashes(tmp_path / "back") == hashes
