"""Lazy iterators over native uplink iterators (buckets, objects, uploads, parts)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable, Generic, Iterator, Optional, TypeVar

from .errors import ClosedError

if TYPE_CHECKING:
    from .project import Project

__all__ = ["Listing"]

T = TypeVar("T")


class Listing(Generic[T], Iterator[T]):
    """An iterator that pages through a native listing as it is consumed.

    The native iterator is freed when the listing is exhausted, when an error
    stops it, when :meth:`close` is called (``with`` does that, and so does a
    ``break`` out of a ``for`` over it once it is garbage-collected), and when
    its project closes. Iterating a listing that its project's closing cut
    short raises :class:`ClosedError` (a truncated listing never looks complete).
    """

    def __init__(self, project: "Project", handle: Any, step: Callable[[Any], Optional[Any]],
                 convert: Callable[[Any], T],
                 pages: Optional[Callable[[Any], Optional[Iterator[T]]]] = None) -> None:
        """``step(handle)`` gives the next native item (``None`` at the end),
        which ``convert`` turns into what the listing yields. ``pages``, when
        given, is used instead: ``pages(handle)`` gives an iterator over the
        next items, already converted (``None`` at the end)."""
        self._project = project
        self._handle = handle
        self._step = step
        self._convert = convert
        self._pages = pages
        self._pending: Iterator[T] = iter(())
        self._lock = threading.Lock()
        self._cut_short = False
        project._adopt(self)

    def __iter__(self) -> "Listing[T]":
        return self

    def __next__(self) -> T:
        for ready in self._pending:  # the rest of a page already fetched
            return ready
        with self._lock:
            for ready in self._pending:  # another thread fetched a page meanwhile
                return ready
            if self._handle.closed:
                if self._cut_short:
                    raise ClosedError("project is closed")
                raise StopIteration
            try:
                if self._pages is not None:
                    return self._next_page()
                item = self._step(self._handle)
            except BaseException:
                self.close()
                raise
            if item is None:
                self.close()
                raise StopIteration
        return self._convert(item)

    def _next_page(self) -> T:
        assert self._pages is not None
        while True:
            page = self._pages(self._handle)
            if page is None:
                self.close()
                raise StopIteration
            self._pending = page
            for ready in page:
                return ready

    @property
    def closed(self) -> bool:
        """True once the listing is exhausted, failed or closed."""
        return bool(self._handle.closed)

    def close(self) -> None:
        """Free the native iterator. Idempotent."""
        self._pending = iter(())
        self._handle.close()
        self._project._forget(self)

    def _close_for_project(self) -> None:
        self._cut_short = not self._handle.closed
        self.close()

    def __enter__(self) -> "Listing[T]":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Listing {self._handle.what} {'closed' if self._handle.closed else 'open'}>"
