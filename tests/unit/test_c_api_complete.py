"""Nothing of the C API can silently drop out: header, cgo exports, cdef and lib agree.

The 85 uplink-c functions are declared by go/include/uplink.h, exactly. Functions
beyond uplink-c live in their own headers beside it (each includes uplink.h); the
cdef, cgo's exports and lib hold exactly the uplink-c functions plus those.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from storj_uplink._native import lib

ROOT = Path(__file__).resolve().parents[2]
API = (ROOT / "tests" / "data" / "uplink_c_functions.txt").read_text().split()
INCLUDE = ROOT / "go" / "include"
UPLINK_C_HEADERS = ("uplink_definitions.h", "uplink.h")
EXTENSION_HEADERS = sorted(p for p in INCLUDE.glob("*.h") if p.name not in UPLINK_C_HEADERS)


def _declared(header_text):
    return set(re.findall(r"^extern\s+[\w\s\*]+?\b((?:uplink|edge)_\w+)\s*\(", header_text, re.M))


def _extensions():
    """{function: header name} of every function declared beyond uplink-c."""
    found = {}
    for header in EXTENSION_HEADERS:
        for name in _declared(header.read_text()):
            assert name not in found, f"{name} declared by {found[name]} and {header.name}"
            found[name] = header.name
    return found


EXPECTED = set(API) | set(_extensions())


def test_the_api_list_has_85_functions():
    assert len(API) == len(set(API)) == 85
    assert "uplink_internal_UniverseIsEmpty" in API


def test_every_function_is_in_lib():
    missing = [name for name in sorted(EXPECTED) if not hasattr(lib, name)]
    assert missing == []


def test_hand_written_header_declares_exactly_the_api():
    assert _declared((INCLUDE / "uplink.h").read_text()) == set(API)


def test_extension_headers_add_functions_without_touching_uplink_c():
    assert set(_extensions()).isdisjoint(API)
    for header in EXTENSION_HEADERS:
        assert '#include "uplink.h"' in header.read_text(), header.name


def test_the_internal_header_declares_the_test_counters():
    internal = {name for name, header in _extensions().items() if header == "uplink_internal.h"}
    assert internal == {"uplink_internal_goroutine_count", "uplink_internal_handle_count"}


def test_cdef_declares_exactly_the_api():
    import sys

    sys.path.insert(0, str(ROOT))
    try:
        import ffi_build
    finally:
        sys.path.remove(str(ROOT))
    cdef = ffi_build.cdef_from_headers()
    assert _declared(cdef) == EXPECTED


def _go():
    go = shutil.which("go")
    if go is None:
        pytest.fail("the Go toolchain is needed to check cgo's exports (CI installs it)")
    return go


@pytest.mark.needs_go
def test_cgo_exports_exactly_the_api(tmp_path):
    """Build go/ and read the header cgo generates from the //export lines."""
    env = dict(os.environ, CGO_ENABLED="1", GOTOOLCHAIN="local", GOFLAGS="-mod=readonly")
    subprocess.run([_go(), "build", "-buildmode=c-archive", "-trimpath",
                    "-o", str(tmp_path / "libuplink.a"), "."],
                   cwd=ROOT / "go", env=env, check=True, capture_output=True, timeout=900)
    exported = _declared((tmp_path / "libuplink.h").read_text())
    assert exported == EXPECTED, (EXPECTED - exported, exported - EXPECTED)
