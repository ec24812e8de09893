"""Edge services (edge_register_access, edge_join_share_url)."""

from __future__ import annotations

from typing import Optional, Tuple

from ..errors import StorjError
from .access import _string_result, serialize
from .convert import c_str, opt_c_str, py_str
from .core import NativeHandle, ensure_usable, ffi, lib, unwrap


def register_access(access: NativeHandle, auth_service_address: str,
                    certificate_pem: Optional[str], insecure_unencrypted_connection: bool,
                    public: bool) -> Tuple[str, str, str]:
    """(access_key_id, secret_key, endpoint) from the auth service."""
    addr = c_str(auth_service_address, "auth service address")
    pem = opt_c_str(certificate_pem, "certificate PEM")
    cfg = ffi.new("EdgeConfig *")
    cfg.auth_service_address, cfg.certificate_pem = addr, pem
    cfg.insecure_unencrypted_connection = bool(insecure_unencrypted_connection)
    opts = ffi.new("EdgeRegisterAccessOptions *")
    opts.is_public = bool(public)
    grant = serialize(access)  # a secret the auth service might echo in an error message
    with access as a:
        res = lib.edge_register_access(cfg[0], a, opts)
    res = unwrap(res, lib.edge_free_credentials_result, (grant,))
    # Without an error the result owns only its credentials: edge_free_credentials
    # releases them (edge_free_credentials_result is the error path, in unwrap).
    c = res.credentials
    if not c:
        raise StorjError("the auth service returned no credentials")
    try:
        return py_str(c.access_key_id), py_str(c.secret_key), py_str(c.endpoint)
    finally:
        lib.edge_free_credentials(c)


def join_share_url(base_url: str, access_key_id: str, bucket: str, key: str,
                   raw: bool = False) -> str:
    ensure_usable()
    args = (c_str(base_url, "base URL"), c_str(access_key_id, "access key id"),
            c_str(bucket, "bucket name"), c_str(key, "object key"))
    opts = ffi.new("EdgeShareURLOptions *")
    opts.raw = bool(raw)
    return _string_result(lib.edge_join_share_url(*args, opts))
