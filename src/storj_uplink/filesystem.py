"""An fsspec filesystem for Storj: ``sj://bucket/key`` in pandas, dask, xarray, fsspec...

Install the ``fsspec`` extra (``pip install 'storj-uplink-sdk[fsspec]'``); the
``sj`` protocol is then registered with fsspec through an entry point::

    import fsspec, pandas as pd

    fs = fsspec.filesystem("sj", access=grant)        # or StorjFileSystem(access=grant)
    with fs.open("sj://bucket/data.bin", "rb") as f:   # ranged downloads as you seek/read
        header = f.read(16)
    df = pd.read_csv("sj://bucket/table.csv", storage_options={"access": grant})

Paths are ``bucket/key`` (the ``sj://`` prefix is optional). The root lists the
buckets; a bare bucket is a directory (``mkdir``/``makedirs`` create it,
``rmdir`` deletes it when empty); deeper directories are implicit: they exist
while objects are below them, and need not (cannot) be created.

Writes are buffered and streamed into one upload, committed when the file is
closed; a ``with`` block that ends with an exception (or :meth:`StorjFile.discard`)
aborts it, so no partial object is ever visible. ``put_file``/``get_file`` use the
parallel :meth:`Bucket.upload_file` / :meth:`Bucket.download_file`; ``put``/``get``
of many files run as batches of :mod:`storj_uplink.transfer_manager`; ``cp_file``
and ``mv`` are server-side copies and moves.

Only this module imports fsspec: ``import storj_uplink`` never needs it.
"""

from __future__ import annotations

import errno
import io
import os
import threading
import weakref
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

from fsspec import AbstractFileSystem
from fsspec.asyn import AsyncFileSystem
from fsspec.spec import AbstractBufferedFile
from fsspec.utils import isfilelike

from ._content_type import AUTO, ContentType
from ._fs_async import AsyncMethods
from .access import Access
from .config import Config
from .errors import BucketNotFoundError, NotFoundError, ObjectNotFoundError
from .info import ObjectInfo
from .project import Project
from .url import parse_url

__all__ = ["StorjFileSystem", "StorjFile"]

Entry = Dict[str, Any]


def _has_magic(path: str) -> bool:
    return any(c in path for c in "*?[")


@contextmanager
def _not_found_as_oserror(path: str) -> Iterator[None]:
    """Turn the SDK's not-found errors into FileNotFoundError, as fsspec callers expect."""
    try:
        yield
    except NotFoundError as e:
        raise FileNotFoundError(errno.ENOENT, str(e), path) from e


def _file_entry(bucket: str, info: ObjectInfo) -> Entry:
    return {"name": f"{bucket}/{info.key}", "size": info.content_length, "type": "file",
            "created": info.created, "expires": info.expires, "metadata": dict(info.metadata)}


def _dir_entry(name: str, created: Optional[datetime] = None) -> Entry:
    return {"name": name, "size": 0, "type": "directory", "created": created}


class _Handles:
    """The native objects a filesystem opened (kept apart from it for its finalizer)."""

    def __init__(self) -> None:
        self.access: Optional[Access] = None  # only one this filesystem parsed itself
        self.project: Optional[Project] = None

    def close(self) -> None:
        project, access = self.project, self.access
        self.project = self.access = None
        try:
            if project is not None:
                project.close()
        finally:
            if access is not None:
                access.close()


class _StorjCached(type(AbstractFileSystem)):  # type: ignore[misc]
    """fsspec's instance cache, skipped when ``access`` is an :class:`Access` object.

    fsspec caches instances by the text of their arguments, and two different
    Access objects have the same text: each gets its own instance instead.
    """

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        access = kwargs.get("access", args[0] if args else None)
        if access is not None and not isinstance(access, str):
            kwargs["skip_instance_cache"] = True
        return super().__call__(*args, **kwargs)


