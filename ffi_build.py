"""cffi out-of-line (API mode) builder of ``storj_uplink._uplink``.

The cdef is read from go/'s hand-written headers, the same files cgo compiles
against, so the C declarations cffi sees and the functions Go exports cannot
drift. The Go core is linked in statically (see go/main.go for why).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from cffi import FFI

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
import build_go  # noqa: E402

INCLUDE = ROOT / "go" / "include"
# uplink-c's two headers first, then every extension header (uplink_*.h beyond
# uplink-c: each new family of C functions adds its own file, read here as is).
UPLINK_C_HEADERS = ("uplink_definitions.h", "uplink.h")


def headers() -> list:
    """The header file names in cdef order: uplink-c's, then the extensions sorted."""
    extra = sorted(p.name for p in INCLUDE.glob("*.h") if p.name not in UPLINK_C_HEADERS)
    return [*UPLINK_C_HEADERS, *extra]


_DEFINE = re.compile(r"#define\s+(\w+)\s+(0x[0-9A-Fa-f]+|\d+)\s*$")


def cdef_from_headers() -> str:
    """The headers with comments and preprocessor lines removed, for ffi.cdef.

    Integer ``#define``s are kept (cffi understands them); the C++ guard is
    dropped; the three empty option structs get ``...;`` as cffi requires.
    """
    out = []
    for name in headers():
        text = (INCLUDE / name).read_text()
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        text = re.sub(r"//[^\n]*", "", text)
        skipping = False
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith("#ifdef __cplusplus"):
                skipping = True
                continue
            if skipping:
                if stripped.startswith("#endif"):
                    skipping = False
                continue
            if stripped.startswith("#"):
                m = _DEFINE.match(stripped)
                if m and not m.group(1).endswith("_H"):
                    out.append(f"#define {m.group(1)} {m.group(2)}")
                continue
            out.append(line)
    cdef = "\n".join(out)
    return re.sub(r"\{\s*\}", "{ ...; }", cdef)


def _c_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def package_version() -> str:
    scope: dict = {}
    exec((ROOT / "src" / "storj_uplink" / "_version.py").read_text(), scope)
    return scope["__version__"]


BUILD_INFO_CDEF = """
const char *storj_uplink_build_version(void);
const char *storj_uplink_go_uplink_version(void);
"""

BUILD_INFO_SOURCE = f"""
static const char *storj_uplink_build_version(void) {{ return {_c_string(package_version())}; }}
static const char *storj_uplink_go_uplink_version(void) {{
    return {_c_string(build_go.go_module_version("storj.io/uplink"))};
}}
"""

EXPORTS_MAP = ROOT / "go" / "exports.map"


def link_args() -> list:
    """Linker flags for the extension, per platform.

    On Linux a version script exports PyInit__uplink alone: the Go runtime's and the
    C API's symbols stay private to this extension, so another Go library in the same
    process (e.g. a ctypes libuplink) cannot clash with it, and the script works with
    GNU ld, lld and zig cc alike. --strip-debug drops DWARF (20 MB -> 11 MB). On macOS
    a Go c-archive needs the frameworks its runtime and crypto/x509 use. Only the
    Linux build is tested (README: support matrix).
    """
    if sys.platform.startswith("linux"):
        return [f"-Wl,--version-script={EXPORTS_MAP}", "-Wl,--strip-debug"]
    if sys.platform == "darwin":
        return ["-framework", "CoreFoundation", "-framework", "Security"]
    return []


def libraries() -> list:
    """System libraries the Go runtime needs (Linux: pthread, dl, m; macOS: resolv)."""
    if sys.platform.startswith("linux"):
        return ["pthread", "dl", "m"]
    return ["resolv"] if sys.platform == "darwin" else []


ffibuilder = FFI()
ffibuilder.cdef(cdef_from_headers() + BUILD_INFO_CDEF)
ffibuilder.set_source(
    "storj_uplink._uplink",
    "".join(f'#include "{name}"\n' for name in headers()[1:]) + BUILD_INFO_SOURCE,
    include_dirs=[str(INCLUDE)],
    extra_objects=[str(build_go.archive_path())],
    # The extension is relinked whenever the archive is newer than it: without
    # this, a rebuild after a change in go/ alone kept the stale extension.
    depends=[str(build_go.archive_path()), str(EXPORTS_MAP),
             *(str(h) for h in sorted(INCLUDE.glob("*.h")))],
    libraries=libraries(),
    extra_link_args=link_args(),
)

if __name__ == "__main__":
    build_go.build_archive()
    ffibuilder.compile(tmpdir=str(ROOT / "build" / "cffi"), verbose=True)
