"""After os.fork() the Go runtime is unusable in the child: a clear error, no deadlock."""

import os
import signal
import sys
import time

import pytest

import storj_uplink as sj


def _child_result(fn):
    """Run fn in a forked child; return its exit code (a hang is killed after 20 s)."""
    pid = os.fork()
    if pid == 0:  # child
        code = 99
        try:
            code = fn()
        finally:
            os._exit(code)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    pytest.fail("the forked child hung")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX-only")
def test_child_gets_a_clear_error_instead_of_a_deadlock():
    key = sj.EncryptionKey.derive("passphrase", b"salt")  # a live native handle

    def child():
        try:
            sj.Access.parse("anything")
        except sj.StorjError as exc:
            if "fork" not in str(exc):
                return 2
        else:
            return 3
        try:
            with key._handle:
                return 4
        except sj.StorjError:
            pass
        key.close()  # closing in the child must not call into Go either
        return 0

    assert _child_result(child) == 0
    # The parent is unaffected: its key is still open and usable.
    assert not key._handle.closed
    with pytest.raises(sj.StorjError, match="invalid access grant"):
        sj.Access.parse("still-works-in-parent")
    key.close()


def test_python_version_supports_fork_hooks():
    assert sys.version_info >= (3, 7) and hasattr(os, "register_at_fork")


def _run_python(code, timeout=60):
    import subprocess

    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=timeout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_importing_loads_no_native_code():
    """Importing storj_uplink (and its public modules) does not start the Go runtime."""
    out = _run_python(
        "import sys, threading\n"
        "import storj_uplink, storj_uplink.aio, storj_uplink.filesystem, storj_uplink.transfer\n"
        "import storj_uplink.cli.main, storj_uplink.binding, storj_uplink.progress\n"
        "from storj_uplink._native import core, lib, ffi\n"
        "print('storj_uplink._uplink' in sys.modules, core.is_loaded(), repr(lib))\n"
        "print(threading.active_count())\n"
        "core.NULL == core.NULL  # a comparison loads it\n"
        "print('storj_uplink._uplink' in sys.modules, core.is_loaded(), repr(lib))\n")
    first, threads, after = out.splitlines()
    assert first == "False False <storj_uplink native lib (not loaded yet)>"
    assert threads == "1"
    assert after == "True True <storj_uplink native lib (loaded)>"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX-only")
def test_a_child_forked_after_import_but_before_first_use_works():
    out = _run_python(
        "import os, sys\n"
        "import storj_uplink as sj\n"
        "from storj_uplink._native import core\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    code = 1\n"
        "    try:\n"
        "        with sj.EncryptionKey.derive('passphrase', b'salt'):\n"
        "            pass\n"
        "        try:\n"
        "            sj.Access.parse('not-a-grant')\n"
        "        except sj.StorjError as exc:\n"
        "            code = 0 if 'fork' not in str(exc) and core.is_loaded() else 2\n"
        "    finally:\n"
        "        os._exit(code)\n"
        "_, status = os.waitpid(pid, 0)\n"
        "print(os.waitstatus_to_exitcode(status), core.is_loaded())\n"
        "sj.EncryptionKey.derive('passphrase', b'salt').close()\n"
        "print(core.is_loaded())\n")
    assert out.split() == ["0", "False", "True"]


def test_the_fork_error_says_what_works():
    from storj_uplink._native import core

    saved = core._forked
    core._forked = True
    try:
        with pytest.raises(sj.StorjError) as info:
            core.ensure_usable()
    finally:
        core._forked = saved
    text = str(info.value)
    assert "fork" in text and "before the first call" in text and "spawn" in text
