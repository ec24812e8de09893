"""Edge registration and encryption keys on the real local network.

The edge auth service is not part of the local network. Registration is tested
against loopback: a closed port, a socket that hangs up, and a minimal fake
auth service speaking DRPC (the wire protocol of storj.io/drpc) over plain TCP.
"""

from __future__ import annotations

import os
import socket
import struct
import threading
from typing import Dict, List, Optional, Tuple

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network


# ---------------------------------------------------------------- a fake DRPC auth service


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _read_varint(buf: bytes, i: int) -> Tuple[int, int]:
    shift = n = 0
    while True:
        b = buf[i]
        i += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return n, i


def _frame(kind: int, stream: int, message: int, data: bytes = b"") -> bytes:
    return (bytes([(kind << 1) | 1]) + _varint(stream) + _varint(message) + _varint(len(data))
            + data)


def _pb_fields(data: bytes) -> Dict[int, object]:
    """A minimal protobuf decoder: varint and length-delimited fields."""
    fields: Dict[int, object] = {}
    i = 0
    while i < len(data):
        tag, i = _read_varint(data, i)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            fields[number], i = _read_varint(data, i)
        elif wire == 2:
            size, i = _read_varint(data, i)
            fields[number] = data[i:i + size]
            i += size
        else:  # pragma: no cover - not used by EdgeRegisterAccessRequest
            raise ValueError(f"wire type {wire}")
    return fields


def _pb_string(number: int, value: str) -> bytes:
    raw = value.encode()
    return _varint(number << 3 | 2) + _varint(len(raw)) + raw


class FakeAuthService:
    """Answers /EdgeAuth/RegisterAccess once per connection, with credentials or an error."""

    KIND_INVOKE, KIND_MESSAGE, KIND_ERROR, KIND_CLOSE_SEND = 1, 2, 3, 6

    def __init__(self, error: Optional[str] = None) -> None:
        self.error = error
        self.requests: List[Tuple[str, bytes, Dict[int, object]]] = []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.05)
        self.address = f"127.0.0.1:{self.sock.getsockname()[1]}"
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, BlockingIOError):
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(0.05)
                try:
                    self._handle(conn)
                except (OSError, IndexError):
                    pass

    def _handle(self, conn: socket.socket) -> None:
        buf = b""
        packets: Dict[int, bytes] = {}
        invoke = b""
        stream = 0
        while not self.stop.is_set():
            try:
                chunk = conn.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                return
            buf += chunk
            if buf.startswith(b"DRPC!!!1"):  # drpcmigrate's connection header
                buf = buf[8:]
            while len(buf) >= 4:
                try:
                    control = buf[0]
                    stream, i = _read_varint(buf, 1)
                    _, i = _read_varint(buf, i)
                    size, i = _read_varint(buf, i)
                except IndexError:
                    break
                if len(buf) < i + size:
                    break
                kind, data, buf = (control >> 1) & 0x3F, buf[i:i + size], buf[i + size:]
                packets[kind] = packets.get(kind, b"") + data
                if kind == self.KIND_INVOKE:
                    invoke = packets[kind]
                if kind == self.KIND_MESSAGE and control & 1:
                    self._answer(conn, stream, invoke.decode(), packets[kind])
                    return

    def _answer(self, conn: socket.socket, stream: int, rpc: str, message: bytes) -> None:
        fields = _pb_fields(message)
        self.requests.append((rpc, message, fields))
        if self.error is not None:
            grant = fields.get(1, b"").decode()
            text = self.error.replace("{grant}", grant).encode()
            conn.sendall(_frame(self.KIND_ERROR, stream, 1, struct.pack(">Q", 0) + text))
        else:
            reply = (_pb_string(1, "jwfakeaccesskeyid") + _pb_string(2, "fake-secret-key-123")
                     + _pb_string(3, "https://gateway.example.test"))
            conn.sendall(_frame(self.KIND_MESSAGE, stream, 1, reply)
                         + _frame(self.KIND_CLOSE_SEND, stream, 2))
        while not self.stop.is_set():  # let the client close first (it may pool the connection)
            try:
                if not conn.recv(65536):
                    return
            except socket.timeout:
                continue

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


@pytest.fixture
def auth_service():
    services = []

    def make(error=None):
        services.append(FakeAuthService(error))
        return services[-1]

    yield make
    for s in services:
        s.close()


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# ---------------------------------------------------------------- register_access


@pytest.mark.parametrize("public", [False, True])
def test_register_access_with_a_fake_auth_service(access, auth_service, public):
    service = auth_service()
    creds = sj.register_access(access, service.address, public=public,
                               insecure_unencrypted_connection=True)
    assert isinstance(creds, sj.EdgeCredentials)
    assert creds.access_key_id == "jwfakeaccesskeyid"
    assert creds.secret_key == "fake-secret-key-123"
    assert creds.endpoint == "https://gateway.example.test"
    assert "fake-secret-key-123" not in repr(creds) and "fake-secret-key-123" not in str(creds)
    with pytest.raises(AttributeError):
        creds.secret_key = "changed"  # frozen
    [(rpc, _, fields)] = service.requests
    assert rpc == "/EdgeAuth/RegisterAccess"
    assert fields[1].decode() == access.serialize()
    assert bool(fields.get(2, 0)) is public
    url = sj.join_share_url("https://link.example.test", creds.access_key_id, "b", "k.txt")
    assert url == "https://link.example.test/s/jwfakeaccesskeyid/b/k.txt"


