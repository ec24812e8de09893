"""The fsspec filesystem (storj_uplink.filesystem) on the real local network.

Besides its own round trips, it runs fsspec's abstract test suite
(fsspec.tests.abstract): every test of AbstractCopyTests, AbstractGetTests,
AbstractPutTests, AbstractOpenTests and AbstractPipeTests, with
``supports_empty_directories`` False (directories are implicit in object
storage: the suite then adds a dummy file where it needs one). The module-level
tests of fsspec.tests.abstract.mv are not a suite (they exercise the local
filesystem's chmod permissions only), so they do not apply.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath

import pytest

fsspec = pytest.importorskip("fsspec")

import fsspec.tests.abstract as abstract  # noqa: E402

import storj_uplink as sj  # noqa: E402
from storj_uplink.filesystem import StorjFileSystem  # noqa: E402

pytestmark = pytest.mark.network

MiB = 1 << 20


@pytest.fixture(scope="module")
def sjfs(storj_network):
    """The (cached) filesystem of the network's grant; closed with the module."""
    fs = fsspec.filesystem("sj", access=storj_network.access)
    yield fs
    StorjFileSystem.clear_instance_cache()  # closes every cached instance's project
    fs.close()


@pytest.fixture
def root(sjfs, bucket_name):
    """A fresh bucket (made through the filesystem) as the working directory."""
    sjfs.mkdir(bucket_name)
    return bucket_name


# ---------------------------------------------------------------- construction


def test_registered_protocol_and_construction(storj_network, monkeypatch):
    assert fsspec.get_filesystem_class("sj") is StorjFileSystem
    fs = fsspec.filesystem("sj", access=storj_network.access)
    assert fs is fsspec.filesystem("sj", access=storj_network.access)  # fsspec's cache
    assert storj_network.access not in repr(fs)
    monkeypatch.setenv("STORJ_ACCESS", storj_network.access)
    from_env = StorjFileSystem(skip_instance_cache=True)
    try:
        assert from_env.ls("", detail=False) is not None
    finally:
        from_env.close()
    monkeypatch.delenv("STORJ_ACCESS")
    with pytest.raises(ValueError, match="STORJ_ACCESS"):
        StorjFileSystem(skip_instance_cache=True)
    with pytest.raises(TypeError):
        StorjFileSystem(access=42, skip_instance_cache=True)


def test_access_object_is_not_cached_and_not_closed(storj_network, bucket_name):
    with sj.Access.parse(storj_network.access) as acc:
        fs1 = StorjFileSystem(access=acc)
        fs2 = StorjFileSystem(access=acc)
        assert fs1 is not fs2
        fs1.mkdir(bucket_name)
        assert fs2.isdir(bucket_name)
        fs1.close()
        fs2.close()
        assert not acc.closed
        assert fs1.exists(bucket_name)  # reopens on use
        fs1.close()


def test_close_and_reopen(sjfs, root):
    sjfs.pipe(f"{root}/a", b"1")
    sjfs.close()
    assert sjfs.cat(f"{root}/a") == b"1"


# ---------------------------------------------------------------- round trips


def test_open_write_read_roundtrip(sjfs, root):
    data = os.urandom(3 * MiB + 17)
    path = f"sj://{root}/dir/blob.bin"
    with sjfs.open(path, "wb", block_size=MiB) as f:  # several blocks streamed
        for i in range(0, len(data), 100_000):
            f.write(data[i:i + 100_000])
    with sjfs.open(path, "rb") as f:
        assert f.size == len(data)
        got = f.read()
    assert hashlib.sha256(got).digest() == hashlib.sha256(data).digest()


