"""Project.close's decision about a close error (the native close is replaced by a fake).

storj.io/uplink's Project.Close also closes the idle connections of its pools; one
the other side had already hung up reports "use of closed network connection"
(uplink_ext_close_project says so with ``only_closed_connections``). Project.close
logs that instead of raising; any other close error is raised, and the documented
binding's close_project keeps returning every error uplink_close_project reports.
"""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest

import storj_uplink as sj
from storj_uplink import aio, binding
from storj_uplink._native import project as native_project
from storj_uplink._native.core import NativeHandle

IDLE = "uplink: close tcp 127.0.0.1:40000->127.0.0.1:7777: use of closed network connection"
REAL = "uplink: tracker: something went wrong"


def internal(message: str) -> sj.InternalError:
    return sj.InternalError(message, code=0x02, details=message)


@pytest.fixture
def closes(monkeypatch):
    """Replace both native closes: ``closes.ext`` / ``closes.uplink_c`` are their
    outcomes, ``closes.calls`` the names called."""
    fake = SimpleNamespace(ext=(None, False), uplink_c=None, calls=[])

    def ext(handle):
        fake.calls.append("ext")
        return fake.ext

    def uplink_c(handle):
        fake.calls.append("uplink_c")
        return fake.uplink_c

    monkeypatch.setattr(native_project, "close_project_ext", ext)
    monkeypatch.setattr(native_project, "close_project", uplink_c)
    return fake


def a_project():
    freed = []
    handle = NativeHandle("fake", lambda: freed.append(True), "project")
    return sj.Project(handle, access=None), freed  # type: ignore[arg-type]


def test_idle_connections_already_closed_are_logged_not_raised(closes, caplog):
    closes.ext = (internal(IDLE), True)
    project, freed = a_project()
    with caplog.at_level(logging.DEBUG, logger="storj_uplink"):
        project.close()
    assert closes.calls == ["ext"]
    assert project.closed and freed == [True]
    assert any("use of closed network connection" in r.getMessage() for r in caplog.records)
    project.close()  # idempotent, no second native close
    assert closes.calls == ["ext"]


def test_any_other_close_error_is_raised(closes):
    error = internal(REAL)
    closes.ext = (error, False)
    project, freed = a_project()
    with pytest.raises(sj.InternalError) as raised:
        project.close()
    assert raised.value is error
    assert project.closed and freed == [True]  # freed all the same


def test_the_same_text_without_the_native_verdict_is_raised(closes):
    # the decision rests on the Go-side check, never on the message's text
    closes.ext = (internal(IDLE), False)
    project, _ = a_project()
    with pytest.raises(sj.InternalError, match="use of closed network connection"):
        project.close()


def test_a_clean_close_and_the_context_manager(closes):
    project, freed = a_project()
    with project:
        pass
    assert closes.calls == ["ext"] and freed == [True]


def test_aio_close_takes_the_same_decision(closes):
    closes.ext = (internal(IDLE), True)
    project, _ = a_project()
    asyncio.run(aio.Project(project).close())
    assert project.closed and closes.calls == ["ext"]


def test_the_binding_returns_every_uplink_c_close_error(closes):
    closes.ext = (internal(IDLE), True)  # what the OO close would tolerate
    closes.uplink_c = internal(IDLE)
    project, freed = a_project()
    err = binding.close_project(project)
    assert closes.calls == ["uplink_c"]  # uplink-c's own function, its error as it is
    assert isinstance(err, binding.BindingError) and err.code == binding.ERROR_INTERNAL
    assert str(err) == IDLE
    assert freed == [True]
    project2, _ = a_project()
    closes.uplink_c = None
    assert binding.close_project(project2) is None
