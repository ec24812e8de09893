"""A small asyncio web service that streams Storj objects over HTTP.

``GET /<key>`` answers with the object ``<key>`` of one bucket, streamed from
Storj chunk by chunk with the :mod:`storj_uplink.aio` API: the event loop
never waits on the network, the memory used per request stays at one chunk,
and many requests are served at once. The ``Content-Type`` header comes
from the object's ``content-type`` metadata (the SDK stores it on upload,
guessed from the key). Only the standard library's asyncio is used; a real
service would put the same handler in aiohttp, Starlette or FastAPI.

    STORJ_ACCESS=... python examples/aio_web_service.py serve BUCKET [--port 8080]
    curl -O http://127.0.0.1:8080/path/to/object

``serve`` runs until Ctrl-C (or SIGTERM). Without arguments the example
checks itself: it uploads an object to a new bucket, serves it on a free
port, fetches it over HTTP, compares SHA-256 and content type, checks that
a missing key is a 404, stops the server and deletes the bucket.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import sys
import urllib.error
import urllib.request
from typing import List
from urllib.parse import unquote, urlsplit

from storj_env import check, fail, open_access, scratch_bucket

import storj_uplink as sj
from storj_uplink import aio

REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
           500: "Internal Server Error"}


async def send_head(writer: asyncio.StreamWriter, status: int, length: int,
                    content_type: str = "text/plain; charset=utf-8") -> None:
    writer.write((f"HTTP/1.1 {status} {REASONS[status]}\r\n"
                  f"Content-Type: {content_type}\r\n"
                  f"Content-Length: {length}\r\n"
                  "Connection: close\r\n\r\n").encode("latin-1"))
    await writer.drain()


async def send_text(writer: asyncio.StreamWriter, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send_head(writer, status, len(body))
    writer.write(body)
    await writer.drain()


async def handle(bucket: aio.Bucket, reader: asyncio.StreamReader,
                 writer: asyncio.StreamWriter) -> None:
    """One HTTP/1.1 request: GET (or HEAD) /<key>, answered from the object, then close."""
    try:
        request = (await reader.readline()).decode("latin-1").split()
        while (await reader.readline()) not in (b"\r\n", b"\n", b""):
            pass  # the headers: not needed here
        if len(request) != 3:
            return await send_text(writer, 400, "bad request line\n")
        method, target = request[0], request[1]
        if method not in ("GET", "HEAD"):
            return await send_text(writer, 405, "GET or HEAD only\n")
        key = unquote(urlsplit(target).path).lstrip("/")
        if not key or key.endswith("/"):
            return await send_text(writer, 404, "not an object\n")
        try:
            async with bucket.download(key) as down:
                info = down.info
                content_type = info.metadata.get("content-type", "application/octet-stream")
                await send_head(writer, 200, info.content_length, content_type)
                if method == "GET":
                    async for chunk in down:                # up to 1 MiB at a time
                        writer.write(chunk)
                        await writer.drain()                # back-pressure from the client
        except sj.ObjectNotFoundError:
            await send_text(writer, 404, f"no object {key!r}\n")
        except sj.ObjectKeyInvalidError:
            await send_text(writer, 400, "invalid key\n")
    except (ConnectionError, asyncio.IncompleteReadError):
        pass  # the client went away
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except ConnectionError:
            pass


async def serve(bucket_name: str, host: str, port: int, ready: "asyncio.Future[str]",
                stop: asyncio.Event) -> None:
    """Serve ``bucket_name`` on ``host:port`` until ``stop`` is set; ``ready`` gets the URL."""
    with open_access() as access:
        async with await aio.open_project(access) as project:
            bucket = await project.stat_bucket(bucket_name)   # BucketNotFoundError early
            server = await asyncio.start_server(
                lambda r, w: handle(bucket, r, w), host, port)
            async with server:
                address = server.sockets[0].getsockname()
                ready.set_result(f"http://{address[0]}:{address[1]}/")
                await stop.wait()


def fetch(url: str):
    """GET ``url`` (on a worker thread): (status, content type, body)."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read()


async def self_check() -> None:
    data = os.urandom(3 * 1024 * 1024 + 99)
    with open_access() as access, access.open_project() as project, \
            scratch_bucket(project, "aio-web-demo") as bucket:
        bucket.put("media/clip one.mp4", data)   # content-type video/mp4, from the key
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[str] = loop.create_future()
        stop = asyncio.Event()
        server = asyncio.ensure_future(serve(bucket.name, "127.0.0.1", 0, ready, stop))
        try:
            base = await asyncio.wait_for(asyncio.shield(ready), 60)
            print(f"serving sj://{bucket.name} on {base}")
            status, content_type, body = await asyncio.to_thread(
                fetch, base + "media/clip%20one.mp4")
            check(status == 200, f"status {status}")
            check(hashlib.sha256(body).digest() == hashlib.sha256(data).digest(),
                  "the body's sha256 differs from the object's")
            check(content_type == "video/mp4", f"Content-Type {content_type!r}")
            print(f"GET /media/clip%20one.mp4: {status}, {len(body)} bytes, {content_type}, "
                  "sha256 matches")
            status, _, _ = await asyncio.to_thread(fetch, base + "media/missing.mp4")
            check(status == 404, f"a missing key answered {status}")
            print("GET /media/missing.mp4: 404")
        finally:
            stop.set()
            await server
    print("aio web service: OK")


async def serve_until_signalled(bucket_name: str, host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):  # Windows: Ctrl-C raises instead
            pass
    ready: asyncio.Future[str] = loop.create_future()
    ready.add_done_callback(lambda f: print(f"serving sj://{bucket_name} on {f.result()}",
                                            flush=True))
    await serve(bucket_name, host, port, ready, stop)
    print("stopped", flush=True)


def main(argv: List[str]) -> None:
    if not argv:
        asyncio.run(self_check())
        return
    if argv[0] != "serve" or len(argv) < 2:
        fail("usage: aio_web_service.py [serve BUCKET [--host HOST] [--port PORT]]")
    options = dict(zip(argv[2::2], argv[3::2]))
    host, port = options.get("--host", "127.0.0.1"), int(options.get("--port", "8080"))
    asyncio.run(serve_until_signalled(argv[1], host, port))


if __name__ == "__main__":
    main(sys.argv[1:])
