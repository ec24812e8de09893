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
INCLUDE = ROOT / "go" / "include"
UPLINK_C_HEADERS = ("uplink_definitions.h", "uplink.h")
#: The functions beyond uplink-c this project declares, pinned per extension header
#: (each header declares exactly its list; other extension headers are checked alike
#: through EXTENSIONS below, so none can drop out of the cdef or the exports).
PINNED_EXTENSIONS = {
    "uplink_cancel.h": {"uplink_cancel_upload", "uplink_cancel_part_upload",
                        "uplink_cancel_download"},
}


def _declared(header_text):
    return set(re.findall(r"^extern\s+[\w\s\*]+?\b((?:uplink|edge)_\w+)\s*\(", header_text, re.M))


def _extension_headers():
    return sorted(p for p in INCLUDE.glob("*.h") if p.name not in UPLINK_C_HEADERS)


def _extensions():
    """{header name: the functions it declares} for every extension header."""
    return {p.name: _declared(p.read_text()) for p in _extension_headers()}


EXTENSIONS = set().union(*_extensions().values())


def test_pinned_extension_headers_declare_exactly_their_functions():
    found = _extensions()
    for name, functions in PINNED_EXTENSIONS.items():
        assert found.get(name) == functions, name


def test_extension_headers_add_to_uplink_c_without_redeclaring_it():
    found = _extensions()
    assert found, "no extension header found"
    for name, functions in found.items():
        text = (INCLUDE / name).read_text()
        assert '#include "uplink.h"' in text, name
        assert functions, f"{name} declares no function"
        assert not functions & set(API), (name, functions & set(API))
    names = [f for functions in found.values() for f in functions]
    assert len(names) == len(set(names)), "a function is declared by two extension headers"


def test_every_extension_function_is_in_lib():
    assert [name for name in sorted(EXTENSIONS) if not hasattr(lib, name)] == []


def test_the_api_list_has_85_functions():
    assert len(API) == len(set(API)) == 85
    assert "uplink_internal_UniverseIsEmpty" in API


def test_every_function_is_in_lib():
    missing = [name for name in API if not hasattr(lib, name)]
    assert missing == []


def test_hand_written_header_declares_exactly_the_api():
    assert _declared((ROOT / "go" / "include" / "uplink.h").read_text()) == set(API)


def test_cdef_declares_exactly_the_api_and_the_extensions():
    import sys

    sys.path.insert(0, str(ROOT))
    try:
        import ffi_build
    finally:
        sys.path.remove(str(ROOT))
    cdef = ffi_build.cdef_from_headers()
    assert _declared(cdef) == set(API) | EXTENSIONS
    assert ffi_build.headers()[:2] == list(UPLINK_C_HEADERS)


def _go():
    go = shutil.which("go")
    if go is None:
        pytest.fail("the Go toolchain is needed to check cgo's exports (CI installs it)")
    return go


def test_cgo_exports_exactly_the_api_and_the_extensions(tmp_path):
    """Build go/ and read the header cgo generates from the //export lines."""
    env = dict(os.environ, CGO_ENABLED="1", GOTOOLCHAIN="local", GOFLAGS="-mod=readonly")
    subprocess.run([_go(), "build", "-buildmode=c-archive", "-trimpath",
                    "-o", str(tmp_path / "libuplink.a"), "."],
                   cwd=ROOT / "go", env=env, check=True, capture_output=True, timeout=900)
    exported = _declared((tmp_path / "libuplink.h").read_text())
    want = set(API) | EXTENSIONS
    assert exported == want, (want - exported, exported - want)
