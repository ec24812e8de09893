"""Clear errors when sync and async objects are mixed up."""

from __future__ import annotations

from typing import Any, Generic, NoReturn, TypeVar

from .._stream import Stream
from ._executor import Exclusive

__all__ = ["AsyncOnly", "AsyncStream", "expect"]

SyncT = TypeVar("SyncT", bound=Stream)


class AsyncOnly:
    """Base of the async classes: a plain ``with`` says to use ``async with``."""

    _sync_name = "the synchronous API"

    def __enter__(self) -> NoReturn:
        raise TypeError(f"{type(self).__module__}.{type(self).__name__} is asynchronous: use "
                        f"'async with', or {self._sync_name} for 'with'")

    def __exit__(self, *exc: Any) -> None:  # pragma: no cover - __enter__ always raises
        pass


def expect(value: Any, cls: type, what: str) -> Any:
    """``value`` if it is a ``cls``; a TypeError naming the async/sync mix-up otherwise."""
    if isinstance(value, cls):
        return value
    name = type(value).__module__ + "." + type(value).__name__
    hint = ""
    if type(value).__module__.startswith("storj_uplink") and ".aio" not in name:
        hint = " (a synchronous object was given where storj_uplink.aio needs its own)"
    raise TypeError(f"{what} must be a {cls.__module__}.{cls.__qualname__}, not {name}{hint}")


class AsyncStream(AsyncOnly, Generic[SyncT]):
    """Base of the async Upload and Download: a sync stream, used by one task at a time."""

    _what = "stream"

    def __init__(self, sync: SyncT) -> None:
        self._sync = sync
        self._exclusive = Exclusive(self._what)

    @property
    def sync(self) -> SyncT:
        """The synchronous stream this wraps (for code that must block)."""
        return self._sync

    @property
    def bucket(self) -> str:
        """The bucket name."""
        return self._sync.bucket

    @property
    def key(self) -> str:
        """The object key."""
        return self._sync.key

    def tell(self) -> int:
        """Bytes transferred so far."""
        return self._sync.tell()

    def cancel(self) -> None:
        """Stop the transfer now, from the loop or any thread (see the sync ``cancel``)."""
        self._sync.cancel()
