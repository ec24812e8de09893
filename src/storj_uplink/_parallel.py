"""Running the parts of a transfer on threads, and stopping them all at once."""

from __future__ import annotations

import threading
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import Any, Callable, Iterator, List, Set

__all__ = ["Cancelled", "Stopper", "run_parallel"]


class Cancelled(Exception):
    """A worker stopped because another one failed or the caller stopped the transfer."""


class Stopper:
    """Stops a running transfer: workers poll :meth:`is_set` between chunks, and
    :meth:`stop` also cancels the native streams in flight (their blocked
    read or write returns at once), so a transfer stops within moments even
    while a call waits on the network."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._streams: Set[Any] = set()

    def is_set(self) -> bool:
        """True once stopped."""
        return self._event.is_set()

    def set(self) -> None:
        """Stop polling workers (streams in flight finish their current call)."""
        self._event.set()

    def stop(self) -> None:
        """Stop everything now: polling workers and every stream in flight."""
        self._event.set()
        with self._lock:
            streams = list(self._streams)
        for stream in streams:
            cancel = getattr(stream, "cancel", None)
            if cancel is None:
                continue
            try:
                cancel()
            except Exception:
                pass  # closed meanwhile: nothing left to stop

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True (at once) if stopped meanwhile."""
        return self._event.wait(seconds)

    @contextmanager
    def track(self, stream: Any) -> Iterator[Any]:
        """Register ``stream`` (with a ``cancel()``) for :meth:`stop` while the block runs."""
        with self._lock:
            self._streams.add(stream)
        try:
            if self._event.is_set():
                raise Cancelled("transfer stopped")
            yield stream
        finally:
            with self._lock:
                self._streams.discard(stream)


def run_parallel(tasks: List[Callable[[], Any]], concurrency: int,
                 stopper: Stopper) -> List[Any]:
    """Run tasks on up to ``concurrency`` threads; the first failure stops the rest.

    Returns the results in task order, or raises the first error once every
    running task has stopped.
    """
    if not tasks:
        return []
    first: List[BaseException] = []
    lock = threading.Lock()

    def run(task: Callable[[], Any]) -> Any:
        try:
            return task()
        except BaseException as exc:
            with lock:
                if not first and not isinstance(exc, Cancelled):
                    first.append(exc)
            stopper.stop()
            raise

    pool = ThreadPoolExecutor(max_workers=min(concurrency, len(tasks)),
                              thread_name_prefix="storj-transfer")
    futures: List["Future[Any]"] = []
    try:
        futures = [pool.submit(run, task) for task in tasks]
        wait(futures, return_when=FIRST_EXCEPTION)
    finally:
        if stopper.is_set() or not all(f.done() for f in futures):
            stopper.stop()  # an error, or the caller was interrupted (KeyboardInterrupt)
        pool.shutdown(wait=True, cancel_futures=True)
    if first:
        raise first[0]
    for f in futures:  # a Cancelled without a first error: the caller's stop
        if f.cancelled() or f.exception() is not None:
            raise Cancelled("transfer cancelled")
    return [f.result() for f in futures]
