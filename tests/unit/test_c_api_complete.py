"""Nothing of the C API can silently drop out: header, cgo exports, cdef and lib agree.

The 85 uplink-c functions are checked against their list, and every extension
header (go/include/*.h beyond uplink-c's two) against its own list
tests/data/<header stem>_functions.txt: each new C function is declared once,
exported by cgo, in the cdef and in lib.
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
EXTENSION_HEADERS = sorted(p.name for p in INCLUDE.glob("*.h") if p.name not in UPLINK_C_HEADERS)


def _extension_list(header):
    path = ROOT / "tests" / "data" / f"{header[:-2]}_functions.txt"
    assert path.exists(), f"{header} has no list of its functions ({path.name})"
    return path.read_text().split()


EXTENSIONS = {h: _extension_list(h) for h in EXTENSION_HEADERS}
ALL = set(API).union(*EXTENSIONS.values())


def _declared(header_text):
    return set(re.findall(r"^extern\s+[\w\s\*]+?\b((?:uplink|edge)_\w+)\s*\(", header_text, re.M))


def test_no_function_is_declared_by_two_extension_headers():
    names = [f for functions in EXTENSIONS.values() for f in functions]
    assert len(names) == len(set(names))


def test_the_cancel_header_declares_the_three_cancels():
    assert set(EXTENSIONS["uplink_cancel.h"]) == {
        "uplink_cancel_upload", "uplink_cancel_part_upload", "uplink_cancel_download"}


def test_the_api_list_has_85_functions():
    assert len(API) == len(set(API)) == 85
    assert "uplink_internal_UniverseIsEmpty" in API


def test_every_function_is_in_lib():
    missing = [name for name in sorted(ALL) if not hasattr(lib, name)]
    assert missing == []


def test_uplink_ext_is_an_extension_with_its_functions():
    assert "uplink_ext.h" in EXTENSIONS
    assert len(EXTENSIONS["uplink_ext.h"]) == len(set(EXTENSIONS["uplink_ext.h"])) == 37
    assert all(name.startswith("uplink_ext_") for name in EXTENSIONS["uplink_ext.h"])


@pytest.mark.parametrize("header", EXTENSION_HEADERS)
def test_extension_header_declares_exactly_its_list(header):
    text = (INCLUDE / header).read_text()
    assert '#include "uplink.h"' in text
    names = EXTENSIONS[header]
    assert _declared(text) == set(names)
    assert not set(names) & set(API), "an extension must not redeclare an uplink-c function"


def test_hand_written_header_declares_exactly_the_api():
    assert _declared((INCLUDE / "uplink.h").read_text()) == set(API)


def test_the_internal_header_declares_the_test_counters():
    assert set(EXTENSIONS["uplink_internal.h"]) == {
        "uplink_internal_goroutine_count", "uplink_internal_handle_count"}


def test_cdef_declares_exactly_the_api_and_the_extensions():
    import sys

    sys.path.insert(0, str(ROOT))
    try:
        import ffi_build
    finally:
        sys.path.remove(str(ROOT))
    cdef = ffi_build.cdef_from_headers()
    assert _declared(cdef) == ALL
    assert ffi_build.headers()[:2] == list(UPLINK_C_HEADERS)


def _go():
    go = shutil.which("go")
    if go is None:
        pytest.fail("the Go toolchain is needed to check cgo's exports (CI installs it)")
    return go


@pytest.mark.needs_go
def test_cgo_exports_exactly_the_api_and_the_extensions(tmp_path):
    """Build go/ and read the header cgo generates from the //export lines."""
    env = dict(os.environ, CGO_ENABLED="1", GOTOOLCHAIN="local", GOFLAGS="-mod=readonly")
    subprocess.run([_go(), "build", "-buildmode=c-archive", "-trimpath",
                    "-o", str(tmp_path / "libuplink.a"), "."],
                   cwd=ROOT / "go", env=env, check=True, capture_output=True, timeout=900)
    exported = _declared((tmp_path / "libuplink.h").read_text())
    assert exported == ALL, (ALL - exported, exported - ALL)
