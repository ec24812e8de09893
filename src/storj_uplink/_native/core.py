"""Loading of the compiled module, the error choke point and handle ownership.

This is the only place that turns an ``UplinkError *`` into an exception and
the only place that frees native results holding handles. The rest of the
package reaches ``lib`` through the family modules of ``storj_uplink._native``.
"""

from __future__ import annotations

import importlib
import os
import threading
from typing import Any, Callable, Iterable, List, Mapping, Optional, Type

from .._version import __version__
from ..errors import ClosedError, StorjError, error_class_for

# ---- lazy loading and fork safety --------------------------------------------
# Loading the extension starts the Go runtime (its threads), and the Go runtime
# does not survive fork(): only the forking thread exists in the child, so a
# call into Go may deadlock there. So importing storj_uplink loads nothing: the
# extension is loaded on the first native call. A process forked before that
# (gunicorn --preload, multiprocessing's fork pools, celery prefork) loads its
# own copy later and works fully; a process forked after it gets a clear error
# instead of a deadlock, and its finalizers never call into Go.
C_API_VERSION = "v1.14"
EOF_CODE = -1  # uplink-c reports the end of a download with C's EOF as the code

_module: Any = None  # storj_uplink._uplink once loaded
_load_lock = threading.Lock()
_forked = False  # this process was forked from one that had loaded the extension


def _after_fork_in_child() -> None:
    global _forked, _load_lock
    _load_lock = threading.Lock()  # another thread may have held it at the fork
    if _module is not None:
        _forked = True


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def ensure_usable() -> None:
    """Raise if the native library cannot be used in this process (after fork)."""
    if _forked:
        raise StorjError(
            "storj_uplink cannot be used in a process forked after its native library was "
            "loaded (the Go runtime does not survive fork): fork before the first call "
            "(importing is fine), use the 'spawn' or 'forkserver' start method, "
            "or import storj_uplink only in the child")


def is_loaded() -> bool:
    """True once the native extension (and with it the Go runtime) is loaded."""
    return _module is not None


def load() -> Any:
    """The compiled module ``storj_uplink._uplink``, loaded on first use."""
    global _module
    if _module is not None:
        ensure_usable()
        return _module
    ensure_usable()
    with _load_lock:
        if _module is None:
            _module = _import_extension()
    return _module


def _import_extension() -> Any:
    try:
        _uplink: Any = importlib.import_module("storj_uplink._uplink")
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError(
            "storj_uplink's native extension (storj_uplink._uplink) is missing or broken: "
            "reinstall the package with `pip install .` from a source checkout "
            f"(it needs Go >= 1.25 and a C compiler at build time). Cause: {exc}"
        ) from exc
    built = _uplink.ffi.string(_uplink.lib.storj_uplink_build_version()).decode()
    if built != __version__:  # pragma: no cover - a broken installation
        raise ImportError(
            f"storj_uplink {__version__} found a native extension built for {built}: "
            "the installation is inconsistent; reinstall the package")
    return _uplink


class _Lazy:
    """Stands for ``ffi`` or ``lib`` of the extension, which it loads on first attribute use.

    An attribute, once read, is kept on the proxy, so later uses cost what a
    module attribute costs.
    """

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def __getattr__(self, attr: str) -> Any:
        value = getattr(getattr(load(), self._name), attr)
        object.__setattr__(self, attr, value)
        return value

    def __dir__(self) -> List[str]:
        return dir(getattr(load(), self._name))

    def __repr__(self) -> str:
        state = "loaded" if _module is not None else "not loaded yet"
        return f"<storj_uplink native {self._name} ({state})>"


class _Null:
    """Compares equal to the C NULL pointer without loading the extension, and
    is false, as NULL cdata pointers are.

    It is for comparisons only (``ptr == NULL``); pass ``ffi.NULL`` to C. On
    hot paths test the pointer itself (``if not ptr``): a comparison with NULL
    runs this class's Python ``__eq__`` (cdata cannot compare with it), about
    0.5 us, several times per call.
    """

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return bool(other == load().ffi.NULL)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return "NULL"


ffi: Any = _Lazy("ffi")
lib: Any = _Lazy("lib")
NULL: Any = _Null()


def __getattr__(name: str) -> str:
    """BUILD_VERSION and GO_UPLINK_VERSION, read from the extension when asked for."""
    if name == "BUILD_VERSION":
        return str(ffi.string(lib.storj_uplink_build_version()).decode())
    if name == "GO_UPLINK_VERSION":
        return str(ffi.string(lib.storj_uplink_go_uplink_version()).decode())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    # BUILD_VERSION and GO_UPLINK_VERSION too, through __getattr__ (they load the extension)
    "ffi", "lib", "NULL", "EOF_CODE", "C_API_VERSION",
    "ensure_usable", "is_loaded", "load", "error_from", "check", "unwrap", "NativeHandle",
    "redact", "iterator_step", "universe_is_empty",
]


