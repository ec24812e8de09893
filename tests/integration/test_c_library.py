"""The C library of scripts/build-c-library.sh, used the way a C program would:
go/testdata/smoke.c and go/README.md's example, compiled with pkg-config's flags
against libuplink.so, run against the real local network. smoke.c's
uplink_c_semantics_on_a_network checks what uplink-c's own tests rely on:
create_bucket on an existing bucket returns it with BUCKET_ALREADY_EXISTS,
expires <= 0 is no expiration, download_read gives the tail bytes with no error
and then EOF with 0 bytes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

pytestmark = [pytest.mark.network, pytest.mark.needs_go]

ROOT = Path(__file__).resolve().parents[2]


def _run(args, **kwargs):
    proc = subprocess.run(args, capture_output=True, text=True, timeout=900, **kwargs)
    assert proc.returncode == 0, f"{args[0]}: {proc.stdout[-3000:]}{proc.stderr[-3000:]}"
    return proc.stdout


@pytest.fixture(scope="module")
def c_library(tmp_path_factory):
    """The folder the documented command builds, and the flags pkg-config gives for it."""
    for tool in ("gcc", "pkg-config", "readelf"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed (scripts/setup.sh installs it)")
    out = tmp_path_factory.mktemp("c-library")
    _run(["bash", str(ROOT / "scripts" / "build-c-library.sh"), str(out)])
    env = dict(os.environ, PKG_CONFIG_PATH=str(out / "lib" / "pkgconfig"))
    flags = _run(["pkg-config", "--cflags", "--libs", "libuplink"], env=env).split()
    return out, flags


def _compile(c_library, source: Path, exe: Path) -> dict:
    out, flags = c_library
    _run(["gcc", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-o", str(exe), str(source),
          *flags, "-lpthread"])
    assert "[libuplink.so]" in _run(["readelf", "-d", str(exe)])  # that library, not a copy
    return dict(os.environ, LD_LIBRARY_PATH=str(out / "lib"))


def test_smoke_program_on_the_network(c_library, storj_network, tmp_path):
    env = _compile(c_library, ROOT / "go" / "testdata" / "smoke.c", tmp_path / "smoke")
    env.pop("SMOKE_NETWORK_ACCESS", None)
    offline = _run([str(tmp_path / "smoke")], env=env)
    out = _run([str(tmp_path / "smoke")], env=dict(env, SMOKE_NETWORK_ACCESS=storj_network.access))

    def checks(text):
        return int(re.fullmatch(r"smoke: (\d+) checks passed\n", text).group(1))

    assert checks(out) >= checks(offline) + 20  # the checks on the network ran too


def test_readme_example_lists_a_bucket(c_library, storj_network, project, tmp_path):
    readme = (ROOT / "go" / "README.md").read_text()
    source = tmp_path / "list_buckets.c"
    source.write_text(re.search(r"```c\n(/\* list_buckets\.c.*?)```", readme, re.S).group(1))
    env = _compile(c_library, source, tmp_path / "list_buckets")
    name = "c-readme-" + uuid.uuid4().hex[:12]
    project.create_bucket(name)
    try:
        out = _run([str(tmp_path / "list_buckets")],
                   env=dict(env, STORJ_ACCESS=storj_network.access))
    finally:
        project.delete_bucket(name)
    assert f"bucket {name}\n" in out