def test_ranged_reads_via_seek(sjfs, root, mocker):
    data = bytes(range(256)) * 4096  # 1 MiB
    sjfs.pipe(f"{root}/r.bin", data)
    spy = mocker.spy(sj.Project, "download_object")
    with sjfs.open(f"{root}/r.bin", "rb", block_size=1024, cache_type="none") as f:
        f.seek(1000)
        assert f.read(10) == data[1000:1010]
        f.seek(-5, 2)
        assert f.read() == data[-5:]
        f.seek(500_000)
        assert f.read(3) == data[500_000:500_003]
        assert f.tell() == 500_003
    ranges = [(c.args[3], c.args[4]) for c in spy.call_args_list]
    assert (1000, 10) in ranges and (500_000, 3) in ranges
    assert all(length < len(data) for _, length in ranges)  # never the whole object


def test_cat_pipe_and_ranges(sjfs, root):
    sjfs.pipe({f"{root}/x": b"0123456789", f"{root}/y": b""})
    assert sjfs.cat_file(f"{root}/x") == b"0123456789"
    assert sjfs.cat_file(f"{root}/x", start=2, end=5) == b"234"
    assert sjfs.cat_file(f"{root}/x", start=-3) == b"789"
    assert sjfs.cat_file(f"{root}/x", start=8, end=100) == b"89"
    assert sjfs.cat_file(f"{root}/x", start=20) == b""
    assert sjfs.cat_file(f"{root}/y") == b""
    assert sjfs.cat([f"{root}/x", f"{root}/y"]) == {f"{root}/x": b"0123456789",
                                                     f"{root}/y": b""}
    with pytest.raises(FileNotFoundError):
        sjfs.cat_file(f"{root}/missing")
    with pytest.raises(FileExistsError):
        sjfs.pipe_file(f"{root}/x", b"new", mode="create")


def test_ls_info_exists(sjfs, root):
    sjfs.pipe({f"{root}/a.txt": b"aa", f"{root}/d/b.txt": b"bbb", f"{root}/d/e/c.txt": b"c"})
    sjfs.pipe_file(f"{root}/m.txt", b"m", metadata={"color": "blue"})
    listing = sjfs.ls(root)
    names = [e["name"] for e in listing]
    assert names == [f"{root}/a.txt", f"{root}/d", f"{root}/m.txt"]
    by_name = {e["name"]: e for e in listing}
    assert by_name[f"{root}/a.txt"]["type"] == "file" and by_name[f"{root}/a.txt"]["size"] == 2
    assert by_name[f"{root}/a.txt"]["created"].tzinfo is not None
    assert by_name[f"{root}/d"]["type"] == "directory"
    assert by_name[f"{root}/m.txt"]["metadata"] == {"color": "blue", "content-type": "text/plain"}
    assert sjfs.ls(f"sj://{root}/d/", detail=False) == [f"{root}/d/b.txt", f"{root}/d/e"]
    assert sjfs.ls(f"{root}/a.txt", detail=False) == [f"{root}/a.txt"]  # a file lists itself
    assert root in sjfs.ls("", detail=False)

    info = sjfs.info(f"{root}/d/b.txt")
    assert info["size"] == 3 and info["type"] == "file"
    assert sjfs.info(f"{root}/d")["type"] == "directory"
    assert sjfs.info(root)["type"] == "directory" and sjfs.info(root)["created"] is not None
    assert sjfs.isfile(f"{root}/a.txt") and not sjfs.isdir(f"{root}/a.txt")
    assert sjfs.isdir(f"{root}/d/e") and sjfs.exists(f"{root}/d/e/c.txt")
    assert not sjfs.exists(f"{root}/nothing") and not sjfs.exists("no-such-bucket-x1/k")
    assert sjfs.created(f"{root}/a.txt") == sjfs.modified(f"{root}/a.txt")
    assert sjfs.size(f"{root}/d/e/c.txt") == 1
    with pytest.raises(FileNotFoundError):
        sjfs.info(f"{root}/nothing")
    with pytest.raises(FileNotFoundError):
        sjfs.ls(f"{root}/nothing")
    with pytest.raises(FileNotFoundError):
        sjfs.ls("no-such-bucket-x1")

    assert sjfs.find(root) == [f"{root}/a.txt", f"{root}/d/b.txt", f"{root}/d/e/c.txt",
                               f"{root}/m.txt"]
    assert sjfs.find(f"{root}/d", withdirs=True) == [f"{root}/d", f"{root}/d/b.txt",
                                                     f"{root}/d/e", f"{root}/d/e/c.txt"]
    assert sjfs.find(f"{root}/d", maxdepth=1) == [f"{root}/d/b.txt"]
    assert sjfs.glob(f"{root}/**/*.txt") == sjfs.find(root)
    assert sjfs.du(root) == 2 + 3 + 1 + 1


