"""The bounded thread pool the asyncio API runs native calls on, and the await helpers.

Native calls release the GIL, so they run in parallel on these threads while
the event loop keeps serving other tasks. The pool is shared by every event
loop of the process, created on first use and recreated in a forked child.
"""

from __future__ import annotations

import asyncio
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Awaitable, Callable, Optional, TypeVar

from ..errors import ConcurrentUseError

__all__ = ["DEFAULT_MAX_WORKERS", "set_max_workers", "max_workers", "run", "run_to_end",
           "run_shielded", "Exclusive"]

T = TypeVar("T")

#: Threads of the pool by default: native calls in flight at once (more wait their turn).
DEFAULT_MAX_WORKERS = 16
_MAX_LIMIT = 1024

_lock = threading.Lock()
_pool: Optional[ThreadPoolExecutor] = None
_max_workers = DEFAULT_MAX_WORKERS


def _reset_after_fork() -> None:
    global _pool, _lock
    _pool, _lock = None, threading.Lock()  # the parent's threads do not exist in the child


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


def set_max_workers(n: int) -> None:
    """Bound the native calls of the asyncio API in flight at once (default 16).

    Takes effect for calls submitted afterwards; calls already running finish
    on the previous pool.
    """
    global _pool, _max_workers
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"max_workers must be an int, not {type(n).__name__}")
    if not 1 <= n <= _MAX_LIMIT:
        raise ValueError(f"max_workers must be in [1, {_MAX_LIMIT}], not {n}")
    with _lock:
        old, _pool, _max_workers = _pool, None, n
    if old is not None:
        old.shutdown(wait=False)


def max_workers() -> int:
    """The current bound of :func:`set_max_workers`."""
    return _max_workers


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=_max_workers,
                                       thread_name_prefix="storj-aio")
        return _pool


def run(fn: Callable[..., T], *args: Any) -> "asyncio.Future[T]":
    """``fn(*args)`` on the pool, as a future of the running loop.

    Cancelling the awaiting task abandons the call (it finishes on its thread):
    for calls that need to be stopped, use :func:`run_to_end`.
    """
    return asyncio.get_running_loop().run_in_executor(_executor(), fn, *args)


async def run_to_end(fn: Callable[..., T], *args: Any,
                     on_cancel: Optional[Callable[[], Any]] = None,
                     after_cancel: Optional[Callable[[], Any]] = None,
                     discard: Optional[Callable[[T], Any]] = None) -> T:
    """``fn(*args)`` on the pool; a cancelled caller waits for it to end.

    When the awaiting task is cancelled, ``on_cancel()`` runs at once on the
    loop (it stops the native work, e.g. ``Upload.cancel``), the call is
    awaited to its end (its error is dropped), ``after_cancel()`` runs on the
    pool (e.g. an abort), and :class:`asyncio.CancelledError` is raised. So
    nothing runs on behalf of a cancelled task once it has finished. A result
    the cancelled caller will never see goes to ``discard(result)`` (on the
    pool: e.g. aborting an upload that was being started).
    """
    fut = run(fn, *args)
    try:
        return await asyncio.shield(fut)
    except asyncio.CancelledError:
        if on_cancel is not None:
            on_cancel()
        await _finish(fut)
        if discard is not None and not fut.cancelled() and fut.exception() is None:
            await _finish(run(_quietly, discard, fut.result()))
        if after_cancel is not None:
            await _finish(run(after_cancel))
        raise


def _quietly(fn: Callable[..., Any], *args: Any) -> None:
    try:
        fn(*args)
    except Exception:
        pass


async def run_shielded(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` on the pool, finished even when the caller is cancelled meanwhile
    (then :class:`asyncio.CancelledError` is raised once it has ended): for closes and aborts."""
    fut = run(fn, *args)
    try:
        return await asyncio.shield(fut)
    except asyncio.CancelledError:
        await _finish(fut)
        raise


async def _finish(fut: "Awaitable[Any]") -> None:
    """Wait for ``fut`` through further cancellations, ignoring its outcome."""
    task = asyncio.ensure_future(fut)
    while not task.done():
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            continue
        except Exception:
            break
    if task.done() and not task.cancelled():
        task.exception()  # retrieved: no "exception never retrieved" warning


class Exclusive:
    """One operation at a time on an async stream: a second task gets ConcurrentUseError."""

    __slots__ = ("_what", "_busy")

    def __init__(self, what: str) -> None:
        self._what = what
        self._busy = False

    def __enter__(self) -> None:
        if self._busy:
            raise ConcurrentUseError(
                f"this {self._what} is being used by another task; await one operation at "
                f"a time (use one {self._what} per task)")
        self._busy = True

    def __exit__(self, *exc: Any) -> None:
        self._busy = False
