"""``access inspect``: what a serialized grant allows, decoded without the native library.

A grant is base58check (version 0) of a protobuf ``Scope``: the satellite
address (field 1), the API key (2: a macaroon) and the encryption access (3).
The macaroon is a head, caveats (protobuf ``Caveat``: the restrictions) and a
signature. The output follows the Go CLI's JSON, without its secrets: no API
key, no signature (head + caveats + signature *are* the API key), no
encryption key.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timezone
from typing import Any, Dict, List, Tuple

__all__ = ["inspect_grant", "GrantFormatError"]

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

#: The boolean fields of a caveat, by protobuf field number.
_FLAGS = {1: "disallow_reads", 2: "disallow_writes", 3: "disallow_lists", 4: "disallow_deletes",
          5: "disallow_locks", 6: "disallow_put_retention", 7: "disallow_get_retention",
          8: "disallow_put_legal_hold", 9: "disallow_get_legal_hold",
          11: "disallow_bypass_governance_retention",
          12: "disallow_put_bucket_object_lock_configuration",
          13: "disallow_get_bucket_object_lock_configuration",
          14: "disallow_put_bucket_notification_configuration",
          15: "disallow_get_bucket_notification_configuration"}


class GrantFormatError(ValueError):
    """The text is not a serialized access grant."""


def _b58check(text: str) -> bytes:
    number = 0
    for c in text:
        digit = _B58.find(c)
        if digit < 0:
            raise GrantFormatError("invalid access grant format: not base58")
        number = number * 58 + digit
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    raw = b"\0" * (len(text) - len(text.lstrip("1"))) + raw
    if len(raw) < 5 or hashlib.sha256(hashlib.sha256(raw[:-4]).digest()).digest()[:4] \
            != raw[-4:]:
        raise GrantFormatError("invalid access grant format: bad checksum")
    if raw[0] != 0:
        raise GrantFormatError("invalid access grant format: unknown version")
    return raw[1:-4]


def _varint(data: bytes, i: int) -> Tuple[int, int]:
    value = shift = 0
    while True:
        if i >= len(data) or shift > 63:
            raise GrantFormatError("invalid access grant format: truncated")
        b = data[i]
        value |= (b & 0x7F) << shift
        i, shift = i + 1, shift + 7
        if not b & 0x80:
            return value, i


def _fields(data: bytes) -> List[Tuple[int, Any]]:
    """``(number, value)`` of a protobuf message: ints for varints, bytes for the rest."""
    out: List[Tuple[int, Any]] = []
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        number, wire = key >> 3, key & 7
        value: Any
        if wire == 0:
            value, i = _varint(data, i)
        elif wire == 2:
            size, i = _varint(data, i)
            value, i = data[i:i + size], i + size
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            value, i = data[i:i + width], i + width
        else:
            raise GrantFormatError("invalid access grant format: unknown wire type")
        if i > len(data):
            raise GrantFormatError("invalid access grant format: truncated")
        out.append((number, value))
    return out


def _packets(data: bytes, i: int) -> Tuple[List[Tuple[int, bytes]], int]:
    """One macaroon section: ``(field type, data)`` packets up to the end-of-section 0."""
    packets: List[Tuple[int, bytes]] = []
    while True:
        kind, i = _varint(data, i)
        if kind == 0:
            return packets, i
        size, i = _varint(data, i)
        packets.append((kind, data[i:i + size]))
        i += size


def _macaroon(raw: bytes) -> Tuple[bytes, List[bytes]]:
    """The head and the caveats of a serialized macaroon (version 2)."""
    if len(raw) < 2 or raw[0] != 2:
        raise GrantFormatError("invalid api key: not a version 2 macaroon")
    header, i = _packets(raw, 1)
    head = header[-1][1] if header else b""
    caveats: List[bytes] = []
    while True:
        section, i = _packets(raw, i)
        if not section:
            return head, caveats
        identifier = next((d for kind, d in section if kind == 2), None)
        if identifier is None:
            raise GrantFormatError("invalid api key: a caveat without an identifier")
        caveats.append(identifier)


def _timestamp(data: bytes) -> str:
    seconds = nanos = 0
    for number, value in _fields(data):
        if number == 1:
            seconds = value
        elif number == 2:
            nanos = value
    when = datetime.fromtimestamp(seconds + nanos / 1e9, timezone.utc)
    return when.isoformat().replace("+00:00", "Z")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()


def _caveat(raw: bytes) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for number, value in _fields(raw):
        if number in _FLAGS and value:
            out[_FLAGS[number]] = True
        elif number == 10:
            path = dict(_fields(value))
            entry = {"bucket": path.get(1, b"").decode("utf-8", "replace")}
            if path.get(2):
                entry["encrypted_path_prefix"] = _b64url(path[2])
            out.setdefault("allowed_paths", []).append(entry)
        elif number in (20, 21):
            out["not_after" if number == 20 else "not_before"] = _timestamp(value)
        elif number == 22:
            parts = dict(_fields(value))
            out["max_object_ttl"] = parts.get(1, 0) * 10**9 + parts.get(2, 0)  # nanoseconds
    return out


def inspect_grant(serialized: str) -> Dict[str, Any]:
    """The satellite and the restrictions of a grant, as JSON-ready data (no secrets)."""
    scope = dict(_fields(_b58check(serialized.strip())))
    satellite = scope.get(1, b"").decode("utf-8", "replace")
    head, caveats = _macaroon(scope.get(2, b""))
    return {"satellite_addr": satellite,
            "macaroon": {"head": _b64url(head), "caveats": [_caveat(c) for c in caveats]}}
