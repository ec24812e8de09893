"""Handle pointers: from the OO objects to ctypes pointers, and back.

A result's handle (``access_result.access``...) is a pointer to a structure
whose ``_handle`` is a number this module gives out, never reused. The number
maps (weakly) to the OO object; the result keeps that object alive, so the
native value behind it is freed once the result and every pointer taken from
it are gone (or at once by ``close_project``, ``upload_commit``...).

Passing a pointer back finds the object again, whatever the copy of the
pointer: ``result.access``, ``ctypes.pointer(result.access.contents)``, a
``cast``. A NULL pointer, a pointer to another kind of handle, or a handle
whose object is gone (or closed) is an :class:`~storj_uplink.InvalidHandleError`
(the binding returns it as an error); anything that is neither a pointer nor
the OO object is a :class:`TypeError`.
"""

from __future__ import annotations

import ctypes
import itertools
import threading
import weakref
from typing import Any, Type, TypeVar

from ..errors import InvalidHandleError
from .results import ERROR_INVALID_HANDLE
from .structs import _Handle, _HandlePointer

__all__ = ["pointer_to", "lookup", "resolve"]

H = TypeVar("H")
P = TypeVar("P", bound=_HandlePointer)

_live: "weakref.WeakValueDictionary[int, Any]" = weakref.WeakValueDictionary()
_numbers = itertools.count(1)
_lock = threading.Lock()


def pointer_to(oo: Any, pointer_type: Type[P]) -> P:
    """A new handle pointer for ``oo``, registered (weakly) under a fresh number."""
    with _lock:
        number = next(_numbers)
        _live[number] = oo
    return pointer_type(pointer_type._type_(number))


def lookup(pointer: Any) -> Any:
    """The OO object behind a handle pointer, or None (NULL, unknown, garbage-collected)."""
    if not isinstance(pointer, ctypes._Pointer) or not pointer:
        return None
    target = pointer._type_
    if not (isinstance(target, type) and issubclass(target, _Handle)):
        return None
    return _live.get(int(pointer.contents._handle))


def _invalid(message: str) -> InvalidHandleError:
    return InvalidHandleError(message, code=ERROR_INVALID_HANDLE)


def resolve(value: object, cls: Type[H], pointer_type: Type[_HandlePointer], what: str,
            closed_is_invalid: bool = True) -> H:
    """The ``cls`` object that ``value`` (an OO object or a handle pointer) stands for.

    InvalidHandleError for None, NULL, a pointer to another kind of handle or a
    handle that is gone (or closed, unless ``closed_is_invalid`` is false: an
    upload reports its own state); TypeError for anything else.
    """
    oo: Any
    if isinstance(value, cls):
        oo = value
    elif value is None:
        raise _invalid(f"invalid {what}: None (did the call that made it fail?)")
    elif isinstance(value, ctypes._Pointer):
        if not value:
            raise _invalid(f"invalid {what}: NULL pointer")
        target = pointer_type._type_
        if value._type_ is not target:
            raise _invalid(f"invalid {what}: a pointer to {value._type_.__name__}, "
                           f"not to {target.__name__}")
        oo = lookup(value)
        if not isinstance(oo, cls):
            raise _invalid(f"invalid {what}: handle {int(value.contents._handle)} "
                           "was freed or never existed")
    else:
        hint = f" (pass result.{what})" if hasattr(value, what) else ""
        raise TypeError(f"{what} must be a {pointer_type.__name__} or a "
                        f"storj_uplink.{cls.__name__}{hint}, not {type(value).__name__}")
    if closed_is_invalid and getattr(oo, "closed", False) is True:
        raise _invalid(f"invalid {what}: it is closed")
    return oo  # type: ignore[no-any-return]
