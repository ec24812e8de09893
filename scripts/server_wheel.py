"""Build the storj-uplink-testnet-server wheels: the local network server, prebuilt.

Called by build_wheels.py (``bash scripts/build-wheels.sh``), one wheel per
architecture. The server (``planet.test``) is built from the ``planet/`` sources
that storj_uplink.testnet ships, with Go (GOARCH) and zig's C compiler targeting
glibc 2.17 for cgo (sqlite), ``-trimpath -ldflags "-s -w -extldflags=-s"`` (no
symbol tables or debug info, no local paths). The wheel
(``py3-none-manylinux_2_17_<arch>``) holds the binary, the satellite's e-mail
templates from the Go module cache (a trimmed binary cannot find them there; the
server is told where they are through ``$PLANET_STORJ_WEB``), the license texts
of every Go module linked in, the project's LICENSE, and ``server.json`` with the
digest of the sources.

A built wheel is kept under ``<cache>/server-wheels/<fingerprint>/``; the
fingerprint covers the sources, the package files, the build scripts, the Go and
zig versions, the architecture and the version, so a warm rebuild is a copy.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import os
import re
import shutil
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Dict, List, Tuple

import build_wheels as bw
import go_licenses

ROOT = bw.ROOT
DIST_NAME = "storj-uplink-testnet-server"
PACKAGE = "storj_uplink_testnet_server"
PACKAGE_SRC = ROOT / "testnet-server"
PLANET_SRC = ROOT / "src" / "storj_uplink" / "testnet" / "planet"
STORJ_MODULE = "storj.io/storj"


def _load_sources_module():  # type: ignore[no-untyped-def]
    path = ROOT / "src" / "storj_uplink" / "testnet" / "_sources.py"
    spec = importlib.util.spec_from_file_location("_planet_sources", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_sources = _load_sources_module()


def sdk_version() -> str:
    text = (ROOT / "src" / "storj_uplink" / "_version.py").read_text()
    return text.split('__version__ = "', 1)[1].split('"', 1)[0]


def storj_version() -> str:
    for line in (PLANET_SRC / "go.mod").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in (STORJ_MODULE, "require") and STORJ_MODULE in parts:
            return parts[parts.index(STORJ_MODULE) + 1]
    raise bw.BuildError(f"no {STORJ_MODULE} requirement in {PLANET_SRC / 'go.mod'}")


def _go() -> str:
    import build_go

    return build_go.find_go()


def _go_env(go: str) -> Dict[str, str]:
    names = ["GOVERSION", "GOMODCACHE"]
    out = bw.run([go, "env", *names]).stdout.splitlines()
    return dict(zip(names, out))


def fingerprint(target: bw.Target, go_version: str, zig: str) -> str:
    h = hashlib.sha256()
    h.update(_sources.sources_digest(_sources.planet_files(PLANET_SRC)).encode())
    for f in sorted(PACKAGE_SRC.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(PACKAGE_SRC)).encode() + b"\0" + f.read_bytes())
    for f in (Path(__file__), Path(bw.__file__), ROOT / "LICENSE", ROOT / "go_licenses.py"):
        h.update(f.read_bytes())
    zig_version = bw.run([zig, "version"]).stdout.strip()
    h.update(f"{target.arch}\0{go_version}\0{zig_version}\0{sdk_version()}".encode())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    root = os.environ.get("STORJ_UPLINK_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "storj_uplink")
    return Path(root) / "server-wheels"


def compile_server(target: bw.Target, go: str, zig: str, out: Path, work: Path) -> None:
    src = work / "planet"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    for f in _sources.planet_files(PLANET_SRC):
        shutil.copyfile(f, src / f.name)
    env = bw.cross_env(target, zig)
    env.update(GOTOOLCHAIN="local", GOWORK="off", GOFLAGS="-mod=readonly")
    # -s -w leave the Go symbols out; -extldflags=-s makes the external linker (zig's, for
    # cgo) drop the C symbols and debug info too (about 20 MB more).
    bw.run([go, "test", "-c", "-trimpath", "-ldflags=-s -w -extldflags=-s", "-o", str(out), "."],
           cwd=str(src), env=env)


def stage(binary: Path, go: str, modcache: str, target: bw.Target, stage_dir: Path) -> Path:
    """The package folder of the wheel, filled; returns it."""
    pkg = stage_dir / PACKAGE
    shutil.copytree(PACKAGE_SRC / PACKAGE, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    (pkg / "bin").mkdir()
    shutil.copyfile(binary, pkg / "bin" / "planet.test")
    os.chmod(pkg / "bin" / "planet.test", 0o755)
    version = storj_version()
    emails = Path(modcache, f"{STORJ_MODULE}@{version}", "web", "satellite", "static", "emails")
    if not emails.is_dir():
        raise bw.BuildError(f"no e-mail templates of the satellite in the module cache: {emails}")
    web = pkg / "web"
    shutil.copytree(emails, web / "satellite" / "static" / "emails", copy_function=shutil.copyfile)
    (web / "storagenode").mkdir(parents=True)
    (web / "storagenode" / ".keep").write_text("")
    go_licenses.collect(binary, go, pkg / go_licenses.LICENSES_DIR_NAME,
                        subject="the storj_uplink local network server")
    facts = {
        "binary": "bin/planet.test",
        "web": "web",
        "arch": target.arch,
        "version": sdk_version(),
        "storj": version,
        "sources": _sources.sources_digest(_sources.planet_files(PLANET_SRC)),
    }
    (pkg / "server.json").write_text(json.dumps(facts, indent=1) + "\n")
    return pkg


def _metadata() -> str:
    readme = (PACKAGE_SRC / "README.md").read_text()
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {DIST_NAME}\n"
        f"Version: {sdk_version()}\n"
        "Summary: The prebuilt local Storj network server of storj-uplink-sdk[testnet]\n"
        "License: MIT (this package); the server links storj.io/storj (AGPL-3.0) and other Go "
        "modules, see storj_uplink_testnet_server/third_party_licenses/MODULES.txt\n"
        "Requires-Python: >=3.9\n"
        "Classifier: Operating System :: POSIX :: Linux\n"
        "Classifier: Topic :: Software Development :: Testing\n"
        "Description-Content-Type: text/markdown\n"
        "\n" + readme
    )


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_wheel(stage_dir: Path, target: bw.Target, out_dir: Path) -> Path:
    """Zip the staged package into a wheel (deflate, level 9), with its dist-info."""
    version = sdk_version()
    dist_info = f"{PACKAGE}-{version}.dist-info"
    tags = [f"py3-none-{bw.POLICY}_{target.arch}", f"py3-none-{bw.LEGACY_POLICY}_{target.arch}"]
    wheel_meta = ("Wheel-Version: 1.0\nGenerator: storj-uplink scripts/server_wheel.py\n"
                  "Root-Is-Purelib: false\n" + "".join(f"Tag: {t}\n" for t in tags))
    entries: List[Tuple[str, bytes, int]] = []
    for f in sorted(stage_dir.rglob("*")):
        if f.is_file():
            mode = 0o755 if os.access(f, os.X_OK) and f.name == "planet.test" else 0o644
            entries.append((f.relative_to(stage_dir).as_posix(), f.read_bytes(), mode))
    entries += [
        (f"{dist_info}/METADATA", _metadata().encode(), 0o644),
        (f"{dist_info}/WHEEL", wheel_meta.encode(), 0o644),
        (f"{dist_info}/licenses/LICENSE", (ROOT / "LICENSE").read_bytes(), 0o644),
    ]
    name = f"{PACKAGE}-{version}-py3-none-{target.platform_tags}.whl"
    wheel = out_dir / name
    record = [_record_line(n, d) for n, d, _ in entries] + [f"{dist_info}/RECORD,,"]
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for n, data, mode in [*entries, (f"{dist_info}/RECORD",
                                         ("\n".join(record) + "\n").encode(), 0o644)]:
            info = zipfile.ZipInfo(n, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100000 | mode) << 16
            zf.writestr(info, data, compresslevel=9)
    return wheel


def check(wheel: Path, target: bw.Target, auditwheel: str) -> List[str]:
    """ELF machine, licenses, templates, manifest and auditwheel's manylinux verdict."""
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as zf:
        zf.extractall(tmp)
        pkg = Path(tmp) / PACKAGE
        binary = pkg / "bin" / "planet.test"
        machine = bw._elf_machine(binary.read_bytes()[:64])
        if machine != bw.ELF_MACHINE[target.arch]:
            raise bw.BuildError(f"{wheel.name}: server built for ELF machine {machine}")
        if zf.getinfo(f"{PACKAGE}/bin/planet.test").external_attr >> 16 & 0o111 == 0:
            raise bw.BuildError(f"{wheel.name}: the server is not executable")
        missing = go_licenses.missing_licenses(binary, pkg / go_licenses.LICENSES_DIR_NAME)
        if missing:
            raise bw.BuildError(f"{wheel.name}: no license text for {', '.join(missing)}")
        if not list((pkg / "web" / "satellite" / "static" / "emails").glob("*.html")):
            raise bw.BuildError(f"{wheel.name}: no e-mail templates")
        facts = json.loads((pkg / "server.json").read_text())
        if facts["arch"] != target.arch:
            raise bw.BuildError(f"{wheel.name}: server.json says {facts['arch']}")
    shown = bw.run([auditwheel, "show", str(wheel)]).stdout
    text = " ".join(shown.split())
    m = re.search(r'consistent with the following platform tag: "([^"]+)"', text)
    if not m or not bw.within_policy(m.group(1), target.arch):
        raise bw.BuildError(f"{wheel.name}: auditwheel does not find it {bw.POLICY}_"
                            f"{target.arch} compliant:\n{shown.strip()}")
    return [line for line in shown.strip().splitlines() if line.strip()]


