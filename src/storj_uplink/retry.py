"""Retries of whole-file transfers: which errors are retried, how often and how late.

:meth:`Bucket.upload_file` and :meth:`Bucket.download_file` retry a part (or
a range) that failed with a transient error -- a network or satellite error
(:class:`InternalError`), :class:`TooManyRequestsError` -- after an
exponential backoff with jitter, up to :attr:`RetryPolicy.attempts` attempts
per part. They never retry what another attempt cannot fix: permission,
not-found, invalid names, limits, a closed project, a cancellation by the
caller, local file errors. (A satellite that restarts can surface as
:class:`CanceledError` "context canceled": that one is retried.) Each retry is
logged (logger ``storj_uplink``, WARNING) and, when the progress callback
has a ``retry`` method (the callbacks of :mod:`storj_uplink.progress` do),
passed to it as a :class:`RetryEvent`::

    from storj_uplink.retry import RetryPolicy

    bucket.upload_file("big.tar", "big.tar", retry=RetryPolicy(attempts=8, max_backoff=30))
    bucket.upload_file("big.tar", "big.tar", retry=None)   # no retries: fail at once
"""

from __future__ import annotations

import dataclasses
import random
from typing import Any, Callable, Optional, TypeVar

from ._log import logger
from .errors import CanceledError, InternalError, TooManyRequestsError

__all__ = ["RetryPolicy", "RetryEvent", "DEFAULT_RETRY", "is_transient"]

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How a transfer retries a failed part: ``attempts`` in all (1: no retry), the
    n-th retry after ``backoff * multiplier**(n-1)`` seconds (at most
    ``max_backoff``), each delay scaled by a random factor in ``[1 - jitter, 1]``."""

    attempts: int = 5
    backoff: float = 0.5
    max_backoff: float = 15.0
    multiplier: float = 2.0
    jitter: float = 0.5

    def __post_init__(self) -> None:
        if isinstance(self.attempts, bool) or not isinstance(self.attempts, int):
            raise TypeError(f"attempts must be an int, not {type(self.attempts).__name__}")
        if not 1 <= self.attempts <= 1000:
            raise ValueError(f"attempts must be in [1, 1000], not {self.attempts}")
        for name in ("backoff", "max_backoff", "multiplier", "jitter"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"{name} must be a number, not {type(value).__name__}")
            if not value >= 0 or value == float("inf"):
                raise ValueError(f"{name} must be finite and >= 0, not {value}")
        if self.jitter > 1:
            raise ValueError(f"jitter must be in [0, 1], not {self.jitter}")
        if self.multiplier < 1:
            raise ValueError(f"multiplier must be >= 1, not {self.multiplier}")

    def delay(self, retry: int, rand: Callable[[], float] = random.random) -> float:
        """The pause before retry number ``retry`` (from 1), jitter included."""
        base = min(self.backoff * self.multiplier ** (retry - 1), self.max_backoff)
        return base * (1 - self.jitter * rand())


#: What upload_file and download_file use unless told otherwise.
DEFAULT_RETRY = RetryPolicy()


@dataclasses.dataclass(frozen=True)
class RetryEvent:
    """One retry: ``what`` failed (``"part 3"``, ``"range at 67108864"``) on ``attempt``
    of ``attempts`` with ``error``; it is tried again after ``delay`` seconds.
    ``bytes_discarded`` were transferred by the failed attempt and are sent again."""

    what: str
    attempt: int
    attempts: int
    delay: float
    error: BaseException
    bytes_discarded: int


def is_transient(exc: BaseException,
                 cancelled_by_caller: Callable[[], bool] = lambda: True) -> bool:
    """True for errors another attempt may not meet (network, satellite, rate limits).

    A :class:`CanceledError` is transient only when ``cancelled_by_caller()`` is
    false: a satellite that restarts surfaces as "context canceled" too.
    """
    if isinstance(exc, CanceledError):
        return not cancelled_by_caller()
    return isinstance(exc, (InternalError, TooManyRequestsError))


def policy_from(retry: Optional[RetryPolicy]) -> RetryPolicy:
    """``retry`` checked; ``None`` means a single attempt."""
    if retry is None:
        return RetryPolicy(attempts=1)
    if not isinstance(retry, RetryPolicy):
        raise TypeError(f"retry must be a RetryPolicy or None, not {type(retry).__name__}")
    return retry


def attempt_loop(fn: Callable[[int], T], what: str, policy: RetryPolicy,
                 on_retry: Callable[[RetryEvent], None], sleep: Callable[[float], bool],
                 discarded: Callable[[], int] = lambda: 0,
                 cancelled_by_caller: Callable[[], bool] = lambda: True) -> T:
    """``fn(attempt)`` until it succeeds, retrying transient errors as ``policy`` says.

    ``sleep(seconds)`` waits and returns True when the transfer was stopped
    meanwhile (then the last error is raised); ``discarded()`` counts the bytes
    the failed attempt transferred (read right after it failed);
    ``cancelled_by_caller()`` tells a cancellation of the caller (or a closed
    project) from one of the network (see :func:`is_transient`).
    """
    attempt = 1
    while True:
        try:
            return fn(attempt)
        except Exception as exc:
            if attempt >= policy.attempts or not is_transient(exc, cancelled_by_caller):
                raise
            delay = policy.delay(attempt)
            event = RetryEvent(what, attempt, policy.attempts, delay, exc, discarded())
            logger.warning("%s failed (attempt %d of %d): %s: %s; retrying in %.2f s", what,
                           attempt, policy.attempts, type(exc).__name__, exc, delay)
            on_retry(event)
            if sleep(delay):
                raise
            attempt += 1


def notify(callback: Any, event: RetryEvent) -> None:
    """Pass ``event`` to ``callback.retry`` when the progress callback has one."""
    method = getattr(callback, "retry", None)
    if callable(method):
        method(event)
