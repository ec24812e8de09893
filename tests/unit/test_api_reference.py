"""The API reference (mkdocstrings ``:::`` blocks under docs/) covers every public module.

A module is public when no part of its dotted name starts with ``_``. Each of
its public names -- ``__all__``, or else the names it defines itself -- must
be rendered by some ``::: target`` block: the object itself (under any of its
names, e.g. ``storj_uplink.Bucket`` for ``storj_uplink.bucket.Bucket``), or a
module block that includes it (all of the module's public names, or those its
``members:`` option lists). A constant may instead be named in backticks on a
reference page (docs/api.md, docs/reference/), as the table of versions does.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import types
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Set, Tuple

import pytest

import storj_uplink

DOCS = Path(__file__).resolve().parents[2] / "docs"

#: Public modules not in the API reference, and why.
NOT_IN_REFERENCE: Dict[str, str] = {
    "storj_uplink.cli": "the command line's implementation: docs/cli.md documents the commands",
}

_DIRECTIVE = re.compile(r"^:::\s+(?P<target>[\w.]+)\s*$")
#: A constant can instead be named in backticks on a reference page (a table of values).
_NAMED = re.compile(r"`(storj_uplink(?:\.\w+)+)`")
REFERENCE_PAGES = [DOCS / "api.md", *sorted((DOCS / "reference").glob("*.md"))]


def public_modules() -> List[str]:
    names = ["storj_uplink"]
    for info in pkgutil.walk_packages(storj_uplink.__path__, "storj_uplink."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts):
            continue
        if any(info.name == m or info.name.startswith(m + ".") for m in NOT_IN_REFERENCE):
            continue
        names.append(info.name)
    return names


def public_names(module: types.ModuleType) -> List[str]:
    explicit = getattr(module, "__all__", None)
    if explicit is not None:
        return list(explicit)
    return [n for n, v in vars(module).items()
            if not n.startswith("_") and getattr(v, "__module__", None) == module.__name__]


def directives() -> Iterator[Tuple[str, Optional[List[str]]]]:
    """Every ``::: target`` of the docs, with its ``members:`` list (None: all)."""
    for page in sorted(DOCS.rglob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            m = _DIRECTIVE.match(line)
            if not m:
                continue
            members: Optional[List[str]] = None
            j = i + 1
            while j < len(lines) and (lines[j].startswith(" ") or not lines[j].strip()):
                if lines[j].strip() == "members:":
                    members = []
                elif members is not None and lines[j].strip().startswith("- "):
                    members.append(lines[j].strip()[2:].strip())
                j += 1
            yield m.group("target"), members


def resolve(target: str) -> object:
    parts = target.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(target)


def key(obj: object) -> Tuple[str, object]:
    """What identifies a documented object: a plain value by its value (a lazy module
    attribute is a new string each time), anything else by its identity."""
    if isinstance(obj, (str, bytes, int, float)):
        return ("value", (type(obj).__name__, obj))
    return ("id", id(obj))


def documented() -> Set[Tuple[str, object]]:
    ids: Set[Tuple[str, object]] = set()
    for page in REFERENCE_PAGES:
        for name in _NAMED.findall(page.read_text(encoding="utf-8")):
            try:
                ids.add(key(resolve(name)))
            except (ImportError, AttributeError):
                pass
    for target, members in directives():
        obj = resolve(target)
        ids.add(key(obj))
        if isinstance(obj, types.ModuleType):
            for name in (public_names(obj) if members is None else members):
                ids.add(key(getattr(obj, name)))
    return ids


def test_every_directive_names_something_that_exists():
    for target, members in directives():
        obj = resolve(target)
        for name in members or ():
            assert hasattr(obj, name), f"::: {target} lists a member {name!r} it does not have"


@pytest.mark.parametrize("module_name", public_modules())
def test_the_public_module_is_in_the_api_reference(module_name):
    module = importlib.import_module(module_name)
    ids = documented()
    missing = [n for n in public_names(module)
               if not isinstance(getattr(module, n), types.ModuleType)
               and key(getattr(module, n)) not in ids]
    assert not missing, f"{module_name}: not in the API reference (docs/**/*.md): {missing}"