def test_rm_mkdir_rmdir(sjfs, root, project):
    sjfs.pipe({f"{root}/a": b"1", f"{root}/d/b": b"2", f"{root}/d/e/c": b"3"})
    sjfs.rm_file(f"{root}/a")
    assert not sjfs.exists(f"{root}/a")
    with pytest.raises(FileNotFoundError):
        sjfs.rm_file(f"{root}/a")
    with pytest.raises(IsADirectoryError):
        sjfs.rm(f"{root}/d")
    with pytest.raises(OSError):
        sjfs.rmdir(root)  # not empty
    with pytest.raises(OSError):
        sjfs.rmdir(f"{root}/d")
    sjfs.rm(f"{root}/d", recursive=True)
    assert sjfs.ls(root) == []
    sjfs.makedirs(f"{root}/x/y")  # implicit directories: nothing to create
    with pytest.raises(FileExistsError):
        sjfs.mkdir(root)
    with pytest.raises(FileExistsError):
        sjfs.makedirs(root)
    sjfs.makedirs(root, exist_ok=True)
    sjfs.rmdir(root)
    assert not sjfs.exists(root)
    with pytest.raises(sj.BucketNotFoundError):
        project.stat_bucket(root)


def test_rm_recursive_bucket(sjfs, bucket_name, project):
    sjfs.makedirs(bucket_name, exist_ok=True)
    sjfs.pipe({f"{bucket_name}/a": b"1", f"{bucket_name}/d/b": b"2"})
    sjfs.rm(f"sj://{bucket_name}", recursive=True)
    assert not sjfs.exists(bucket_name)


def test_cp_file_and_mv_are_server_side(sjfs, root, bucket_name, mocker):
    sjfs.pipe(f"{root}/src", b"payload")
    copy = mocker.spy(sj.Project, "copy_object")
    move = mocker.spy(sj.Project, "move_object")
    upload = mocker.spy(sj.Project, "upload_object")
    sjfs.cp_file(f"{root}/src", f"{root}/copy")
    assert sjfs.cat(f"{root}/copy") == b"payload"
    sjfs.mv(f"{root}/copy", f"{root}/moved")
    assert not sjfs.exists(f"{root}/copy") and sjfs.cat(f"{root}/moved") == b"payload"
    assert copy.call_count == 1 and move.call_count == 1
    assert upload.call_count == 0  # no bytes went through this machine
    sjfs.pipe(f"{root}/other", b"old")
    sjfs.mv(f"{root}/moved", f"{root}/other")  # replaces, like a rename
    assert sjfs.cat(f"{root}/other") == b"payload" and move.call_count == 2
    sjfs.pipe({f"{root}/t/a": b"a", f"{root}/t/u/b": b"b"})
    sjfs.mv(f"{root}/t", f"{root}/t2", recursive=True)
    assert sjfs.find(f"{root}/t2") == [f"{root}/t2/a", f"{root}/t2/u/b"]
    assert not sjfs.exists(f"{root}/t")
    with pytest.raises(FileNotFoundError):
        sjfs.cp_file(f"{root}/missing", f"{root}/x")


def test_write_with_exception_is_aborted(sjfs, root, project):
    with pytest.raises(RuntimeError):
        with sjfs.open(f"{root}/partial", "wb") as f:
            f.write(b"x" * 1000)
            f.flush(force=False)
            raise RuntimeError("boom")
    assert not sjfs.exists(f"{root}/partial")
    f = sjfs.open(f"{root}/discarded", "wb", block_size=5 * MiB)
    f.write(b"y" * (6 * MiB))  # a block went out: the upload has begun
    f.discard()
    assert f.closed and not sjfs.exists(f"{root}/discarded")
    assert list(project.list_uploads(root, recursive=True)) == []


