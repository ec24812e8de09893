"""The coroutines of the ``sj`` fsspec filesystem (fsspec's AsyncFileSystem interface).

Each runs the filesystem's synchronous method on the bounded thread pool of
:mod:`storj_uplink.aio`, so with ``asynchronous=True`` the event loop never
waits on the network, and fsspec's bulk coroutines (``_cat``, ``_cat_ranges``,
``_get``, ``_put``...) run many of them at once. The synchronous methods the
filesystem defines itself stay as they are (they never go through a loop).
"""

from __future__ import annotations

from typing import Any, Callable

from .aio._executor import run

__all__ = ["AsyncMethods"]


def _on_pool(name: str) -> Callable[..., Any]:
    async def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        sync = getattr(self, name)
        return await run(lambda: sync(*args, **kwargs))

    method.__name__ = method.__qualname__ = "_" + name
    method.__doc__ = f"``{name}`` on the thread pool of storj_uplink.aio (a coroutine)."
    return method


class AsyncMethods:
    """The ``_name`` coroutines fsspec's AsyncFileSystem asks an implementation for."""

    _ls = _on_pool("ls")
    _info = _on_pool("info")
    _find = _on_pool("find")
    _cat_file = _on_pool("cat_file")
    _pipe_file = _on_pool("pipe_file")
    _put_file = _on_pool("put_file")
    _get_file = _on_pool("get_file")
    _rm_file = _on_pool("rm_file")
    _rm = _on_pool("rm")
    _cp_file = _on_pool("cp_file")
    _mkdir = _on_pool("mkdir")
    _makedirs = _on_pool("makedirs")
    _rmdir = _on_pool("rmdir")
