"""The PyPI side of the benchmarks: ``storj-uplink`` 0.2.0 (ctypes over a prebuilt uplink-c).

It runs in its own venv (the harness installs the package there: the import
name ``storj_uplink`` is the same as ours), one operation per process, with the
protocol of _worker.py. It uses that package's public API the way its README
does: Uplink().parse_access(...).open_project(), upload_object().write(),
download_object().read(), stat_object, list_objects.

Known defect of 0.2.0: ``Upload.write`` passes the pointer *type*
``ctypes.POINTER(c_uint8)`` instead of a pointer to the data, so every write
raises ``ctypes.ArgumentError``. Uploads are measured with the line the
upstream project (storj-thirdparty/uplink-python) has there,
``cast(c_char_p(data), POINTER(c_uint8))``, patched in (see _patch_write); the
result says so in ``notes``.

It has no multipart API: its "parallel upload" is its own sequential
``Upload.write_file``; its parallel download runs ranged downloads
(``DownloadOptions(offset, length)``) on ``concurrency`` threads, as a user
would write it (ctypes releases the GIL during foreign calls).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, List

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _worker import Result, cpu_seconds, main, time_small_ops
from storj_uplink.module_classes import DownloadOptions, ListObjectsOptions
from storj_uplink.uplink import Uplink

from storj_uplink import upload as _upload_module

NOTES: List[str] = []


def _write_is_broken() -> bool:
    """True if 0.2.0's Upload.write fails before reaching uplink (its known defect).

    It is called on a NULL upload handle: a working write reaches uplink-c,
    which answers with an error for the NULL handle; the broken one fails in
    ctypes' argument conversion first.
    """
    from storj_uplink.module_def import _UploadStruct

    probe = _upload_module.Upload(ctypes.POINTER(_UploadStruct)(), Uplink())
    try:
        probe.write(b"x", 1)
    except ctypes.ArgumentError:
        return True
    except Exception:
        return False
    return False


def _patch_write() -> None:
    """Replace Upload.write with 0.2.0's own code plus upstream's data-pointer line."""
    from storj_uplink.module_def import _UploadStruct, _WriteResult

    from storj_uplink.errors import _storj_exception

    def write(self: Any, data_to_write: bytes, size_to_write: int) -> int:
        self.uplink.m_libuplink.uplink_upload_write.argtypes = [ctypes.POINTER(_UploadStruct),
                                                                ctypes.POINTER(ctypes.c_uint8),
                                                                ctypes.c_size_t]
        self.uplink.m_libuplink.uplink_upload_write.restype = _WriteResult
        data_to_write_ptr = ctypes.c_char_p(data_to_write)  # upstream's line
        data_to_write_ptr = ctypes.cast(data_to_write_ptr, ctypes.POINTER(ctypes.c_uint8))
        size_to_write_obj = ctypes.c_size_t(size_to_write)
        write_result = self.uplink.m_libuplink.uplink_upload_write(self.upload, data_to_write_ptr,
                                                                   size_to_write_obj)
        if bool(write_result.error):
            _storj_exception(write_result.error.contents.code,
                             write_result.error.contents.message.decode("utf-8"))
        return int(write_result.bytes_written)

    _upload_module.Upload.write = write


def _ensure_write() -> None:
    if _write_is_broken():
        _patch_write()
        NOTES.append("storj-uplink 0.2.0's Upload.write raises ctypes.ArgumentError as shipped "
                     "(it passes POINTER(c_uint8), a type, instead of the data); measured with "
                     "upstream uplink-python's cast(c_char_p(data), POINTER(c_uint8)) patched in")


def _project(args: argparse.Namespace) -> Any:
    project = Uplink().parse_access(args.access).open_project()
    project.stat_bucket(args.bucket)  # a first round trip outside the timed part
    return project


def _upload_bytes(project: Any, bucket: str, key: str, data: bytes) -> None:
    upload = project.upload_object(bucket, key)
    upload.write(data, len(data))
    upload.commit()


# Its Download.read returns (b"", 0) at segment boundaries (every 64 MiB) as
# well as at the end, so a reader must know the size and read on, as its own
# read_file does; a run of zero reads this long is taken as the end.
MAX_ZERO_READS = 1000


def _read_exactly(download: Any, want: int, chunk: int,
                  sink: Callable[[bytes, int], None]) -> int:
    """Read up to ``want`` bytes, read(chunk) at a time; pass each piece to sink(data, pos)."""
    got = zeros = 0
    while got < want and zeros < MAX_ZERO_READS:
        data, n = download.read(min(chunk, want - got))
        if n:
            sink(data, got)
            got += n
            zeros = 0
        else:
            zeros += 1
    return got


def _download_all(project: Any, bucket: str, key: str, size: int, chunk: int) -> int:
    """Read ``size`` bytes with read(chunk) (it returns fresh bytes each call)."""
    download = project.download_object(bucket, key)
    try:
        return _read_exactly(download, size, chunk, lambda data, pos: None)
    finally:
        download.close()


def updown(args: argparse.Namespace) -> Result:
    _ensure_write()
    project = _project(args)
    data = os.urandom(args.chunk)
    size, chunk = args.size, args.chunk

    start, cpu = time.perf_counter(), cpu_seconds()
    upload = project.upload_object(args.bucket, args.key)
    left = size
    while left >= chunk:
        upload.write(data, chunk)
        left -= chunk
    if left:
        upload.write(data[:left], left)
    upload.commit()
    up_s, up_cpu = time.perf_counter() - start, cpu_seconds() - cpu

    start, cpu = time.perf_counter(), cpu_seconds()
    got = _download_all(project, args.bucket, args.key, size, chunk)
    down_s, down_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    if got != size:
        raise RuntimeError(f"downloaded {got} bytes, expected {size}")
    project.delete_object(args.bucket, args.key)
    project.close()
    return {"bytes": size, "upload_s": up_s, "download_s": down_s,
            "upload_cpu_s": up_cpu, "download_cpu_s": down_cpu, "notes": NOTES}


def small(args: argparse.Namespace) -> Result:
    _ensure_write()
    project = _project(args)
    stat_key = args.prefix + "obj-000"
    data = os.urandom(1024)

    def stat(i: int) -> None:
        project.stat_object(args.bucket, stat_key)

    def list100(i: int) -> None:
        items = project.list_objects(args.bucket, ListObjectsOptions(prefix=args.prefix,
                                                                     system=True))
        if len(items) < 100:
            raise RuntimeError(f"listed {len(items)} objects, expected at least 100")

    def put_get(i: int) -> None:
        key = f"{args.key}-{i}"
        _upload_bytes(project, args.bucket, key, data)
        download = project.download_object(args.bucket, key)
        try:
            got, _n = download.read(len(data))
        finally:
            download.close()
        if got != data:
            raise RuntimeError("put+get: the data read back differs")

    result = time_small_ops(args.count, stat=stat, list=list100, putget=put_get)
    project.close()
    result["notes"] = NOTES
    return result


def parallel_upload(args: argparse.Namespace) -> Result:
    _ensure_write()
    project = _project(args)
    NOTES.append("no multipart API in storj-uplink 0.2.0: one sequential Upload.write_file")
    start = time.perf_counter()
    upload = project.upload_object(args.bucket, args.key)
    with open(args.file, "rb") as f:
        upload.write_file(f, args.chunk)
    upload.commit()
    seconds = time.perf_counter() - start
    size = os.path.getsize(args.file)
    project.delete_object(args.bucket, args.key)
    project.close()
    return {"bytes": size, "seconds": seconds, "notes": NOTES}


def parallel_download(args: argparse.Namespace) -> Result:
    project = _project(args)
    start = time.perf_counter()
    size = project.stat_object(args.bucket, args.key).system.content_length
    tmp = f"{args.file}.{os.getpid()}.part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    lock = threading.Lock()
    try:
        os.ftruncate(fd, size)

        def fetch(offset: int) -> None:
            length = min(args.part_size, size - offset)
            download = project.download_object(args.bucket, args.key,
                                               DownloadOptions(offset, length))
            try:
                got = _read_exactly(download, length, args.chunk,
                                    lambda data, pos: os.pwrite(fd, data, offset + pos))
            finally:
                with lock:
                    download.close()
            if got != length:
                raise RuntimeError(f"range at {offset}: got {got} of {length} bytes")

        with ThreadPoolExecutor(args.concurrency) as pool:
            for f in [pool.submit(fetch, off) for off in range(0, size, args.part_size)]:
                f.result()
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, args.file)
    seconds = time.perf_counter() - start
    project.close()
    return {"bytes": size, "seconds": seconds,
            "notes": ["ranged downloads on threads (DownloadOptions(offset, length))"]}


if __name__ == "__main__":
    main({"updown": updown, "small": small, "parallel-upload": parallel_upload,
          "parallel-download": parallel_download})
