"""The SDK side of the benchmarks: this package (storj_uplink, cffi over go/).

One operation per process; see _worker.py for the protocol and go/bench for
the same work done in Go. It uses the public API the way a user would:
Upload.write / Download.readinto on reused buffers, Project.stat_object,
list_objects, Bucket.put/get, Bucket.upload_file/download_file.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Callable, Dict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _worker import Result, cpu_seconds, main, time_small_ops

import storj_uplink as sj


def _project(args: argparse.Namespace) -> "sj.Project":
    project = sj.Access.parse(args.access).open_project()
    project.stat_bucket(args.bucket)  # a first round trip outside the timed part, as in Go
    return project


def updown(args: argparse.Namespace) -> Result:
    project = _project(args)
    data = memoryview(os.urandom(args.chunk))
    size, chunk = args.size, args.chunk

    start, cpu = time.perf_counter(), cpu_seconds()
    with project.upload_object(args.bucket, args.key) as upload:
        write = upload.write
        left = size
        while left >= chunk:
            write(data)
            left -= chunk
        if left:
            write(data[:left])
    up_s, up_cpu = time.perf_counter() - start, cpu_seconds() - cpu

    start, cpu = time.perf_counter(), cpu_seconds()
    got = _stream_down(project, args.bucket, args.key, chunk)
    down_s, down_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    if got != size:
        raise RuntimeError(f"downloaded {got} bytes, expected {size}")
    project.delete_object(args.bucket, args.key)
    project.close()
    return {"bytes": size, "upload_s": up_s, "download_s": down_s,
            "upload_cpu_s": up_cpu, "download_cpu_s": down_cpu}


def download_only(args: argparse.Namespace) -> Result:
    """Stream an existing object down (for profiling; not a measure of the harness)."""
    project = _project(args)
    start, cpu = time.perf_counter(), cpu_seconds()
    got = _stream_down(project, args.bucket, args.key, args.chunk)
    return {"bytes": got, "download_s": time.perf_counter() - start,
            "download_cpu_s": cpu_seconds() - cpu}


def _stream_down(project: "sj.Project", bucket: str, key: str, chunk: int) -> int:
    """Download a whole object with readinto on one reused buffer; its size."""
    buf = bytearray(chunk)
    got = 0
    with project.download_object(bucket, key) as download:
        readinto = download.readinto
        while True:
            n = readinto(buf)
            if not n:
                break
            got += n
    return got


def small(args: argparse.Namespace) -> Result:
    project = _project(args)
    bucket = project.bucket(args.bucket)
    stat_key = args.prefix + "obj-000"
    data = os.urandom(1024)

    def stat(i: int) -> None:
        project.stat_object(args.bucket, stat_key)

    def list100(i: int) -> None:
        n = sum(1 for _ in project.list_objects(args.bucket, args.prefix))
        if n < 100:
            raise RuntimeError(f"listed {n} objects under {args.prefix!r}, expected at least 100")

    def put_get(i: int) -> None:
        key = f"{args.key}-{i}"
        bucket.put(key, data)
        if bucket.get(key) != data:
            raise RuntimeError("put+get: the data read back differs")

    result = time_small_ops(args.count, stat=stat, list=list100, putget=put_get)
    project.close()
    return result


def _whole_file(args: argparse.Namespace,
                transfer: Callable[["sj.Bucket", Dict[str, int]], "sj.ObjectInfo"]) -> Result:
    """Time one upload_file/download_file call (parts in flight and part size from args)."""
    project = _project(args)
    bucket = project.bucket(args.bucket)
    start = time.perf_counter()
    info = transfer(bucket, {"concurrency": args.concurrency, "part_size": args.part_size})
    seconds = time.perf_counter() - start
    project.close()
    return {"bytes": info.content_length, "seconds": seconds}


def parallel_upload(args: argparse.Namespace) -> Result:
    return _whole_file(args, lambda b, opts: b.upload_file(args.file, args.key, **opts))


def parallel_download(args: argparse.Namespace) -> Result:
    return _whole_file(args, lambda b, opts: b.download_file(args.key, args.file, **opts))


def many_files(args: argparse.Namespace) -> Result:
    """Upload the directory ``-file`` to ``-prefix`` then download it into ``-target`` with
    storj_uplink.transfer_manager, ``-concurrency`` files at once (as ``uplink cp
    --recursive --transfers N``)."""
    from storj_uplink import transfer_manager as tm

    project = _project(args)
    bucket = project.bucket(args.bucket)
    start = time.perf_counter()
    up = tm.upload_directory(bucket, args.file, args.prefix, concurrency=args.concurrency)
    up_s = time.perf_counter() - start
    up.raise_for_errors()
    start = time.perf_counter()
    down = tm.download_directory(bucket, args.prefix, args.target,
                                 concurrency=args.concurrency)
    down_s = time.perf_counter() - start
    down.raise_for_errors()
    project.close()
    return {"files": len(down), "bytes": down.bytes, "upload_s": up_s, "download_s": down_s}


if __name__ == "__main__":
    main({"updown": updown, "small": small, "parallel-upload": parallel_upload,
          "parallel-download": parallel_download, "download": download_only,
          "many-files": many_files})
