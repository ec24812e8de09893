"""Storj edge services: S3-compatible credentials and linksharing URLs.

::

    creds = sj.register_access(access, sj.edge.STORJSHARE_AUTH_SERVICE, public=True)
    # creds.access_key_id / creds.secret_key / creds.endpoint: for any S3 client (Gateway-MT)
    url = sj.join_share_url(sj.edge.STORJSHARE_LINKSHARING_URL, creds.access_key_id,
                            "photos", "cat.jpg")

:func:`register_access` sends the access grant to an auth service, which
stores it (encrypted under the returned secret) and answers with S3
credentials. Share only restricted grants (:meth:`Access.share`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union

from ._native import edge as _edge
from .access import Access

__all__ = [
    "EdgeCredentials", "register_access", "join_share_url",
    "STORJSHARE_AUTH_SERVICE", "STORJSHARE_LINKSHARING_URL",
]

#: The auth service of Storj's hosted Gateway-MT and linksharing (``host:port``).
STORJSHARE_AUTH_SERVICE = "auth.storjshare.io:7777"
#: The base URL of Storj's hosted linksharing service.
STORJSHARE_LINKSHARING_URL = "https://link.storjshare.io"


@dataclass(frozen=True)
class EdgeCredentials:
    """S3-compatible credentials for an access grant registered with an auth service.

    ``secret_key`` is a secret: it never appears in ``repr``.
    """

    #: The S3 access key id (also the id used in linksharing URLs).
    access_key_id: str
    #: The S3 secret key.
    secret_key: str = field(repr=False)
    #: The S3 endpoint (gateway) URL the credentials are for.
    endpoint: str


def register_access(access: Access, auth_service_address: str, *, public: bool = False,
                    certificate_pem: Optional[Union[str, bytes]] = None,
                    insecure_unencrypted_connection: bool = False) -> EdgeCredentials:
    """Register ``access`` with an auth service; returns S3 credentials for it.

    :param auth_service_address: ``host:port`` of the auth service
        (e.g. :data:`STORJSHARE_AUTH_SERVICE`).
    :param public: let anyone who knows the access key id use the grant without
        the secret key (needed for linksharing URLs).
    :param certificate_pem: PEM of the root certificate(s) to trust instead of
        the system's (for a private auth service).
    :param insecure_unencrypted_connection: talk to the auth service without
        TLS (only for testing: the grant crosses the network in the clear).
    :raises EdgeAuthDialFailedError: the auth service could not be reached.
    :raises EdgeRegisterAccessFailedError: the auth service refused the grant.
    """
    if not isinstance(access, Access):
        raise TypeError(f"access must be an Access, not {type(access).__name__}")
    if isinstance(certificate_pem, (bytes, bytearray)):
        try:
            certificate_pem = bytes(certificate_pem).decode("ascii")
        except UnicodeDecodeError:
            raise ValueError("certificate_pem must be PEM text (ASCII)") from None
    key_id, secret, endpoint = _edge.register_access(
        access._handle, auth_service_address, certificate_pem,
        bool(insecure_unencrypted_connection), bool(public))
    return EdgeCredentials(access_key_id=key_id, secret_key=secret, endpoint=endpoint)


def join_share_url(base_url: str, access_key_id: str, bucket: str = "", key: str = "", *,
                   raw: bool = False) -> str:
    """A linksharing URL for a bucket, an object or a prefix (pure: no network).

    ``base_url`` is the linksharing service (e.g. :data:`STORJSHARE_LINKSHARING_URL`),
    ``access_key_id`` comes from :func:`register_access` with ``public=True``.
    An empty ``bucket`` shares everything the access allows; an empty ``key``
    the whole bucket; a key ending with ``/`` a prefix. ``raw`` gives a link to
    the object's bytes instead of the preview page (it needs a key that is not
    a prefix). Invalid combinations raise :class:`InternalError` with uplink's message.
    """
    return _edge.join_share_url(base_url, access_key_id, bucket, key, bool(raw))
