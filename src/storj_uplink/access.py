"""Access grants: parse, request, serialize, share, open a project; encryption keys."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Mapping, Optional, Tuple, Union

from ._access_source import AccessNotFoundError
from ._native import access as _access
from ._native import ext_access as _ext_access
from ._native.convert import to_unix
from .config import Config
from .permission import Permission, SharePrefix

if TYPE_CHECKING:
    from .project import Project

__all__ = ["Access", "EncryptionKey", "AccessNotFoundError"]

PrefixLike = Union[SharePrefix, Tuple[str, str], str]


class EncryptionKey:
    """An encryption key derived from a passphrase and a salt (never shown in repr)."""

    __slots__ = ("_handle",)

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    @classmethod
    def derive(cls, passphrase: str, salt: bytes) -> "EncryptionKey":
        """Derive a key as ``uplink.DeriveEncryptionKey`` does (e.g. salt = project id)."""
        return cls(_access.derive_encryption_key(passphrase, salt))

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return bool(self._handle.closed)

    def close(self) -> None:
        """Free the native key. Idempotent."""
        self._handle.close()

    def __enter__(self) -> "EncryptionKey":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<EncryptionKey closed>" if self._handle.closed else "<EncryptionKey>"


def _prefix(p: PrefixLike) -> Tuple[str, str]:
    if isinstance(p, SharePrefix):
        return p.bucket, p.prefix
    if isinstance(p, str):
        return SharePrefix(p).bucket, ""
    if isinstance(p, tuple) and len(p) == 2:
        sp = SharePrefix(*p)
        return sp.bucket, sp.prefix
    raise TypeError(f"a share prefix must be a SharePrefix, a bucket name or a "
                    f"(bucket, prefix) tuple, not {type(p).__name__}")


class Access:
    """An access grant: which satellite, which API key, which encryption.

    Create one with :meth:`parse` (a serialized grant) or :meth:`request`
    (satellite + API key + passphrase). The grant is a secret: it never appears
    in ``repr`` or error messages. Use as a context manager, or call
    :meth:`close`, to free the native value early.
    """

    __slots__ = ("_handle", "__weakref__")

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    @classmethod
    def parse(cls, serialized: str) -> "Access":
        """Parse a serialized access grant (as made by :meth:`serialize`).

        :raises AccessGrantInvalidError: (a :class:`ValueError`) for text that
            is not a grant, or longer than any real grant (512 KiB), which is
            refused before the native parse.
        """
        return cls(_access.parse_access(serialized))

    @classmethod
    def request(cls, satellite: str, api_key: str, passphrase: str,
                config: Optional[Config] = None) -> "Access":
        """Ask the satellite for an access grant for an API key and a passphrase.

        :param satellite: the satellite's node URL, ``id@host:port``.
        """
        if config is not None and not isinstance(config, Config):
            raise TypeError(f"config must be a Config, not {type(config).__name__}")
        return cls(_access.request_access(satellite, api_key, passphrase,
                                          None if config is None else config._to_c()))

    @classmethod
    def from_saved(cls, name: Optional[str] = None, *,
                   config_dir: Optional[str] = None) -> "Access":
        """The access saved as ``name`` by the Go ``uplink`` CLI or ``storj-uplink``.

        ``name=None`` is the default access. The saved accesses live in
        ``access.json`` in :func:`storj_uplink.saved.config_dir` (``config_dir``
        overrides it, as the CLIs' ``--config-dir`` does).

        :raises AccessNotFoundError: (a :class:`ValueError`) no access by that name.
        """
        from .saved import SavedAccesses

        saved = SavedAccesses.load(config_dir)
        grant = saved.grant(name)
        if grant is None:
            wanted = f"named {name!r}" if name is not None else "marked default"
            raise AccessNotFoundError(f"no saved access {wanted} in {saved.path}")
        return cls.parse(grant)

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None, *,
                 config_dir: Optional[str] = None, config: Optional[Config] = None) -> "Access":
        """The access grant the environment configures, found as ``storj-uplink`` finds it.

        In order: ``STORJ_ACCESS`` (a grant or a file holding one);
        ``UPLINK_ACCESS`` (a saved access name, a grant or a file, as the Go CLI
        reads it); the default saved access (:meth:`from_saved`); the
        ``storj-uplink/access`` file earlier versions of ``storj-uplink`` read;
        else ``STORJ_SATELLITE`` + ``STORJ_API_KEY`` + ``STORJ_PASSPHRASE``,
        requested from the satellite (``config`` applies to that request).

        :raises AccessNotFoundError: (a :class:`ValueError`) nothing configured, an
            unknown name, a missing file, or no ``STORJ_PASSPHRASE`` (it never
            defaults to empty).
        """
        from ._access_source import resolve

        env = os.environ if environ is None else environ
        source = resolve(None, env, config_dir)
        if source.grant is not None:
            return cls.parse(source.grant)
        if not source.passphrase:
            raise AccessNotFoundError("STORJ_PASSPHRASE is not set: an access requested with "
                                 "STORJ_SATELLITE and STORJ_API_KEY needs the encryption "
                                 "passphrase (it is never assumed empty)")
        assert source.satellite is not None and source.api_key is not None
        return cls.request(source.satellite, source.api_key, source.passphrase, config)

    def serialize(self) -> str:
        """The grant as a string (a secret: store it like a password)."""
        return _access.serialize(self._handle)

    @property
    def satellite_address(self) -> str:
        """The node URL of the satellite this grant is for."""
        return _access.satellite_address(self._handle)

    def share(self, permission: Permission, *prefixes: PrefixLike) -> "Access":
        """A new, restricted grant: only ``permission``, only within ``prefixes``.

        With no prefixes the restriction covers every bucket.
        """
        if not isinstance(permission, Permission):
            raise TypeError(f"permission must be a Permission, not {type(permission).__name__}")
        if not any(permission.flags().values()):
            raise ValueError("the permission allows nothing: set at least one allow_* flag "
                             "(e.g. Permission.read_only())")
        pairs = [_prefix(p) for p in prefixes]
        if permission.needs_extensions:
            return Access(_ext_access.share(
                self._handle, permission.flags(), to_unix(permission.not_before, "not_before"),
                to_unix(permission.not_after, "not_after"), permission.max_object_ttl_seconds,
                pairs))
        return Access(_access.share(
            self._handle, permission.allow_download, permission.allow_upload,
            permission.allow_list, permission.allow_delete,
            to_unix(permission.not_before, "not_before"),
            to_unix(permission.not_after, "not_after"), pairs))

    def override_encryption_key(self, bucket: str, prefix: str, key: EncryptionKey) -> None:
        """Use ``key`` for objects under ``bucket``/``prefix`` (prefix ends with '/')."""
        if not isinstance(key, EncryptionKey):
            raise TypeError(f"key must be an EncryptionKey, not {type(key).__name__}")
        _access.override_encryption_key(self._handle, bucket, prefix, key._handle)

    def open_project(self, config: Optional[Config] = None) -> "Project":
        """Open the project this grant belongs to (close it, or use ``with``)."""
        from .project import Project

        return Project.open(self, config)

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return bool(self._handle.closed)

    def close(self) -> None:
        """Free the native grant. Idempotent; projects already open stay usable."""
        self._handle.close()

    def __enter__(self) -> "Access":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._handle.closed:
            return "<Access closed>"
        try:
            sat = self.satellite_address
        except Exception:
            return "<Access>"
        return f"<Access satellite={sat!r}>"
