"""Access grants and encryption keys (uplink_parse_access, uplink_access_*, ...)."""

from __future__ import annotations

from functools import partial
from typing import Any, List, Optional, Sequence, Tuple

from ..errors import ERROR_CODES, AccessGrantInvalidError
from .convert import c_str, check_int, opt_c_str, py_str, readable_buffer
from .core import NativeHandle, check, ensure_usable, ffi, lib, unwrap

INT32_MAX = 2**31 - 1

#: The longest serialized access grant parse_access hands to the native parse,
#: which (base58) takes time quadratic in the length: 446 KB 1.3 s, 1 MB 5 s,
#: 20 MB "forever". Real grants are far shorter: 247 characters for a plain
#: grant, 7 349 for a share of 10 prefixes with 100-byte keys, 446 290 for 100
#: prefixes with 1000-byte keys (making that one took 18 s: serializing is
#: quadratic too). Longer input is refused before the native parse.
MAX_ACCESS_GRANT_LENGTH = 512 * 1024
_INTERNAL = ERROR_CODES["UPLINK_ERROR_INTERNAL"]


def config_to_c(user_agent: str, dial_timeout_ms: int,
                temp_directory: Optional[str]) -> Tuple[Any, List[Any]]:
    """An ``UplinkConfig`` value and the buffers it points to."""
    cfg = ffi.new("UplinkConfig *")
    ua = c_str(user_agent, "user_agent")
    tmp = opt_c_str(temp_directory, "temp_directory")
    cfg.user_agent = ua
    cfg.dial_timeout_milliseconds = check_int(dial_timeout_ms, "dial timeout (ms)",
                                              minimum=0, maximum=INT32_MAX)
    cfg.temp_directory = tmp
    return cfg, [cfg, ua, tmp]


def _access_handle(res: Any) -> NativeHandle:
    return NativeHandle(res.access, partial(lib.uplink_free_access_result, res), "access")


def parse_access(serialized: str) -> NativeHandle:
    """Parse a serialized grant; AccessGrantInvalidError if it cannot be one."""
    ensure_usable()
    if isinstance(serialized, str) and len(serialized) > MAX_ACCESS_GRANT_LENGTH:
        raise AccessGrantInvalidError(
            f"access grant too long: {len(serialized)} characters (at most "
            f"{MAX_ACCESS_GRANT_LENGTH} are parsed; real grants are far shorter)",
            code=_INTERNAL)
    s = c_str(serialized, "access grant")
    res = unwrap(lib.uplink_parse_access(s), lib.uplink_free_access_result, (serialized,),
                 {_INTERNAL: AccessGrantInvalidError})
    return _access_handle(res)


def request_access(satellite: str, api_key: str, passphrase: str,
                   config: Optional[Any] = None) -> NativeHandle:
    """config: None or the (cfg, keep) pair of :func:`config_to_c`."""
    ensure_usable()
    sat = c_str(satellite, "satellite address")
    key = c_str(api_key, "API key")
    pw = c_str(passphrase, "passphrase")
    secrets = (api_key, passphrase)
    if config is None:
        res = lib.uplink_request_access_with_passphrase(sat, key, pw)
    else:
        res = lib.uplink_config_request_access_with_passphrase(config[0][0], sat, key, pw)
    return _access_handle(unwrap(res, lib.uplink_free_access_result, secrets))


def _string_result(res: Any) -> str:
    res = unwrap(res, lib.uplink_free_string_result)
    try:
        return py_str(res.string)
    finally:
        lib.uplink_free_string_result(res)


def satellite_address(access: NativeHandle) -> str:
    with access as a:
        res = lib.uplink_access_satellite_address(a)
    return _string_result(res)


def serialize(access: NativeHandle) -> str:
    with access as a:
        res = lib.uplink_access_serialize(a)
    return _string_result(res)


def share(access: NativeHandle, allow_download: bool, allow_upload: bool, allow_list: bool,
          allow_delete: bool, not_before: int, not_after: int,
          prefixes: Sequence[Tuple[str, str]]) -> NativeHandle:
    perm = ffi.new("UplinkPermission *")
    perm.allow_download, perm.allow_upload = bool(allow_download), bool(allow_upload)
    perm.allow_list, perm.allow_delete = bool(allow_list), bool(allow_delete)
    perm.not_before = check_int(not_before, "not_before")
    perm.not_after = check_int(not_after, "not_after")
    arr = ffi.new("UplinkSharePrefix[]", max(len(prefixes), 1))
    keep: List[Any] = []
    for i, (bucket, prefix) in enumerate(prefixes):
        b, p = c_str(bucket, "share prefix bucket"), c_str(prefix, "share prefix")
        keep += [b, p]
        arr[i].bucket, arr[i].prefix = b, p
    with access as a:
        res = lib.uplink_access_share(a, perm[0], arr, len(prefixes))
    return _access_handle(unwrap(res, lib.uplink_free_access_result))


def override_encryption_key(access: NativeHandle, bucket: str, prefix: str,
                            key: NativeHandle) -> None:
    b, p = c_str(bucket, "bucket"), c_str(prefix, "prefix")
    with access as a, key as k:
        err = lib.uplink_access_override_encryption_key(a, b, p, k)
    check(err)


def derive_encryption_key(passphrase: str, salt: bytes) -> NativeHandle:
    ensure_usable()
    pw = c_str(passphrase, "passphrase")
    if not isinstance(salt, (bytes, bytearray, memoryview)):
        raise TypeError(f"salt must be bytes, not {type(salt).__name__}")
    with readable_buffer(salt, "salt") as buf:
        res = unwrap(lib.uplink_derive_encryption_key(pw, buf, len(buf)),
                     lib.uplink_free_encryption_key_result, (passphrase,))
    return NativeHandle(res.encryption_key,
                        partial(lib.uplink_free_encryption_key_result, res), "encryption key")
