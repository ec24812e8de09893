"""The progress display of ``cp``: a tqdm bar when tqdm is installed, a line of text otherwise.

One display covers a whole command (every file of a recursive copy): each
file's ``progress(bytes_done, bytes_total)`` reports are summed into it.
"""

from __future__ import annotations

import threading
from typing import Callable, Dict, Optional, TextIO

from ..progress import ProgressBar, line_callback, tqdm_callback

__all__ = ["want_progress", "TransferProgress", "FileProgress"]

#: ``progress(bytes_done, bytes_total)`` for one file.
FileProgress = Callable[[int, Optional[int]], None]


def want_progress(flag: Optional[bool], stream: TextIO) -> bool:
    """``--progress``/``--no-progress`` when given, else: only on a terminal."""
    if flag is not None:
        return flag
    isatty = getattr(stream, "isatty", None)
    return bool(isatty()) if callable(isatty) else False


def _display(total: Optional[int], desc: str, stream: TextIO) -> ProgressBar:
    try:
        return tqdm_callback(total=total, desc=desc, file=stream, dynamic_ncols=True)
    except ImportError:
        return line_callback(stream, desc)


class TransferProgress:
    """The summed progress of the files of one command; a no-op when disabled.

    :param total: the bytes all files add up to, if known.
    """

    def __init__(self, enabled: bool, total: Optional[int], desc: str, stream: TextIO) -> None:
        self._bar: Optional[ProgressBar] = _display(total, desc, stream) if enabled else None
        self._total = total
        self._done = 0
        self._per_file: Dict[int, int] = {}
        self._lock = threading.Lock()
        self._next_id = 0

    @property
    def enabled(self) -> bool:
        """True when a display is drawn."""
        return self._bar is not None

    def for_file(self) -> Optional[FileProgress]:
        """A callback for one more file (``None`` when disabled, so transfers skip reporting)."""
        if self._bar is None:
            return None
        with self._lock:
            file_id = self._next_id
            self._next_id += 1
            self._per_file[file_id] = 0

        def report(bytes_done: int, bytes_total: Optional[int]) -> None:
            with self._lock:
                self._done += bytes_done - self._per_file[file_id]
                self._per_file[file_id] = bytes_done
                done = self._done
                total = self._total if self._total is not None else bytes_total
            if self._bar is not None and (total is None or done < total):
                self._bar(done, total)

        return report

    def close(self) -> None:
        """Draw the final state and release the display. Idempotent."""
        bar, self._bar = self._bar, None
        if bar is not None:
            if self._done and not bar.closed:
                bar(self._done, self._total if self._total is not None else None)
            bar.close()

    def __enter__(self) -> "TransferProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