def test_transaction_commits_on_exit(sjfs, root):
    with sjfs.transaction:
        with sjfs.open(f"{root}/t1", "wb") as f:
            f.write(b"one")
        assert not sjfs.exists(f"{root}/t1")  # not committed yet
    assert sjfs.cat(f"{root}/t1") == b"one"


def test_open_modes_and_metadata(sjfs, root):
    with sjfs.open(f"{root}/text.txt", "w", encoding="utf-8", metadata={"k": "v"}) as f:
        f.write("héllo\n")
    with sjfs.open(f"{root}/text.txt", "r", encoding="utf-8") as f:
        assert f.read() == "héllo\n"
    assert sjfs.info(f"{root}/text.txt")["metadata"] == {"k": "v", "content-type": "text/plain"}
    with pytest.raises(FileExistsError):
        sjfs.open(f"{root}/text.txt", "xb")
    with pytest.raises(NotImplementedError):
        sjfs.open(f"{root}/text.txt", "ab")
    with pytest.raises(FileNotFoundError):
        sjfs.open(f"{root}/missing", "rb")
    with pytest.raises(IsADirectoryError):
        sjfs.open(root, "rb")
    with pytest.raises(FileNotFoundError):
        with sjfs.open("no-such-bucket-x1/k", "wb") as f:
            f.write(b"1")


def test_put_get_with_callback(sjfs, root, tmp_path):
    src = tmp_path / "big.bin"
    data = os.urandom(7 * MiB)
    src.write_bytes(data)
    seen = []

    class Recorder(fsspec.callbacks.Callback):
        def call(self, *args, **kwargs):
            seen.append((self.value, self.size))

    sjfs.put_file(str(src), f"{root}/big.bin", callback=Recorder())
    assert seen[-1] == (len(data), len(data))
    out = tmp_path / "sub" / "back.bin"
    sjfs.get_file(f"{root}/big.bin", str(out))
    assert out.read_bytes() == data
    buf = io.BytesIO()
    sjfs.get_file(f"{root}/big.bin", buf)
    assert buf.getvalue() == data


def test_pandas_roundtrip(storj_network, root):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    options = {"access": storj_network.access}
    df.to_csv(f"sj://{root}/table.csv", index=False, storage_options=options)
    back = pd.read_csv(f"sj://{root}/table.csv", storage_options=options)
    assert back.equals(df)


def test_fsspec_open_url(storj_network, root):
    with fsspec.open(f"sj://{root}/via-open.txt", "wt", access=storj_network.access) as f:
        f.write("opened")
    with fsspec.open(f"sj://{root}/via-open.txt", "rt", access=storj_network.access) as f:
        assert f.read() == "opened"


# ---------------------------------------------------------------- fsspec's abstract suite

class StorjFixtures(abstract.AbstractFixtures):
    """The abstract suite's fixtures: a fresh bucket per test as ``fs_path``."""

    @pytest.fixture
    def fs(self, sjfs):
        return sjfs

    @pytest.fixture
    def fs_path(self, sjfs, bucket_name):
        sjfs.mkdir(bucket_name)
        return bucket_name

    @pytest.fixture
    def fs_join(self):
        return posixpath.join

    @pytest.fixture
    def supports_empty_directories(self):
        return False


class TestStorjCopy(abstract.AbstractCopyTests, StorjFixtures):
    pass


class TestStorjGet(abstract.AbstractGetTests, StorjFixtures):
    pass


class TestStorjPut(abstract.AbstractPutTests, StorjFixtures):
    pass


class TestStorjOpen(abstract.AbstractOpenTests, StorjFixtures):
    pass


class TestStorjPipe(abstract.AbstractPipeTests, StorjFixtures):
    pass