def build(target: bw.Target, tools: Dict[str, str], work: Path) -> Path:
    """The checked server wheel for ``target`` (from the cache when the fingerprint matches)."""
    go = _go()
    goenv = _go_env(go)
    fp = fingerprint(target, goenv["GOVERSION"], tools["zig"])
    cached = sorted((cache_dir() / fp).glob(f"{PACKAGE}-*_{target.arch}.whl"))
    if cached:
        bw.say(f"server {target.arch}: {cached[0].name} from the cache ({fp})")
        out = work / cached[0].name
        work.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached[0], out)
        return out
    t0 = time.monotonic()
    bw.say(f"server {target.arch}: go test -c (GOARCH={target.goarch}, zig cc -target "
           f"{target.zig_target}, -trimpath, stripped)")
    work.mkdir(parents=True, exist_ok=True)
    binary = work / "planet.test"
    compile_server(target, go, tools["zig"], binary, work)
    built = time.monotonic() - t0
    stage_dir = work / "stage"
    shutil.rmtree(stage_dir, ignore_errors=True)
    stage_dir.mkdir()
    stage(binary, go, goenv["GOMODCACHE"], target, stage_dir)
    wheel = write_wheel(stage_dir, target, work)
    try:
        lines = check(wheel, target, tools["auditwheel"])
    except bw.BuildError:
        wheel.unlink()
        raise
    bw.say(f"server {target.arch}: {wheel.name} ({wheel.stat().st_size / 2**20:.1f} MiB; "
           f"binary {binary.stat().st_size / 2**20:.0f} MiB) compiled in {built:.0f} s, "
           f"packed and checked in {time.monotonic() - t0 - built:.0f} s")
    for line in lines:
        print(f"    auditwheel: {line}", flush=True)
    keep = cache_dir() / fp
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(wheel, keep / f".{wheel.name}.tmp")
    os.replace(keep / f".{wheel.name}.tmp", keep / wheel.name)
    return wheel


if __name__ == "__main__":
    raise SystemExit("run scripts/build-wheels.sh (it calls this module)")
