"""Ready-made ``progress(bytes_done, bytes_total)`` callbacks for whole-file transfers.

:meth:`Bucket.upload_file` and :meth:`Bucket.download_file` report progress by
calling ``progress(bytes_done, bytes_total)``. This module makes such
callables::

    from storj_uplink.progress import tqdm_callback

    with tqdm_callback(desc="backup.tar") as progress:
        bucket.upload_file("backup.tar", "backups/2024.tar", progress=progress)

:func:`tqdm_callback` draws a tqdm bar; it needs the optional ``progress``
extra (``pip install storj-uplink-sdk[progress]``). Importing this module
never needs tqdm: only calling :func:`tqdm_callback` does, and it then raises
an :class:`ImportError` that says what to install (or, with
``fallback=True``, returns a callback that does nothing).
:func:`line_callback` needs nothing: it rewrites one line of text.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any, Optional, TextIO

__all__ = ["ProgressBar", "tqdm_callback", "line_callback", "format_bytes", "TQDM_MISSING"]

#: The message of the ImportError raised by :func:`tqdm_callback` without tqdm.
TQDM_MISSING = ("tqdm_callback() needs tqdm: install the 'progress' extra "
                "(pip install 'storj-uplink-sdk[progress]') or pip install tqdm")

_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def format_bytes(n: float) -> str:
    """``n`` bytes in a short human form: ``512 B``, ``1.5 MiB``."""
    value = float(n)
    for unit in _UNITS:
        if abs(value) < 1024 or unit == _UNITS[-1]:
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


class ProgressBar:
    """Base of the callbacks of this module: call it with ``(bytes_done, bytes_total)``.

    It is thread-safe, closes itself when ``bytes_done`` reaches a known
    ``bytes_total``, and is a context manager (leaving the ``with`` block
    closes it, so a failed transfer does not leave a half-drawn bar).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._closed = False

    def __call__(self, bytes_done: int, bytes_total: Optional[int]) -> None:
        """Report ``bytes_done`` of ``bytes_total`` (``None``: size unknown)."""
        with self._lock:
            if self._closed:
                return
            self._update(bytes_done, bytes_total)
            if bytes_total is not None and bytes_done >= bytes_total:
                self._closed = True
                self._finish()

    def retry(self, event: Any) -> None:
        """A part is retried (a :class:`storj_uplink.retry.RetryEvent`): shown, if the bar can."""
        with self._lock:
            if not self._closed:
                self._retry(event)

    def _retry(self, event: Any) -> None:
        """Show a retry (called under the lock)."""

    def close(self) -> None:
        """Stop drawing. Idempotent."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._finish()

    @property
    def closed(self) -> bool:
        """True once finished or closed."""
        return self._closed

    def _update(self, bytes_done: int, bytes_total: Optional[int]) -> None:
        """Draw the new state (called under the lock)."""

    def _finish(self) -> None:
        """Release the display (called under the lock, once)."""

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class _NoProgress(ProgressBar):
    """A callback that ignores every report."""


class _TqdmProgress(ProgressBar):
    """A tqdm bar in bytes."""

    def __init__(self, tqdm_class: Any, total: Optional[int], desc: Optional[str],
                 options: Any) -> None:
        super().__init__()
        settings = {"unit": "B", "unit_scale": True, "unit_divisor": 1024, "leave": True}
        settings.update(options)
        self._bar = tqdm_class(total=total, desc=desc, **settings)

    def _update(self, bytes_done: int, bytes_total: Optional[int]) -> None:
        if bytes_total is not None and self._bar.total != bytes_total:
            self._bar.total = bytes_total
            self._bar.refresh()
        if bytes_done > self._bar.n:
            self._bar.update(bytes_done - self._bar.n)

    def _finish(self) -> None:
        self._bar.close()

    def _retry(self, event: Any) -> None:
        self._bar.write(_retry_text(event))


def tqdm_callback(total: Optional[int] = None, desc: Optional[str] = None, *,
                  fallback: bool = False, **tqdm_options: Any) -> ProgressBar:
    """A ``progress(bytes_done, bytes_total)`` callable drawing a tqdm progress bar.

    :param total: the size in bytes if known in advance (the transfer also
        reports it with its first call).
    :param desc: the text shown left of the bar (a file name, say).
    :param fallback: without tqdm, return a callback that does nothing instead
        of raising :class:`ImportError`.
    :param tqdm_options: passed on to ``tqdm.tqdm`` (``file=``, ``leave=``...).
    :raises ImportError: when tqdm is not installed (and ``fallback`` is false).
    """
    try:
        from tqdm.auto import tqdm
    except ImportError:
        if fallback:
            return _NoProgress()
        raise ImportError(TQDM_MISSING) from None
    return _TqdmProgress(tqdm, total, desc, tqdm_options)


def _retry_text(event: Any) -> str:
    return (f"retrying {event.what} in {event.delay:.1f} s (attempt {event.attempt + 1} of "
            f"{event.attempts}): {type(event.error).__name__}: {event.error}")


class _LineProgress(ProgressBar):
    """One line of text: rewritten in place on a terminal, else at most once per interval."""

    def __init__(self, stream: TextIO, desc: Optional[str], interval: Optional[float]) -> None:
        super().__init__()
        self._stream = stream
        self._desc = f"{desc}: " if desc else ""
        isatty = getattr(stream, "isatty", None)
        self._tty = bool(isatty()) if callable(isatty) else False
        self._interval = interval if interval is not None else (0.1 if self._tty else 1.0)
        self._last = -1.0e9
        self._shown: Optional[str] = None
        self._done = 0
        self._total: Optional[int] = None

    def _text(self) -> str:
        if self._total:
            pct = 100.0 * self._done / self._total
            return (f"{self._desc}{format_bytes(self._done)} / {format_bytes(self._total)} "
                    f"({pct:.0f}%)")
        return f"{self._desc}{format_bytes(self._done)}"

    def _draw(self) -> None:
        text = self._text()
        if text == self._shown:
            return
        if self._tty:
            self._stream.write("\r\x1b[K" + text)
        else:
            self._stream.write(text + "\n")
        self._stream.flush()
        self._shown = text

    def _update(self, bytes_done: int, bytes_total: Optional[int]) -> None:
        self._done = bytes_done
        if bytes_total is not None:
            self._total = bytes_total
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            self._draw()

    def _retry(self, event: Any) -> None:
        prefix = "\r\x1b[K" if self._tty else ""
        self._stream.write(prefix + self._desc + _retry_text(event) + "\n")
        self._stream.flush()
        self._shown = None

    def _finish(self) -> None:
        if self._shown is not None or self._done:
            self._draw()
            if self._tty:
                self._stream.write("\n")
                self._stream.flush()


def line_callback(stream: Optional[TextIO] = None, desc: Optional[str] = None, *,
                  interval: Optional[float] = None) -> ProgressBar:
    """A ``progress(bytes_done, bytes_total)`` callable writing a line of text (no tqdm needed).

    On a terminal the line is redrawn in place (at most every 0.1 s); on any
    other stream a new line is written at most every ``interval`` seconds
    (default 1 s), and always once at the end.

    :param stream: where to write (default ``sys.stderr``).
    :param desc: the text written before the numbers.
    """
    return _LineProgress(sys.stderr if stream is None else stream, desc, interval)
