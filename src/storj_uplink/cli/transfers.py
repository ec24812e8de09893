"""Running the copies ``cp`` planned: uploads, downloads and server-side copies, in parallel."""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO, Callable, List, Mapping, Optional, Tuple, Union

from ..errors import BucketNotFoundError, ObjectNotFoundError
from ..project import Project
from .errors import CliError
from .paths import RemotePath
from .progress import FileProgress

__all__ = ["Copy", "STDIO", "run_parallel", "run_copy", "not_found"]

#: The local "path" meaning stdin (as a source) or stdout (as a destination).
STDIO = "-"

LocalOrRemote = Union[str, RemotePath]


@dataclass(frozen=True)
class Copy:
    """One planned copy: local path (or ``-``) or :class:`RemotePath` on either side."""

    source: LocalOrRemote
    destination: LocalOrRemote
    #: Bytes to copy, when known in advance (for the progress display).
    size: Optional[int] = None
    #: ``(offset, length)`` of a ranged download (``cp --range``).
    byte_range: Optional[Tuple[int, int]] = None


def not_found(exc: Exception, where: RemotePath) -> Exception:
    """A clearer error for a missing bucket or object at ``where`` (other errors unchanged)."""
    if isinstance(exc, BucketNotFoundError):
        return CliError(f"bucket not found: sj://{where.bucket}")
    if isinstance(exc, ObjectNotFoundError):
        return CliError(f"object not found: {where}")
    return exc


def run_parallel(tasks: List[Callable[[], Any]], parallelism: int) -> None:
    """Run the tasks, ``parallelism`` at a time; the first failure stops the rest and is raised."""
    if parallelism <= 1 or len(tasks) <= 1:
        for task in tasks:
            task()
        return
    failed = threading.Event()

    def guarded(task: Callable[[], Any]) -> Any:
        if failed.is_set():
            return None
        try:
            return task()
        except BaseException:
            failed.set()
            raise

    with ThreadPoolExecutor(max_workers=min(parallelism, len(tasks)),
                            thread_name_prefix="storj-uplink-cp") as pool:
        futures: List[Future[Any]] = [pool.submit(guarded, t) for t in tasks]
        pending = wait(futures, return_when=FIRST_EXCEPTION).not_done
        for f in pending:
            f.cancel()
        wait(futures)
    for f in futures:
        if not f.cancelled() and f.exception() is not None:
            raise f.exception()  # type: ignore[misc]


def _stdout_binary(stream: Any) -> BinaryIO:
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        raise CliError("cannot write binary data to this standard output")
    stream.flush()
    return buffer  # type: ignore[no-any-return]


def _upload(project: Project, copy: Copy, remote: RemotePath, part_size: int, concurrency: int,
            progress: Optional[FileProgress], metadata: Optional[Mapping[str, str]],
            expires: Optional[datetime]) -> None:
    assert isinstance(copy.source, str)
    source: Union[str, BinaryIO] = sys.stdin.buffer if copy.source == STDIO else copy.source
    try:
        project.bucket(remote.bucket).upload_file(source, remote.key, part_size=part_size,
                                                  concurrency=concurrency, progress=progress,
                                                  metadata=metadata, expires=expires,
                                                  content_type=None)  # as the Go CLI: none
    except (BucketNotFoundError, ObjectNotFoundError) as e:
        raise not_found(e, remote) from None


def _download(project: Project, copy: Copy, remote: RemotePath, stdout: Any, part_size: int,
              concurrency: int, progress: Optional[FileProgress]) -> None:
    assert isinstance(copy.destination, str)
    bucket = project.bucket(remote.bucket)
    if copy.byte_range is not None:
        _download_range(project, copy, remote, stdout, progress)
        return
    try:
        if copy.destination == STDIO:
            out = _stdout_binary(stdout)
            bucket.download_file(remote.key, out, concurrency=concurrency, part_size=part_size,
                                 progress=progress)
            out.flush()
        else:
            parent = os.path.dirname(copy.destination)
            if parent:
                os.makedirs(parent, exist_ok=True)
            bucket.download_file(remote.key, copy.destination, concurrency=concurrency,
                                 part_size=part_size, progress=progress)
    except (BucketNotFoundError, ObjectNotFoundError) as e:
        raise not_found(e, remote) from None


def _download_range(project: Project, copy: Copy, remote: RemotePath, stdout: Any,
                    progress: Optional[FileProgress]) -> None:
    """``cp --range``: the bytes of one range, streamed into the file (or stdout)."""
    assert isinstance(copy.destination, str) and copy.byte_range is not None
    offset, length = copy.byte_range
    out: BinaryIO
    if copy.destination == STDIO:
        out = _stdout_binary(stdout)
        close = False
    else:
        parent = os.path.dirname(copy.destination)
        if parent:
            os.makedirs(parent, exist_ok=True)
        out = open(copy.destination + ".storj-partial", "wb")
        close = True
    done = 0
    try:
        with project.download_object(remote.bucket, remote.key, offset, length) as stream:
            while True:
                chunk = stream.read(1 << 20)
                if not chunk:
                    break
                out.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, length)
        out.flush()
    except BaseException:
        if close:
            out.close()
            os.unlink(copy.destination + ".storj-partial")
        raise
    if close:
        out.close()
        os.replace(copy.destination + ".storj-partial", copy.destination)


def _server_side(project: Project, source: RemotePath, destination: RemotePath,
                 progress: Optional[FileProgress], size: Optional[int]) -> None:
    try:
        project.copy_object(source.bucket, source.key, destination.bucket, destination.key)
    except ObjectNotFoundError as e:
        raise not_found(e, source) from None
    except BucketNotFoundError:
        raise CliError(f"bucket not found: sj://{source.bucket} or sj://{destination.bucket}"
                       ) from None
    if progress is not None and size is not None:
        progress(size, size)


def run_copy(project: Project, copy: Copy, *, stdout: Any, part_size: int, concurrency: int,
             progress: Optional[FileProgress], metadata: Optional[Mapping[str, str]] = None,
             expires: Optional[datetime] = None) -> None:
    """Perform one planned copy."""
    src, dst = copy.source, copy.destination
    if isinstance(src, RemotePath) and isinstance(dst, RemotePath):
        _server_side(project, src, dst, progress, copy.size)
    elif isinstance(dst, RemotePath):
        _upload(project, copy, dst, part_size, concurrency, progress, metadata, expires)
    elif isinstance(src, RemotePath):
        _download(project, copy, src, stdout, part_size, concurrency, progress)
    else:
        raise CliError("cp copies to or from sj:// locations, not between two local paths")
