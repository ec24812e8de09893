"""A stand-in for the Go planet server: tests :mod:`storj_uplink.testnet` without Go or Postgres.

It speaks the same protocol: writes the same JSON to ``$PLANET_INFO``
(atomically), opens real TCP listeners on 127.0.0.1 for the "satellite" and
"storage nodes" (they accept connections and close them, nothing more), and
serves the same fault-control HTTP endpoints, which close and reopen those
listeners on the same ports. It stops on SIGINT/SIGTERM.

``FAKE_PLANET_MODE`` simulates failures: ``die`` (log a line, exit 3 before
writing the JSON), ``hang`` (never write the JSON), ``ignore-signals`` (ignore
SIGINT/SIGTERM once serving, to exercise the SIGKILL escalation).

Run: ``python -m storj_uplink.testnet._fake_planet`` (any extra arguments are ignored).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional


class _Listener:
    def __init__(self, port: int = 0) -> None:
        self.port = port
        self.sock: Optional[socket.socket] = None
        self.thread: Optional[threading.Thread] = None
        self.open()

    def open(self) -> None:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", self.port))
        s.listen(16)
        self.port = s.getsockname()[1]
        self.sock = s
        self.thread = threading.Thread(target=self._accept, args=(s,), daemon=True)
        self.thread.start()

    def _accept(self, s: socket.socket) -> None:
        while True:
            try:
                conn, _ = s.accept()
            except OSError:
                return
            conn.close()

    def close(self) -> None:
        if self.sock is not None:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.sock.close()
            self.sock = None

    @property
    def running(self) -> bool:
        return self.sock is not None


def main() -> int:
    mode = os.environ.get("FAKE_PLANET_MODE", "")
    info_path = os.environ.get("PLANET_INFO")
    if not info_path:
        print("fake planet: PLANET_INFO is not set", file=sys.stderr)
        return 2
    print("fake planet: starting", flush=True)
    if mode == "die":
        print("fake planet: simulated failure: database is on fire", flush=True)
        return 3

    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if mode == "hang":
        while not stop.wait(0.1):
            pass
        return 0

    count = int(os.environ.get("PLANET_NODES") or 5)
    satellite = _Listener()
    nodes = [_Listener() for _ in range(count)]
    lock = threading.Lock()

    def status() -> dict[str, Any]:
        return {
            "satellite": "running" if satellite.running else "stopped",
            "nodes": ["running" if n.running else "stopped" for n in nodes],
        }

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _reply(self, code: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.split("?")[0] == "/status":
                with lock:
                    self._reply(200, status())
            else:
                self._reply(404, {"error": "not found"})

        def do_POST(self) -> None:
            parts = self.path.split("?")[0].strip("/").split("/")
            with lock:
                if parts[:1] == ["satellite"] and len(parts) == 2:
                    target = satellite
                    name = "the satellite"
                elif parts[:1] == ["nodes"] and len(parts) == 3:
                    try:
                        target = nodes[int(parts[1])]
                    except (ValueError, IndexError):
                        self._reply(
                            404, {"error": f"no storage node {parts[1]!r} (there are {len(nodes)})"}
                        )
                        return
                    name = f"storage node {parts[1]}"
                else:
                    self._reply(404, {"error": "not found"})
                    return
                action = parts[-1]
                if action == "stop":
                    if not target.running:
                        self._reply(409, {"error": f"{name} is already stopped"})
                        return
                    target.close()
                elif action == "start":
                    if target.running:
                        self._reply(409, {"error": f"{name} is already running"})
                        return
                    target.open()
                else:
                    self._reply(404, {"error": "not found"})
                    return
                self._reply(200, status())

    control = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    control.daemon_threads = True
    threading.Thread(target=control.serve_forever, daemon=True).start()

    info = {
        "satellite": f"1FakeSatelliteNodeID{'x' * 30}@127.0.0.1:{satellite.port}",
        "api_key": "fake-api-key-secret",
        "access": "fake-access-grant-secret",
        "passphrase": "fake-passphrase-secret",
        "control": f"127.0.0.1:{control.server_address[1]}",
        "nodes": count,
        "node_addresses": [f"127.0.0.1:{n.port}" for n in nodes],
        "pid": os.getpid(),
    }
    tmp = info_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(info, f)
    os.replace(tmp, info_path)
    print(f"fake planet: serving satellite 127.0.0.1:{satellite.port}", flush=True)

    if mode == "ignore-signals":
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        while True:
            time.sleep(1)

    while not stop.wait(0.1):
        pass
    print("fake planet: shutting down", flush=True)
    control.shutdown()
    control.server_close()
    satellite.close()
    for n in nodes:
        n.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
