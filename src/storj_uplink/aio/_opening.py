"""An opening stream: awaitable, and usable directly as ``async with``."""

from __future__ import annotations

from typing import Any, Awaitable, Generator, Generic, Optional, TypeVar

__all__ = ["Opening"]

S = TypeVar("S")


class Opening(Generic[S]):
    """``await project.upload_object(...)`` gives the stream;
    ``async with project.upload_object(...) as up:`` opens, enters and leaves it."""

    __slots__ = ("_coro", "_stream", "_used")

    def __init__(self, coro: Awaitable[S]) -> None:
        self._coro = coro
        self._stream: Optional[Any] = None
        self._used = False

    def __await__(self) -> Generator[Any, None, S]:
        self._used = True
        return self._coro.__await__()

    async def __aenter__(self) -> S:
        self._used = True
        stream: Any = await self._coro
        self._stream = stream
        result: S = await stream.__aenter__()
        return result

    async def __aexit__(self, *exc: Any) -> None:
        assert self._stream is not None
        await self._stream.__aexit__(*exc)

    def __del__(self) -> None:
        close = getattr(self._coro, "close", None)
        if not self._used and close is not None:
            close()  # never awaited: no "coroutine was never awaited" warning
