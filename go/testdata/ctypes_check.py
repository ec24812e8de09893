"""Load the archive linked into a shared object (as the cffi extension will be)
with ctypes, parse a garbage access grant, check the error, free it and check
that no handle is left. Driven by smoke_test.go: python3 ctypes_check.py SO"""
import ctypes
import sys

lib = ctypes.CDLL(sys.argv[1])


class UplinkError(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int32), ("message", ctypes.c_char_p)]


class UplinkAccessResult(ctypes.Structure):
    _fields_ = [("access", ctypes.c_void_p), ("error", ctypes.POINTER(UplinkError))]


lib.uplink_parse_access.restype = UplinkAccessResult
lib.uplink_parse_access.argtypes = [ctypes.c_char_p]
lib.uplink_free_access_result.argtypes = [UplinkAccessResult]
lib.uplink_free_access_result.restype = None
lib.uplink_internal_UniverseIsEmpty.restype = ctypes.c_uint8

result = lib.uplink_parse_access(b"garbage")
assert not result.access, "garbage parsed"
assert result.error, "no error"
code, message = result.error.contents.code, result.error.contents.message.decode()
assert code == 0x02, f"code {code:#x} ({message})"  # UPLINK_ERROR_INTERNAL
lib.uplink_free_access_result(result)
assert lib.uplink_internal_UniverseIsEmpty() == 1, "handles leaked"
print(f"ctypes: parse garbage -> code {code:#x} {message!r}; universe empty")
