"""Every runnable snippet of the documentation runs against the real local network.

A fenced block whose info string is exactly ``python`` is code that must run;
blocks tagged ``py``, ``pycon``, ``text``, ``bash``... are illustrative and
skipped. The blocks of README.md and of each page under docs/ run in order, in
one fresh namespace per page that holds nothing but ``__name__``: a page runs
as a reader would paste it into a new interpreter, so every name it uses (the
credentials, sample bytes, a scratch directory) is defined on the page itself,
before its use.

Each page runs in a fresh working directory, with STORJ_SATELLITE,
STORJ_API_KEY and STORJ_ACCESS set in the environment (and nothing else), as
``python -m storj_uplink.testnet`` would have set them. Afterwards, the buckets the page
created are deleted with their objects, and the page must have closed every
Access, Project, stream, listing and key it opened: no native handle may be
left (checked with ``uplink_internal_UniverseIsEmpty``). A failure names the
page, and tracebacks point at the Markdown line of the failing statement.

Against an external network (STORJ_* set), use a project dedicated to tests: the
pages use plain bucket names ("photos", "inventory"...), and only the buckets a
page created are deleted afterwards.
"""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Dict, List, NamedTuple

import pytest

import storj_uplink as sj

pytestmark = pytest.mark.network

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

#: Pages whose ``python`` blocks are not meant to run, and why. Every other page runs.
NOT_RUN: Dict[str, str] = {
    "docs/migration.md": "its python blocks show code for the ctypes binding "
                         "(uplink_python imports) side by side with the new one",
}

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`]*?)[ \t]*$")

class Block(NamedTuple):
    """One fenced block: the line its code starts on (1-based), its info string, its code."""

    line: int
    info: str
    code: str


def fenced_blocks(text: str) -> List[Block]:
    """The fenced code blocks of a Markdown text, in order (indented fences too)."""
    blocks: List[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = m.group("indent"), m.group("fence"), m.group("info")
        body: List[str] = []
        j = i + 1
        while j < len(lines):
            close = _FENCE.match(lines[j])
            if (close and close.group("fence")[0] == fence[0]
                    and len(close.group("fence")) >= len(fence) and not close.group("info")):
                break
            line = lines[j]
            body.append(line[len(indent):] if line.startswith(indent) else line.lstrip())
            j += 1
        blocks.append(Block(i + 2, info, "\n".join(body) + "\n"))
        i = j + 1
    return blocks


def python_blocks(path: Path) -> List[Block]:
    """The blocks of ``path`` whose info string is exactly ``python``."""
    return [b for b in fenced_blocks(path.read_text(encoding="utf-8")) if b.info == "python"]


def _pages() -> List[Path]:
    pages = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
    return [p for p in pages if python_blocks(p)]


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


PAGES = _pages()


# ---------------------------------------------------------------- the extractor itself


def test_the_extractor_keeps_only_python_blocks():
    text = textwrap.dedent("""\
        ```python
        a = 1
        ```
        ```py
        b = 2
        ```
        ```pycon
        >>> c = 3
        ```
        - a list item:

          ```python
          d = 4
          ```
        ~~~~text
        ```python
        not a block
        ```
        ~~~~
        """)
    blocks = fenced_blocks(text)
    assert [b.info for b in blocks] == ["python", "py", "pycon", "python", "text"]
    runnable = [b for b in blocks if b.info == "python"]
    assert [(b.line, b.code) for b in runnable] == [(2, "a = 1\n"), (13, "d = 4\n")]


def test_the_documentation_has_runnable_pages():
    names = {_rel(p) for p in PAGES}
    assert "README.md" in names and "docs/quickstart.md" in names, names


# ---------------------------------------------------------------- running the pages


def _bucket_names(serialized_access: str) -> set:
    with sj.Access.parse(serialized_access) as access, access.open_project() as project:
        return {b.name for b in project.list_buckets()}


def _delete_buckets(serialized_access: str, names) -> None:
    with sj.Access.parse(serialized_access) as access, access.open_project() as project:
        for name in names:
            try:
                project.delete_bucket(name, with_objects=True)
            except sj.BucketNotFoundError:
                pass


def _still_open(value: object) -> bool:
    """True for an SDK object that still holds its native handle."""
    if isinstance(value, (sj.EncryptionKey, sj.Listing)):
        return not value._handle.closed
    if isinstance(value, (sj.Access, sj.Project, sj.Upload, sj.Download, sj.PartUpload)):
        return not value.closed
    return False


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_page_snippets_run(page: Path, storj_network, tmp_path, monkeypatch):
    """The page's python blocks, in order, in one namespace holding only ``__name__``."""
    rel = _rel(page)
    if rel in NOT_RUN:
        pytest.skip(NOT_RUN[rel])
    if not storj_network.api_key:
        pytest.skip("the snippets request access grants: the network needs an API key "
                    "(STORJ_API_KEY), not only STORJ_ACCESS")
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("STORJ_PASSPHRASE", raising=False)
    for name, value in storj_network.env().items():  # as the reader's shell would have them
        monkeypatch.setenv(name, value)

    serialized_access = storj_network.access
    before = _bucket_names(serialized_access)
    namespace: Dict[str, object] = {"__name__": "__docs__"}  # nothing injected
    try:
        for block in python_blocks(page):
            # Pad so that tracebacks name the Markdown file and line of the statement.
            source = "\n" * (block.line - 1) + block.code
            code = compile(source, str(page), "exec")
            try:
                exec(code, namespace)
            except BaseException as exc:
                raise AssertionError(
                    f"{rel}: the python block starting on line {block.line} failed: "
                    f"{type(exc).__name__}: {exc}") from exc
        gc.collect()
        open_names = sorted(k for k, v in namespace.items() if _still_open(v))
        assert not open_names, f"{rel} left these open (use `with` or close()): {open_names}"
        assert sj._universe_is_empty(), (
            f"{rel} left a native handle open (an Access, Project, stream, listing or "
            "EncryptionKey): close it or use `with`")
    finally:
        namespace.clear()
        gc.collect()
        created = _bucket_names(serialized_access) - before
        _delete_buckets(serialized_access, created)


# ---------------------------------------------------------------- the testing how-to under pytest


def _test_modules(page: Path) -> Dict[str, str]:
    """The python blocks of ``page`` that start with a ``# test_*.py`` or ``# conftest.py`` line."""
    modules = {}
    for block in python_blocks(page):
        first = block.code.splitlines()[0].strip() if block.code.strip() else ""
        m = re.fullmatch(r"#\s*((?:test_\w+|conftest)\.py)", first)
        if m:
            modules[m.group(1)] = block.code
    return modules


def test_testing_howto_runs_under_pytest(storj_network, tmp_path):
    """The test files of howto/testing.md pass under ``pytest -p storj_uplink.testing``,
    pointed at the session's network through the STORJ_* variables (so nothing starts)."""
    page = DOCS / "howto" / "testing.md"
    modules = _test_modules(page)
    assert modules, "docs/howto/testing.md shows no test module (a block starting `# test_*.py`)"
    for name, code in modules.items():
        (tmp_path / name).write_text(code, encoding="utf-8")
    env = dict(os.environ)
    env.update(storj_network.env())
    env["STORJ_PASSPHRASE"] = storj_network.passphrase
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "storj_uplink.testing", "-p", "no:cacheprovider",
         "-q", "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    expected = sum(len(re.findall(r"^def test_", code, re.M)) for code in modules.values())
    assert f"{expected} passed" in result.stdout, result.stdout[-2000:]