# ---- errors ----------------------------------------------------------------
REDACTED = "[REDACTED]"


def redact(text: str, secrets: Iterable[Optional[str]]) -> str:
    """Replace every occurrence of each secret (of 8+ characters) in text."""
    for secret in secrets:
        if secret and len(secret) >= 8 and secret in text:
            text = text.replace(secret, REDACTED)
    return text


def error_from(err: Any, secrets: Iterable[Optional[str]] = (),
               classes: Optional[Mapping[int, Type[StorjError]]] = None) -> StorjError:
    """The exception for a non-NULL ``UplinkError *`` (does not free it).

    ``classes`` overrides the class of some codes where the call tells more
    than the code (an INTERNAL error of uplink_parse_access is bad input).
    """
    code = int(err.code)
    message = ffi.string(err.message).decode("utf-8", "replace") if err.message else ""
    message = redact(message, secrets)
    cls = (classes or {}).get(code) or error_class_for(code)
    return cls(message or f"uplink error code {code}", code=code, details=message or None)


def check(err: Any, secrets: Iterable[Optional[str]] = ()) -> None:
    """For functions returning ``UplinkError *``: raise and free it if non-NULL."""
    if not err:
        return
    try:
        exc = error_from(err, secrets)
    finally:
        lib.uplink_free_error(err)
    raise exc


def unwrap(result: Any, free: Callable[[Any], None],
           secrets: Iterable[Optional[str]] = (),
           classes: Optional[Mapping[int, Type[StorjError]]] = None) -> Any:
    """For result structs: if it carries an error, free the whole result once and raise."""
    if not result.error:
        return result
    try:
        exc = error_from(result.error, secrets, classes)
    finally:
        free(result)
    raise exc


# ---- ownership -------------------------------------------------------------
class NativeHandle:
    """Owns one native value (a handle pointer inside its result struct).

    ``with handle as ptr:`` borrows the pointer for one native call and raises
    :class:`ClosedError` once the handle is closed. :meth:`close` frees the
    native value exactly once, after every borrow in flight has ended, so a
    close from another thread can never free memory a call is still using.
    The finalizer is only a safety net for objects nobody closed.
    """

    __slots__ = ("_ptr", "_free", "_what", "_lock", "_users", "_closing", "__weakref__")

    def __init__(self, ptr: Any, free: Callable[[], None], what: str) -> None:
        self._ptr = ptr
        self._free: Optional[Callable[[], None]] = free
        self._what = what
        self._lock = threading.Lock()
        self._users = 0
        self._closing = False

    @property
    def closed(self) -> bool:
        return self._closing

    @property
    def what(self) -> str:
        return self._what

    def __enter__(self) -> Any:
        ensure_usable()
        with self._lock:
            if self._closing:
                raise ClosedError(f"{self._what} is closed")
            self._users += 1
        return self._ptr

    def __exit__(self, *exc_info: Any) -> None:
        free = None
        with self._lock:
            self._users -= 1
            if self._closing and self._users == 0:
                free, self._free = self._free, None
        if free is not None:
            free()

    def close(self) -> None:
        """Free the native value (now, or when the last borrow ends). Idempotent."""
        free = None
        with self._lock:
            if self._closing:
                return
            self._closing = True
            if self._users == 0:
                free, self._free = self._free, None
        if free is not None and not _forked:
            free()

    def __del__(self) -> None:
        try:
            if not self._closing and not _forked:
                self.close()
        except Exception:  # pragma: no cover - interpreter shutdown
            pass

    def __repr__(self) -> str:
        state = "closed" if self._closing else "open"
        return f"<NativeHandle {self._what} {state}>"


def iterator_step(handle: NativeHandle, next_fn: Callable[[Any], bool],
                  item_fn: Callable[[Any], Any], free_item: Callable[[Any], None],
                  err_fn: Callable[[Any], Any], convert: Callable[[Any], Any]) -> Any:
    """One step of a native iterator: the converted next item, or None at the end.

    The native item is freed here; an error that stopped the iterator is raised.
    """
    with handle as it:
        if next_fn(it):
            item = item_fn(it)
            if not item:
                return None
            try:
                return convert(item)
            finally:
                free_item(item)
        err = err_fn(it)
    check(err)
    return None


def universe_is_empty() -> bool:
    """True when no native handle is live (the leak check of the test suite)."""
    ensure_usable()
    return bool(lib.uplink_internal_UniverseIsEmpty())
