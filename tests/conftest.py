"""Shared fixtures: a real local Storj network (storj_uplink.testing), access, project,
a fresh bucket per test, and a leak check after every test module.

Every network test gets a timeout (pytest-timeout), so a hang fails the test
instead of blocking CI: NETWORK_TEST_TIMEOUT seconds for the test function
(the session's network start-up, which may build the server, is not counted),
the soak budget's when STORJ_UPLINK_SOAK=1. The "thread" method also catches
a hang inside a native call (it ends the run with every thread's stack).
"""

from __future__ import annotations

import gc
import os
import uuid

import pytest

import storj_uplink as sj

pytest_plugins = ["storj_uplink.testing"]

# scripts/check-installed-wheel.sh: the tests must exercise the installed wheel, not src/.
_INSTALLED_IN = os.environ.get("STORJ_UPLINK_TEST_INSTALLED_IN")
if _INSTALLED_IN and not os.path.realpath(sj.__file__).startswith(
        os.path.realpath(_INSTALLED_IN) + os.sep):
    raise ImportError(f"storj_uplink imported from {sj.__file__}, not from {_INSTALLED_IN}")

#: seconds; the slowest network test (200 MiB transfers) takes ~40 s on the 2-core CI machine
NETWORK_TEST_TIMEOUT = 600
SOAK_TEST_TIMEOUT = 4 * 3600


def pytest_collection_modifyitems(config, items):
    soak = os.environ.get("STORJ_UPLINK_SOAK") == "1"
    for item in items:
        on_network = (item.get_closest_marker("network") is not None
                      or "_storj_network_handle" in getattr(item, "fixturenames", ()))
        if on_network and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(
                SOAK_TEST_TIMEOUT if soak else NETWORK_TEST_TIMEOUT,
                method="thread", func_only=True))


@pytest.fixture(scope="module", autouse=True)
def native_leak_check():
    """After each module, no native handle may still be live (gc first: finalizers)."""
    yield
    gc.collect()
    assert sj._universe_is_empty(), "a native handle leaked in this test module"


@pytest.fixture(scope="module")
def access(storj_network):
    """An Access for the local network (or the one in STORJ_ACCESS)."""
    with sj.Access.parse(storj_network.access) as acc:
        yield acc


@pytest.fixture(scope="module")
def project(access):
    with access.open_project() as proj:
        yield proj


@pytest.fixture
def bucket_name(project):
    """A fresh bucket name; the bucket (if created) is deleted with its objects afterwards."""
    name = "t-" + uuid.uuid4().hex[:20]
    yield name
    try:
        project.delete_bucket(name, with_objects=True)
    except sj.BucketNotFoundError:
        pass


@pytest.fixture
def bucket(project, bucket_name):
    """A fresh, empty bucket."""
    return project.create_bucket(bucket_name)
