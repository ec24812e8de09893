"""Nothing of the C API can silently drop out: header, cgo exports, cdef and lib agree."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from storj_uplink._native import lib

ROOT = Path(__file__).resolve().parents[2]
API = (ROOT / "tests" / "data" / "uplink_c_functions.txt").read_text().split()


def _declared(header_text):
    return set(re.findall(r"^extern\s+[\w\s\*]+?\b((?:uplink|edge)_\w+)\s*\(", header_text, re.M))


def test_the_api_list_has_85_functions():
    assert len(API) == len(set(API)) == 85
    assert "uplink_internal_UniverseIsEmpty" in API


def test_every_function_is_in_lib():
    missing = [name for name in API if not hasattr(lib, name)]
    assert missing == []


def test_hand_written_header_declares_exactly_the_api():
    assert _declared((ROOT / "go" / "include" / "uplink.h").read_text()) == set(API)


def test_cdef_declares_exactly_the_api():
    import sys

    sys.path.insert(0, str(ROOT))
    try:
        import ffi_build
    finally:
        sys.path.remove(str(ROOT))
    cdef = ffi_build.cdef_from_headers()
    assert _declared(cdef) == set(API)


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
    assert exported == set(API), (set(API) - exported, exported - set(API))
