"""Processes forked after ``import storj_uplink`` but before its first call work fully.

Each scenario runs in a fresh interpreter (this test process has long loaded
the native library): a multiprocessing ``fork`` pool, and the shape of
``gunicorn --preload`` (the app module imported once in the master, workers
forked from it, requests served in the workers).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = [pytest.mark.network,
              pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX-only")]


def _run(code: str, access: str, bucket: str) -> str:
    env = dict(os.environ, STORJ_ACCESS=access, BUCKET=bucket)
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


POOL = """
    import hashlib, multiprocessing, os, sys
    import storj_uplink as sj
    from storj_uplink._native import core

    def work(i):
        data = os.urandom(256 * 1024 + i)
        with sj.Access.parse(os.environ["STORJ_ACCESS"]) as access:
            with access.open_project() as project:
                bucket = project.bucket(os.environ["BUCKET"])
                bucket.put(f"child-{i}", data)
                back = bucket.get(f"child-{i}")
        return i, os.getpid(), hashlib.sha256(data).hexdigest(), hashlib.sha256(back).hexdigest()

    if __name__ == "__main__":
        assert not core.is_loaded()
        with multiprocessing.get_context("fork").Pool(4) as pool:
            results = pool.map(work, range(8))
        assert not core.is_loaded(), "the parent loaded the native library"
        for i, pid, sent, got in results:
            print(i, pid != os.getpid(), sent == got)
        print("pids", len({pid for _, pid, _, _ in results}))
"""


def test_fork_pool_of_4_children_uploads_and_downloads(storj_network, project, bucket):
    out = _run(POOL, storj_network.access, bucket.name).splitlines()
    assert out[:8] == [f"{i} True True" for i in range(8)]
    assert out[8] in ("pids 2", "pids 3", "pids 4")  # the pool's children did the work
    assert sorted(o.key for o in bucket.list()) == sorted(f"child-{i}" for i in range(8))


PRELOAD = """
    # The shape of gunicorn --preload: the master imports the application
    # module (and with it storj_uplink) once, then forks its workers; each
    # worker serves requests with its own Project, opened on first use.
    import hashlib, io, os, sys, types
    from wsgiref.util import setup_testing_defaults

    app_module = types.ModuleType("app")
    exec('''
    import os
    import storj_uplink as sj

    GRANT = os.environ["STORJ_ACCESS"]      # configuration read at import: no native call
    _project = None

    def project():
        global _project
        if _project is None:                 # first request of this worker
            _project = sj.Access.parse(GRANT).open_project()
        return _project

    def application(environ, start_response):
        key = environ["PATH_INFO"].lstrip("/")
        bucket = project().bucket(os.environ["BUCKET"])
        if environ["REQUEST_METHOD"] == "PUT":
            body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
            bucket.put(key, body)
            out = b"stored"
        else:
            out = bucket.get(key)
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return [out]
    ''', app_module.__dict__)

    from storj_uplink._native import core
    assert not core.is_loaded()

    def request(method, path, body=b""):
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "CONTENT_LENGTH": str(len(body)),
                   "wsgi.input": io.BytesIO(body)}
        setup_testing_defaults(environ)
        status = []
        out = b"".join(app_module.application(environ, lambda s, h: status.append(s)))
        return status[0], out

    workers = []
    for w in range(3):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                for r in range(3):
                    body = os.urandom(100_000 + r)
                    assert request("PUT", f"/w{w}-r{r}", body) == ("200 OK", b"stored")
                    status, back = request("GET", f"/w{w}-r{r}")
                    assert status == "200 OK" and back == body
                code = 0
            except BaseException as exc:
                print("worker", w, type(exc).__name__, exc, file=sys.stderr)
            finally:
                os._exit(code)
        workers.append(pid)
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in workers]
    print("codes", codes, "master loaded", core.is_loaded())
"""


def test_gunicorn_preload_shaped_workers_serve_requests(storj_network, project, bucket):
    out = _run(PRELOAD, storj_network.access, bucket.name)
    assert out.strip() == "codes [0, 0, 0] master loaded False"
    keys = sorted(o.key for o in bucket.list())
    assert keys == sorted(f"w{w}-r{r}" for w in range(3) for r in range(3))


AFTER_USE = """
    import os
    import storj_uplink as sj
    with sj.Access.parse(os.environ["STORJ_ACCESS"]) as access:   # the parent uses the SDK
        pass
    pid = os.fork()
    if pid == 0:
        try:
            sj.Access.parse(os.environ["STORJ_ACCESS"])
            os._exit(3)
        except sj.StorjError as exc:
            os._exit(0 if "forked after" in str(exc) else 2)
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
"""


def test_a_child_forked_after_use_gets_the_clear_error(storj_network, bucket):
    assert _run(AFTER_USE, storj_network.access, bucket.name).strip() == "0"