class StorjFileSystem(AsyncMethods, AsyncFileSystem,  # type: ignore[misc]
                      metaclass=_StorjCached):
    """Storj as an fsspec filesystem (protocol ``sj``), synchronous and asynchronous.

    :param access: a serialized access grant or an :class:`Access` (which the
        caller keeps and closes); default: the ``STORJ_ACCESS`` environment variable.
    :param config: the :class:`Config` of the project connection.
    :param asynchronous: fsspec's flag: create it inside a running event loop
        and await the coroutines (``await fs._cat(paths)``, ``_cat_ranges``,
        ``_get``, ``_info``...), which run on the thread pool of
        :mod:`storj_uplink.aio` and so run concurrently (see docs/fsspec.md).

    The project is opened on first use and shared by every operation and
    file (it is thread-safe). :meth:`close` closes it (and the access the
    filesystem parsed itself); a later operation reopens them.
    ``StorjFileSystem.clear_instance_cache()`` closes the cached instances.
    """

    protocol = "sj"
    root_marker = ""

    def __init__(self, access: Union[str, Access, None] = None, *,
                 config: Optional[Config] = None, **storage_options: Any) -> None:
        super().__init__(**storage_options)
        if access is None:
            access = os.environ.get("STORJ_ACCESS", "").strip() or None
        if access is None:
            raise ValueError("StorjFileSystem needs an access grant: pass access= (a serialized "
                             "grant or a storj_uplink.Access) or set STORJ_ACCESS")
        if not isinstance(access, (str, Access)):
            raise TypeError(f"access must be a serialized grant (str) or an Access, "
                            f"not {type(access).__name__}")
        if config is not None and not isinstance(config, Config):
            raise TypeError(f"config must be a storj_uplink.Config, not {type(config).__name__}")
        self._grant = access if isinstance(access, str) else None
        self._given_access = access if isinstance(access, Access) else None
        self._config = config
        self._lock = threading.Lock()
        self._handles = _Handles()
        if self._grant is not None:
            self._handles.access = Access.parse(self._grant)  # fail early on a bad grant
        self._finalizer = weakref.finalize(self, self._handles.close)
        # typeshed's 3.9 stubs miss that finalize.atexit is writable (it is, on every version)
        self._finalizer.atexit = False  # type: ignore[misc,unused-ignore]

    # ---- connection --------------------------------------------------------------
    @property
    def project(self) -> Project:
        """The open project (opened, or reopened after :meth:`close`, on first use)."""
        with self._lock:
            handles = self._handles
            if handles.project is None or handles.project.closed:
                access = self._given_access
                if access is None:
                    if handles.access is None or handles.access.closed:
                        assert self._grant is not None
                        handles.access = Access.parse(self._grant)
                    access = handles.access
                handles.project = access.open_project(self._config)
            return handles.project

    def close(self) -> None:
        """Close the project and the access this filesystem parsed. Idempotent."""
        with self._lock:
            self._handles.close()

    @classmethod
    def clear_instance_cache(cls) -> None:
        """Close every cached instance, then forget them (fsspec's cache of instances)."""
        for fs in list(cls._cache.values()):
            if isinstance(fs, StorjFileSystem):
                fs.close()
        super().clear_instance_cache()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} protocol={self.protocol!r}>"

    # ---- paths -------------------------------------------------------------------
    @classmethod
    def _strip_protocol(cls, path: Any) -> Any:
        stripped = super()._strip_protocol(path)
        if isinstance(stripped, list):
            return [p.lstrip("/") for p in stripped]
        return stripped.lstrip("/")

    def split_path(self, path: str) -> Tuple[str, str]:
        """``(bucket, key)`` of a path (either may be ``""``)."""
        stripped = self._strip_protocol(path)
        if not stripped:
            return "", ""
        url = parse_url(stripped, require_scheme=False)
        return url.bucket, url.key

    # ---- listing and information -------------------------------------------------
    def ls(self, path: str, detail: bool = True, **kwargs: Any) -> Union[List[Entry], List[str]]:
        """The entries one level below ``path`` (the buckets at the root; a file lists itself)."""
        path = self._strip_protocol(path)
        bucket, key = self.split_path(path)
        project = self.project
        entries: List[Entry] = []
        if not bucket:
            entries = [_dir_entry(b.name, b.created) for b in project.list_buckets()]
        else:
            prefix = key + "/" if key else ""
            marker = False
            with _not_found_as_oserror(path):
                for obj in project.list_objects(bucket, prefix, system=True, custom=True):
                    if obj.key == prefix:
                        marker = True  # an explicit "directory" object: not a child
                    elif obj.is_prefix:
                        entries.append(_dir_entry(f"{bucket}/{obj.key.rstrip('/')}"))
                    else:
                        entries.append(_file_entry(bucket, obj))
                if not entries and key and not marker:
                    try:
                        entries = [_file_entry(bucket, project.stat_object(bucket, key))]
                    except ObjectNotFoundError:
                        raise FileNotFoundError(errno.ENOENT, "no such file or directory",
                                                path) from None
        entries.sort(key=lambda e: str(e["name"]))
        if detail:
            return entries
        return [str(e["name"]) for e in entries]

    def info(self, path: str, **kwargs: Any) -> Entry:
        """The entry of ``path``: a file (an object) or a directory (a bucket, a prefix).

        :raises FileNotFoundError: when there is nothing at ``path``.
        """
        path = self._strip_protocol(path)
        bucket, key = self.split_path(path)
        if not bucket:
            return _dir_entry("")
        project = self.project
        with _not_found_as_oserror(path):
            if not key:
                return _dir_entry(bucket, project.stat_bucket(bucket).created)
            try:
                return _file_entry(bucket, project.stat_object(bucket, key))
            except ObjectNotFoundError:
                pass
            with project.list_objects(bucket, key + "/") as below:
                if next(below, None) is not None:
                    return _dir_entry(path)
        raise FileNotFoundError(errno.ENOENT, "no such file or directory", path)

    def find(self, path: str, maxdepth: Optional[int] = None, withdirs: bool = False,
             detail: bool = False, **kwargs: Any) -> Union[List[str], Dict[str, Entry]]:
        """Every file below ``path`` (directories too, with ``withdirs``): one recursive listing."""
        path = self._strip_protocol(path)
        bucket, key = self.split_path(path)
        if maxdepth is not None or not bucket:
            found: Union[List[str], Dict[str, Entry]] = super().find(
                path, maxdepth=maxdepth, withdirs=withdirs, detail=detail, **kwargs)
            return found
        project = self.project
        prefix = key + "/" if key else ""
        out: Dict[str, Entry] = {}

        def add_dirs(rel_dir: str) -> None:
            parts = [p for p in rel_dir.split("/") if p]
            for i in range(1, len(parts) + 1):
                name = f"{bucket}/{prefix}{'/'.join(parts[:i])}"
                out.setdefault(name, _dir_entry(name))

        try:
            for obj in project.list_objects(bucket, prefix, recursive=True, custom=True):
                rel = obj.key[len(prefix):]
                if obj.is_prefix or obj.key.endswith("/"):  # a "directory" marker object
                    if withdirs:
                        add_dirs(rel)
                    continue
                out[f"{bucket}/{obj.key}"] = _file_entry(bucket, obj)
                if withdirs:
                    add_dirs(rel.rpartition("/")[0])
            if withdirs and (out or not key):
                out[path] = self.info(path) if not key else _dir_entry(path)
            if not out and key:
                out[path] = _file_entry(bucket, project.stat_object(bucket, key))
        except (BucketNotFoundError, ObjectNotFoundError):
            pass  # like fsspec's find: nothing there
        names = sorted(out)
        return {n: out[n] for n in names} if detail else names

    def created(self, path: str) -> Optional[datetime]:
        """When the object (or bucket) was created (``None`` for an implicit directory)."""
        created: Optional[datetime] = self.info(path).get("created")
        return created

    def modified(self, path: str) -> Optional[datetime]:
        """The same as :meth:`created`: a Storj object never changes after its upload."""
        return self.created(path)

    # ---- directories (buckets) ---------------------------------------------------
    def mkdir(self, path: str, create_parents: bool = True, **kwargs: Any) -> None:
        """Create the bucket of a bare-bucket path (FileExistsError if it exists).

        Deeper directories are implicit: for them this only checks (or, with
        ``create_parents``, ensures) that the bucket exists.
        """
        bucket, key = self.split_path(path)
        if not bucket:
            raise ValueError("cannot create the root of the filesystem")
        if not key:
            self.project.create_bucket(bucket)
        elif create_parents:
            self.project.ensure_bucket(bucket)
        else:
            with _not_found_as_oserror(path):
                self.project.stat_bucket(bucket)

    def makedirs(self, path: str, exist_ok: bool = False) -> None:
        """Create the bucket of ``path`` if needed (FileExistsError for an existing bucket
        without ``exist_ok``); deeper directories are implicit."""
        bucket, key = self.split_path(path)
        if not bucket:
            raise ValueError("cannot create the root of the filesystem")
        if key or exist_ok:
            self.project.ensure_bucket(bucket)
        else:
            self.project.create_bucket(bucket)

    def rmdir(self, path: str) -> None:
        """Delete an empty bucket; for a deeper path, check that nothing is below it."""
        bucket, key = self.split_path(path)
        project = self.project
        with _not_found_as_oserror(path):
            if not key:
                project.delete_bucket(bucket)
                return
            with project.list_objects(bucket, key + "/", recursive=True) as below:
                if any(o.key != key + "/" for o in below):
                    raise OSError(errno.ENOTEMPTY, "directory not empty", path)
            project.delete_object(bucket, key + "/")  # an explicit marker object, if any

    # ---- deleting ----------------------------------------------------------------
    def rm_file(self, path: str) -> None:
        """Delete one object (FileNotFoundError if there is none)."""
        bucket, key = self.split_path(path)
        if not key:
            raise IsADirectoryError(errno.EISDIR, "a bucket is not a file", path)
        with _not_found_as_oserror(path):
            if self.project.delete_object(bucket, key) is None:
                raise FileNotFoundError(errno.ENOENT, "no such file", path)

    def rm(self, path: Union[str, List[str]], recursive: bool = False,
           maxdepth: Optional[int] = None) -> None:
        """Delete files; with ``recursive``, directories and what is below (a bucket included)."""
        if (recursive and maxdepth is None and isinstance(path, str)
                and not _has_magic(path)):
            bucket, key = self.split_path(path)
            if bucket and not key:
                with _not_found_as_oserror(path):
                    self.project.delete_bucket(bucket, with_objects=True)
                return
        project = self.project
        for p in reversed(self.expand_path(path, recursive=recursive, maxdepth=maxdepth)):
            bucket, key = self.split_path(p)
            with _not_found_as_oserror(p):
                if not key:
                    if not recursive:
                        raise IsADirectoryError(errno.EISDIR, "use recursive=True to delete a "
                                                "bucket", p)
                    project.delete_bucket(bucket)
                elif project.delete_object(bucket, key) is None:
                    if not recursive and self.isdir(p):
                        raise IsADirectoryError(errno.EISDIR, "use recursive=True to delete a "
                                                "directory", p)
                    project.delete_object(bucket, key + "/")  # a directory marker, if any

    # ---- copying and moving (server side) ----------------------------------------
    def cp_file(self, path1: str, path2: str, **kwargs: Any) -> None:
        """Copy one object server-side (a directory has nothing to copy: implicit)."""
        b1, k1 = self.split_path(path1)
        b2, k2 = self.split_path(path2)
        if not k1 or not k2:
            if not k1:
                return  # a bucket as a directory of a recursive copy
            raise IsADirectoryError(errno.EISDIR, "the destination is a bucket", path2)
        try:
            self.project.copy_object(b1, k1, b2, k2)
        except ObjectNotFoundError as e:
            if self.isdir(path1):
                return
            raise FileNotFoundError(errno.ENOENT, str(e), path1) from e
        except BucketNotFoundError as e:
            raise FileNotFoundError(errno.ENOENT, str(e), f"{path1} or {path2}") from e

    def mv(self, path1: Any, path2: Any, recursive: bool = False,
           maxdepth: Optional[int] = None, **kwargs: Any) -> None:
        """Move: one object to a new name server-side; anything else as copy then delete."""
        if (isinstance(path1, str) and isinstance(path2, str) and not recursive
                and not _has_magic(path1) and not path2.endswith("/")):
            p1, p2 = self._strip_protocol(path1), self._strip_protocol(path2)
            b1, k1 = self.split_path(p1)
            b2, k2 = self.split_path(p2)
            if p1 == p2:
                return
            if k1 and k2 and self.isfile(p1) and not self.isdir(p2):
                with _not_found_as_oserror(p1):
                    self.project.move_object(b1, k1, b2, k2)  # replaces p2, like a rename
                return
        super().mv(path1, path2, recursive=recursive, maxdepth=maxdepth, **kwargs)

    # ---- whole objects -----------------------------------------------------------
    def cat_file(self, path: str, start: Optional[int] = None, end: Optional[int] = None,
                 **kwargs: Any) -> bytes:
        """The object's bytes ``[start:end]``, read with one (ranged) download."""
        if (start is not None and start < 0) or (end is not None and end < 0):
            return super().cat_file(path, start, end, **kwargs)  # type: ignore[no-any-return]
        bucket, key = self.split_path(path)
        offset = start or 0
        project = self.project
        with _not_found_as_oserror(path):
            if end is not None or offset:
                size = project.stat_object(bucket, key).content_length
                stop = size if end is None else min(end, size)
                if offset >= stop:
                    return b""
                with project.download_object(bucket, key, offset, stop - offset) as down:
                    return down.read()
            with project.download_object(bucket, key) as down:
                return down.read()

    def pipe_file(self, path: str, value: bytes, mode: str = "overwrite",
                  **kwargs: Any) -> None:
        """Upload ``value`` as the object (``mode="create"``: FileExistsError if it exists)."""
        bucket, key = self.split_path(path)
        if not key:
            raise IsADirectoryError(errno.EISDIR, "a bucket is not a file", path)
        if mode == "create" and self.exists(path):
            raise FileExistsError(errno.EEXIST, "the object exists", path)
        with _not_found_as_oserror(path):
            self.project.bucket(bucket).put(key, value, metadata=kwargs.get("metadata"),
                                            content_type=kwargs.get("content_type", AUTO))

    def put_file(self, lpath: Any, rpath: str, callback: Any = None, mode: str = "overwrite",
                 **kwargs: Any) -> None:
        """Upload a local file with :meth:`Bucket.upload_file` (parallel parts when large)."""
        if mode == "create" and self.exists(rpath):
            raise FileExistsError(errno.EEXIST, "the object exists", rpath)
        if os.path.isdir(lpath):
            self.makedirs(rpath, exist_ok=True)
            return
        bucket, key = self.split_path(rpath)
        if not key:
            raise IsADirectoryError(errno.EISDIR, "a bucket is not a file", rpath)
        progress = None
        if callback is not None:
            callback.set_size(os.path.getsize(lpath))

            def progress(done: int, total: Optional[int]) -> None:
                callback.absolute_update(done)

        with _not_found_as_oserror(rpath):
            self.project.bucket(bucket).upload_file(os.fspath(lpath), key, progress=progress,
                                                    metadata=kwargs.get("metadata"),
                                                    content_type=kwargs.get("content_type", AUTO))

    def get_file(self, rpath: str, lpath: Any, callback: Any = None, outfile: Any = None,
                 **kwargs: Any) -> None:
        """Download an object with :meth:`Bucket.download_file` (parallel ranges when large)."""
        if outfile is None and isfilelike(lpath):
            outfile = lpath
        entry = self.info(rpath)
        if entry["type"] == "directory":
            if outfile is None:
                os.makedirs(lpath, exist_ok=True)
            return
        bucket, key = self.split_path(rpath)
        progress = None
        if callback is not None:
            callback.set_size(entry["size"])

            def progress(done: int, total: Optional[int]) -> None:
                callback.absolute_update(done)

        target = outfile
        if target is None:
            target = os.fspath(lpath)
            parent = os.path.dirname(os.path.abspath(target))
            os.makedirs(parent, exist_ok=True)
        with _not_found_as_oserror(rpath):
            self.project.bucket(bucket).download_file(key, target, progress=progress)

    # ---- files -------------------------------------------------------------------
    def _open(self, path: str, mode: str = "rb", block_size: Any = None,
              autocommit: bool = True, cache_options: Optional[Dict[str, Any]] = None,
              **kwargs: Any) -> "StorjFile":
        path = self._strip_protocol(path)
        if not self.split_path(path)[1]:
            raise IsADirectoryError(errno.EISDIR, "a bucket is not a file", path)
        if mode == "ab":
            raise NotImplementedError("Storj objects cannot be appended to (they are immutable)")
        if mode == "rb":
            entry = self.info(path)
            if entry["type"] != "file":
                raise IsADirectoryError(errno.EISDIR, "is a directory", path)
            kwargs.setdefault("size", entry["size"])
            kwargs["details"] = entry
        elif mode == "xb" and self.exists(path):
            raise FileExistsError(errno.EEXIST, "the object exists", path)
        return StorjFile(self, path, mode, block_size, autocommit, cache_options=cache_options,
                         **kwargs)


