"""Build the sdist and the manylinux_2_17 abi3 wheels into dist/, and check them.

It also builds the network server wheels (storj-uplink-testnet-server, one per
architecture: scripts/server_wheel.py); ``--only sdk|server`` picks one part.

Run through ``bash scripts/build-wheels.sh`` (which provides the tools). Route:
the sdist is built first and every wheel is built *from the sdist* (so the sdist
is proven complete); Go cross-compiles go/ with GOARCH, and zig's C compiler
(the ``ziglang`` package) targets glibc 2.17 both for cgo and for the cffi
extension, so no container and no old sysroot is needed. Each wheel is then
retagged manylinux_2_17 and checked: ``auditwheel show`` must find it consistent
with manylinux_2_17 for its architecture, the extension must be an ELF of that
architecture, and every Go module linked into it must have its license in the
wheel. A wheel that fails a check is deleted: dist/ only ever holds checked
artifacts.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Dict, List, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import go_licenses  # noqa: E402

POLICY = "manylinux_2_17"
LEGACY_POLICY = "manylinux2014"
ELF_MACHINE = {"x86_64": 62, "aarch64": 183}  # e_machine: EM_X86_64, EM_AARCH64


class Target(NamedTuple):
    arch: str  # the wheel's name for it
    goarch: str
    zig_target: str

    @property
    def platform_tags(self) -> str:
        return f"{POLICY}_{self.arch}.{LEGACY_POLICY}_{self.arch}"


TARGETS: Dict[str, Target] = {
    "x86_64": Target("x86_64", "amd64", "x86_64-linux-gnu.2.17"),
    "aarch64": Target("aarch64", "arm64", "aarch64-linux-gnu.2.17"),
}


class BuildError(RuntimeError):
    """A step failed; the message is the one line to show."""


def say(msg: str) -> None:
    print(f"build-wheels: {msg}", file=sys.stderr, flush=True)


def tool_paths() -> Dict[str, str]:
    """zig and auditwheel, or BuildError naming the package to install."""
    try:
        import ziglang  # type: ignore[import-not-found]
    except ImportError:
        raise BuildError(
            "zig is missing: pip install ziglang (scripts/build-wheels.sh does)") from None
    zig = Path(ziglang.__file__).parent / "zig"
    auditwheel = shutil.which("auditwheel", path=str(Path(sys.executable).parent)) or \
        shutil.which("auditwheel")
    if not auditwheel:
        raise BuildError("auditwheel is missing: pip install auditwheel "
                         "(scripts/build-wheels.sh does)")
    for module, package in (("build", "build"), ("wheel", "wheel"), ("cffi", "cffi")):
        try:
            __import__(module)
        except ImportError:
            raise BuildError(f"{module} is missing: pip install {package}") from None
    return {"zig": str(zig), "auditwheel": auditwheel}


def run(cmd: List[str], **kw: object) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)  # type: ignore[call-overload]
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr).strip()[-3000:]
        raise BuildError(f"{' '.join(map(str, cmd[:4]))} ... failed:\n{tail}")
    return proc


def build_sdist(out: Path) -> Path:
    run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(out),
         str(ROOT)])
    (sdist,) = out.glob("*.tar.gz")
    return sdist


def cross_env(target: Target, zig: str) -> Dict[str, str]:
    """Environment for the wheel build: Go and setuptools both compile with zig cc."""
    cc = f"{zig} cc -target {target.zig_target}"
    env = {k: v for k, v in os.environ.items() if k not in ("CFLAGS", "LDFLAGS", "CPPFLAGS")}
    env.update(CC=cc, CXX=f"{zig} c++ -target {target.zig_target}", LDSHARED=f"{cc} -shared",
               GOOS="linux", GOARCH=target.goarch, CGO_ENABLED="1")
    return env


def build_wheel(sdist: Path, target: Target, work: Path, zig: str) -> Path:
    src = work / "src"
    with tarfile.open(sdist) as tar:
        tar.extractall(src)  # our own sdist, just built
    (tree,) = src.iterdir()
    raw = work / "raw"
    run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(raw),
         str(tree)], env=cross_env(target, zig))
    (wheel,) = raw.glob("*.whl")
    run([sys.executable, "-m", "wheel", "tags", "--remove", "--platform-tag",
         target.platform_tags, str(wheel)])
    (tagged,) = raw.glob("*.whl")
    return tagged


def _elf_machine(data: bytes) -> int:
    if data[:4] != b"\x7fELF":
        raise BuildError("the extension is not an ELF file")
    return int.from_bytes(data[18:20], "little")


_LEGACY_GLIBC = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}


def within_policy(tag: str, arch: str) -> bool:
    """Whether auditwheel's most compatible tag is manylinux_2_17 or older for arch.

    A wheel consistent with manylinux_2_5 (it needs nothing newer than glibc 2.5)
    is also manylinux_2_17 compliant; manylinux_2_18 or later is not.
    """
    m = re.fullmatch(r"manylinux_(\d+)_(\d+)_" + re.escape(arch), tag)
    if m:
        glibc = (int(m.group(1)), int(m.group(2)))
    else:
        legacy = tag[: -len(arch) - 1] if tag.endswith("_" + arch) else ""
        if legacy not in _LEGACY_GLIBC:
            return False
        glibc = _LEGACY_GLIBC[legacy]
    return glibc <= (2, 17)


def check_wheel(wheel: Path, target: Target, auditwheel: str) -> List[str]:
    """The checks of the module docstring; returns the auditwheel lines to report."""
    if "-cp39-abi3-" not in wheel.name:
        raise BuildError(f"{wheel.name}: not tagged cp39-abi3")
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as zf:
        zf.extractall(tmp)
        (ext,) = Path(tmp).glob("storj_uplink/_uplink*.so")
        machine = _elf_machine(ext.read_bytes()[:64])
        if machine != ELF_MACHINE[target.arch]:
            raise BuildError(f"{wheel.name}: extension built for ELF machine {machine}, "
                             f"not {target.arch}")
        missing = go_licenses.missing_licenses(
            ext, ext.parent / go_licenses.LICENSES_DIR_NAME)
        if missing:
            raise BuildError(f"{wheel.name}: no license text for {', '.join(missing)}")
        if not list(Path(tmp).glob("*.dist-info/licenses/LICENSE")):
            raise BuildError(f"{wheel.name}: the project's LICENSE is missing")
    shown = run([auditwheel, "show", str(wheel)]).stdout
    text = " ".join(shown.split())
    m = re.search(r'consistent with the following platform tag: "([^"]+)"', text)
    if not m or not within_policy(m.group(1), target.arch):
        raise BuildError(f"{wheel.name}: auditwheel does not find it {POLICY}_{target.arch} "
                         f"compliant:\n{shown.strip()}")
    return [line for line in shown.strip().splitlines() if line.strip()]


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--arch", action="append", choices=sorted(TARGETS),
                   help="build only this architecture (repeatable; default: all)")
    p.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    p.add_argument("--only", choices=("sdk", "server"),
                   help="build only the SDK (sdist and wheels) or only the network server wheels "
                        "(storj-uplink-testnet-server; default: both)")
    args = p.parse_args(argv)
    do_sdk, do_server = args.only != "server", args.only != "sdk"
    try:
        tools = tool_paths()
        targets = [TARGETS[a] for a in (args.arch or sorted(TARGETS))]
        work = ROOT / "build" / "wheels"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        started = time.monotonic()
        checked: List[Path] = []
        if do_sdk:
            sdist = build_sdist(work / "sdist")
            say(f"sdist {sdist.name} ({sdist.stat().st_size / 2**20:.1f} MiB) "
                f"in {time.monotonic() - started:.0f} s")
            checked.append(sdist)
        for target in targets if do_sdk else []:
            t0 = time.monotonic()
            say(f"{target.arch}: Go GOARCH={target.goarch}, C: zig cc -target "
                f"{target.zig_target}")
            wheel = build_wheel(sdist, target, work / target.arch, tools["zig"])
            try:
                lines = check_wheel(wheel, target, tools["auditwheel"])
            except BuildError:
                wheel.unlink()
                raise
            say(f"{target.arch}: {wheel.name} ({wheel.stat().st_size / 2**20:.1f} MiB) "
                f"built and checked in {time.monotonic() - t0:.0f} s")
            for line in lines:
                print(f"    auditwheel: {line}", file=sys.stderr)
            checked.append(wheel)
        if do_server:
            import server_wheel

            for target in targets:
                checked.append(server_wheel.build(target, tools, work / f"server-{target.arch}"))
    except BuildError as e:
        say(f"FAILED: {e}")
        return 1
    args.dist.mkdir(parents=True, exist_ok=True)
    # Replace the artifacts of what was built (an x86_64-only run keeps an aarch64 wheel).
    stale = (["storj_uplink_sdk-*.tar.gz", *(f"storj_uplink_sdk-*_{t.arch}.whl" for t in targets)]
             if do_sdk else [])
    if do_server:
        stale += [f"storj_uplink_testnet_server-*_{t.arch}.whl" for t in targets]
    for pattern in stale:
        for old in args.dist.glob(pattern):
            old.unlink()
    for artifact in checked:
        shutil.move(str(artifact), args.dist / artifact.name)
        print(args.dist / artifact.name)
    say(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    # Run the module proper (not this __main__ copy): server_wheel.py imports it too.
    import build_wheels

    sys.exit(build_wheels.main(sys.argv[1:]))
