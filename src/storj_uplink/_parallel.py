"""Running the parts of a transfer on threads, and stopping them all at once."""

from __future__ import annotations

import threading
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, List, Optional, Set, TypeVar

__all__ = ["Cancelled", "Stopper", "run_parallel", "run_each"]

T = TypeVar("T")
R = TypeVar("R")


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
    if len(tasks) == 1:  # one part: no thread to start (many-file batches send many such)
        try:
            return [tasks[0]()]
        except BaseException:
            stopper.stop()
            raise
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


def run_each(items: Iterable[T], work: Callable[[T], R], concurrency: int, stopper: Stopper, *,
             stop_on_error: bool = False,
             done: Optional[Callable[[int, T, Optional[R], Optional[BaseException]], Any]] = None,
             skipped: Optional[Callable[[int, T], Any]] = None) -> None:
    """Run ``work(item)`` for every item on up to ``concurrency`` threads, each item on its own.

    Unlike :func:`run_parallel` a failure is the item's own outcome: it is given
    to ``done(index, item, None, error)`` and the other items go on, unless
    ``stop_on_error`` (then the stopper stops the items in flight and the items
    not started go to ``skipped(index, item)``). ``done(index, item, result, None)``
    reports a success. ``done`` and ``skipped`` are called one at a time, from the
    worker threads. Items are drawn from ``items`` only as threads free up, so
    an iterator is never read ahead.

    When the caller is interrupted (KeyboardInterrupt) or ``stopper`` is stopped from
    another thread, every item in flight is stopped, the rest are skipped, and
    the interruption is raised (a stop from elsewhere raises :class:`Cancelled`)
    once every thread has ended.
    """
    source = enumerate(items)
    take_lock = threading.Lock()
    report_lock = threading.Lock()
    failure: List[BaseException] = []
    own_stop: List[bool] = []

    def report(fn: Optional[Callable[..., Any]], *args: Any) -> None:
        if fn is None:
            return
        with report_lock:
            try:
                fn(*args)
            except BaseException as exc:  # a callback that fails stops the batch
                if not failure:
                    failure.append(exc)
                stopper.stop()

    def worker() -> None:
        while True:
            with take_lock:
                try:
                    index, item = next(source)
                except StopIteration:
                    return
                except BaseException as exc:  # the caller's iterator failed
                    if not failure:
                        failure.append(exc)
                    stopper.stop()
                    return
            if stopper.is_set():
                report(skipped, index, item)
                continue
            try:
                result = work(item)
            except BaseException as exc:
                if stop_on_error and not isinstance(exc, Cancelled):
                    own_stop.append(True)
                    stopper.stop()
                report(done, index, item, None, exc)
            else:
                report(done, index, item, result, None)

    threads = [threading.Thread(target=worker, name=f"storj-batch-{n}", daemon=True)
               for n in range(concurrency)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            while t.is_alive():
                t.join(0.25)  # a timed join lets KeyboardInterrupt through
    except BaseException:
        stopper.stop()
        for t in threads:
            if t.ident is not None:
                t.join()
        raise
    if failure:
        raise failure[0]
    if stopper.is_set() and not own_stop:
        raise Cancelled("batch stopped")