class StorjFile(AbstractBufferedFile):  # type: ignore[misc]
    """A file of a :class:`StorjFileSystem`.

    Reading fetches byte ranges with ranged downloads (through fsspec's
    read-ahead cache), so ``seek`` + ``read`` only transfers what is read.
    Writing (``wb``/``xb``) streams the buffered blocks into one upload,
    committed on :meth:`close` -- or, inside a transaction, on :meth:`commit`.
    :meth:`discard`, and a ``with`` block left by an exception, abort it.

    Extra ``open`` options for writing: ``metadata`` (str → str),
    ``expires`` (an aware datetime) and ``content_type`` (``"auto"``, the
    default, guesses it from the key; ``None`` stores none; see
    :meth:`Project.upload_object`). ``pipe`` and ``put`` take ``metadata``
    and ``content_type`` too.
    """

    def __init__(self, fs: StorjFileSystem, path: str, mode: str = "rb",
                 block_size: Any = "default", autocommit: bool = True,
                 cache_type: str = "readahead", cache_options: Optional[Dict[str, Any]] = None,
                 *, metadata: Optional[Dict[str, str]] = None, expires: Optional[datetime] = None,
                 details: Optional[Entry] = None, content_type: ContentType = AUTO,
                 **kwargs: Any) -> None:
        self.bucket, self.key = fs.split_path(path)
        self.metadata = metadata
        self.content_type = content_type
        self.expires = expires
        self._upload: Any = None
        if details is not None:
            self._details = details
        super().__init__(fs, path, mode, block_size, autocommit, cache_type=cache_type,
                         cache_options=cache_options, **kwargs)

    def _fetch_range(self, start: int, end: int) -> bytes:
        end = min(end, self.size)
        if start >= end:
            return b""
        with _not_found_as_oserror(self.path):
            with self.fs.project.download_object(self.bucket, self.key, start,
                                                 end - start) as down:
                data: bytes = down.read()
        return data

    def _initiate_upload(self) -> None:
        with _not_found_as_oserror(self.path):
            self._upload = self.fs.project.upload_object(self.bucket, self.key, self.expires,
                                                         self.metadata,
                                                         content_type=self.content_type)

    def _upload_chunk(self, final: bool = False) -> bool:
        with _not_found_as_oserror(self.path), self.buffer.getbuffer() as data:
            if len(data):
                self._upload.write(data)
        if final and self.autocommit:
            self.commit()
        return True

    def commit(self) -> None:
        """Commit the upload: the object becomes visible (done by ``close`` normally)."""
        if self._upload is not None and not self._upload.committed:
            with _not_found_as_oserror(self.path):
                self._upload.commit()

    def discard(self) -> None:
        """Abort the upload: no object is created. The file is closed."""
        if self._upload is not None and not self._upload.committed:
            self._upload.abort()
        if self.writable():
            self.buffer = io.BytesIO()
            self.closed = True

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is not None and self.writable():
            self.discard()  # never commit what an exception interrupted
        else:
            self.close()
