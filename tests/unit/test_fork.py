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
