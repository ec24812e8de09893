"""The license texts of the Go code linked into the extension.

The extension links the Go runtime, Go's standard library and every Go module
that go/ imports. At build time, setup.py asks the *built* extension which
modules it holds (the build information the Go linker embeds, read here without
Go) and copies each module's license files from the module cache into
``storj_uplink/third_party_licenses/`` beside the extension. A module without a
license file fails the build; the unit tests check the installed package the
same way, so a wheel never ships Go code without its license.

Layout of the folder::

    third_party_licenses/
        MODULES.txt                  one line per module (path@version) and its license files
        go/LICENSE, go/PATENTS       the Go runtime and standard library
        <module path>@<version>/LICENSE...
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional

LICENSES_DIR_NAME = "third_party_licenses"
INDEX_NAME = "MODULES.txt"
GO_STDLIB = "go"
_MAGIC = b"\xff Go buildinf:"
_FLAG_INLINE_STRINGS = 0x2
_NAME_PREFIXES = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "PATENTS", "UNLICENSE")


class Module(NamedTuple):
    """A Go module linked into a binary (after ``replace`` directives)."""

    path: str
    version: str

    @property
    def folder(self) -> str:
        """Its folder name in third_party_licenses: ``path@version``."""
        return f"{self.path}@{self.version}"


class BuildInfo(NamedTuple):
    """What the Go linker recorded: the toolchain version and the linked modules."""

    go_version: str
    modules: List[Module]


class LicenseError(RuntimeError):
    """A linked module's license could not be found."""


def _uvarint(data: bytes, pos: int) -> "tuple[int, int]":
    value = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise ValueError("truncated varint in Go build information")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def _strings_at(data: bytes, offset: int) -> Optional["tuple[str, str]"]:
    """The (go version, modinfo) strings of a Go >= 1.18 header at offset, or None."""
    if data[offset + 15] & _FLAG_INLINE_STRINGS == 0:
        return None
    pos = offset + 32
    out = []
    for _ in range(2):
        n, pos = _uvarint(data, pos)
        if n > len(data) - pos:
            return None
        out.append(data[pos:pos + n].decode("utf-8", "replace"))
        pos += n
    return out[0], out[1]


def read_build_info(binary: Path) -> BuildInfo:
    """The Go build information embedded in an ELF/Mach-O/PE file (executable or .so).

    Equivalent to ``go version -m``, without needing Go. Raises ValueError when the
    file holds no Go build information.
    """
    data = Path(binary).read_bytes()
    start = data.find(_MAGIC)
    while start != -1:
        found = _strings_at(data, start) if start + 32 <= len(data) else None
        if found and found[0].startswith("go"):
            return BuildInfo(found[0], _modules(found[1]))
        start = data.find(_MAGIC, start + 1)
    raise ValueError(f"{binary}: no Go build information found")


def _modules(modinfo: str) -> List[Module]:
    modules: List[Module] = []
    for line in modinfo.splitlines():
        fields = line.split("\t")
        if fields[0] == "dep" and len(fields) >= 3:
            modules.append(Module(fields[1], fields[2]))
        elif fields[0] == "=>" and modules:
            # A replace directive: the code linked is the replacement's.
            modules[-1] = Module(fields[1], fields[2] if len(fields) > 2 else "")
    return modules


def _escape(path: str) -> str:
    """The module cache's case encoding: an upper-case letter becomes '!' + lower case."""
    return "".join("!" + c.lower() if c.isupper() else c for c in path)


def _license_files(folder: Path) -> List[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.name.upper().startswith(_NAME_PREFIXES))


def _go_env(go: str, *names: str) -> Dict[str, str]:
    out = subprocess.run([go, "env", "-json", *names], capture_output=True, text=True,
                         check=True, timeout=120, env=dict(os.environ, GOTOOLCHAIN="local"))
    env: Dict[str, str] = json.loads(out.stdout)
    return env


def _module_dir(go: str, modcache: Path, module: Module) -> Path:
    folder = modcache / f"{_escape(module.path)}@{_escape(module.version)}"
    if folder.is_dir():
        return folder
    # Not extracted (e.g. a cache cleaned since the build): ask Go to fetch it.
    out = subprocess.run([go, "mod", "download", "-json", f"{module.path}@{module.version}"],
                         capture_output=True, text=True, timeout=600,
                         env=dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="-mod=mod"))
    try:
        return Path(json.loads(out.stdout)["Dir"])
    except (ValueError, KeyError) as e:
        raise LicenseError(
            f"cannot find the sources of {module.folder}: {out.stderr.strip()}") from e


def collect(binary: Path, go: str, dest: Path,
            subject: str = "the storj_uplink extension") -> BuildInfo:
    """Copy the license files of everything Go linked into ``binary`` to ``dest``.

    ``dest`` is replaced. Raises LicenseError naming every module without one.
    """
    info = read_build_info(binary)
    env = _go_env(go, "GOROOT", "GOMODCACHE")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    sources = {GO_STDLIB: Path(env["GOROOT"])}
    modcache = Path(env["GOMODCACHE"])
    for module in info.modules:
        sources[module.folder] = _module_dir(go, modcache, module)
    index, missing = [], []
    for name, folder in sources.items():
        files = _license_files(folder)
        if not files:
            missing.append(name)
            continue
        (dest / name).mkdir(parents=True)
        for f in files:
            shutil.copyfile(f, dest / name / f.name)
        label = f"{GO_STDLIB} {info.go_version}" if name == GO_STDLIB else name
        index.append(f"{label}\t{' '.join(f.name for f in files)}")
    if missing:
        raise LicenseError("no license file found for the linked Go module(s): "
                           + ", ".join(missing))
    (dest / INDEX_NAME).write_text(
        f"# Go code linked into {subject}, and its license files\n"
        + "\n".join(index) + "\n")
    return info


def missing_licenses(binary: Path, licenses: Path) -> List[str]:
    """The linked modules of ``binary`` (and ``go``) with no license file under ``licenses``."""
    info = read_build_info(binary)
    names = [GO_STDLIB] + [m.folder for m in info.modules]
    return [n for n in names
            if not any(f.stat().st_size > 0 for f in _license_files(licenses / n))]