def test_a_refusing_auth_service_and_the_grant_stays_secret(access, auth_service):
    service = auth_service(error="bad grant {grant}")
    with pytest.raises(sj.EdgeRegisterAccessFailedError) as info:
        sj.register_access(access, service.address, insecure_unencrypted_connection=True)
    assert isinstance(info.value, sj.EdgeError)
    assert "bad grant" in str(info.value)
    assert access.serialize() not in str(info.value)
    assert access.serialize() not in repr(info.value)
    assert "[REDACTED]" in str(info.value)


@pytest.mark.parametrize("insecure", [False, True])
def test_register_access_without_an_auth_service(access, insecure):
    # uplink's rpc dialer connects lazily: a refused connection surfaces from
    # the RegisterAccess call itself, so the Go library reports
    # ErrRegisterAccessFailed (EDGE_ERROR_REGISTER_ACCESS_FAILED), not ErrAuthDialFailed.
    with pytest.raises(sj.EdgeRegisterAccessFailedError, match="connection refused"):
        sj.register_access(access, f"127.0.0.1:{closed_port()}",
                           insecure_unencrypted_connection=insecure)


def test_an_auth_service_that_hangs_up(access):
    srv = socket.create_server(("127.0.0.1", 0))
    srv.settimeout(0.05)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except socket.timeout:
                continue
            conn.close()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        # the hang-up reads as EOF, or as a reset when it lands while the request is sent
        with pytest.raises(sj.EdgeRegisterAccessFailedError,
                           match=r"EOF|connection reset by peer"):
            sj.register_access(access, f"127.0.0.1:{srv.getsockname()[1]}")
    finally:
        stop.set()
        t.join(5)
        srv.close()


def test_register_access_address_errors(access):
    # an address that cannot even be dialed is the one ErrAuthDialFailed case
    with pytest.raises(sj.EdgeAuthDialFailedError, match="missing port"):
        sj.register_access(access, "no-port-here")
    assert issubclass(sj.EdgeAuthDialFailedError, ConnectionError)
    with pytest.raises(sj.InternalError, match="AuthServiceAddress is missing"):
        sj.register_access(access, "")
    with pytest.raises(TypeError):
        sj.register_access(access.serialize(), "127.0.0.1:1")
    with pytest.raises(ValueError):
        sj.register_access(access, "127.0.0.1:1", certificate_pem=b"\xff not ascii")


# ---------------------------------------------------------------- encryption keys


def test_override_encryption_key_round_trip(access, project, bucket):
    key = sj.EncryptionKey.derive("a different passphrase", b"project-salt")
    overridden = sj.Access.parse(access.serialize())
    try:
        overridden.override_encryption_key(bucket.name, "vault/", key)
        data = os.urandom(200_000)
        with overridden.open_project() as p2:
            b2 = p2.bucket(bucket.name)
            b2.put("vault/doc.bin", data, metadata={"m": "v"})
            b2.put("public.txt", b"plain")  # outside the prefix: the grant's own key
            assert b2.get("vault/doc.bin") == data
            assert b2.stat("vault/doc.bin").metadata == {
                "m": "v", "content-type": "application/octet-stream"}  # guessed from ".bin"
            assert [o.key for o in b2.list(prefix="vault/")] == ["vault/doc.bin"]
        # the same override again, on a fresh grant: same derived key, readable
        again = sj.Access.parse(access.serialize())
        with again, sj.EncryptionKey.derive("a different passphrase", b"project-salt") as k2:
            again.override_encryption_key(bucket.name, "vault/", k2)
            with again.open_project() as p3:
                assert p3.bucket(bucket.name).get("vault/doc.bin") == data
        # without the override the object key itself decrypts differently: not found,
        # and listings skip what they cannot decrypt
        with pytest.raises(sj.ObjectNotFoundError):
            bucket.get("vault/doc.bin")
        assert [o.key for o in bucket.list(recursive=True)] == ["public.txt"]
        assert bucket.get("public.txt") == b"plain"
        # a key derived with another salt cannot read it either
        other = sj.Access.parse(access.serialize())
        with other, sj.EncryptionKey.derive("a different passphrase", b"other-salt") as k3:
            other.override_encryption_key(bucket.name, "vault/", k3)
            with other.open_project() as p4, pytest.raises(sj.ObjectNotFoundError):
                p4.bucket(bucket.name).get("vault/doc.bin")
    finally:
        overridden.close()
        key.close()


def test_encryption_key_validation_and_secrets(access):
    with pytest.raises(TypeError):
        sj.EncryptionKey.derive("pass", "salt as str")
    key = sj.EncryptionKey.derive("my secret passphrase", b"")
    with pytest.raises(TypeError):
        access.override_encryption_key("b", "p/", "not a key")
    assert "my secret passphrase" not in repr(key) and repr(key) == "<EncryptionKey>"
    key.close()
    key.close()
    assert repr(key) == "<EncryptionKey closed>"
    with pytest.raises(sj.ClosedError):
        access.override_encryption_key("b", "p/", key)
    assert access.serialize() not in repr(access)
