"""A griffe extension for the API reference: make the package's reST-flavoured docstrings
read well as Markdown, without touching the sources.

The docstrings of storj_uplink are written for Sphinx-style tooling. mkdocstrings
parses their ``:param:``/``:raises:`` fields itself (``docstring_style: sphinx``),
but leaves inline roles and literal-block markers as they are. This extension,
loaded by ``mkdocs.yml`` (``extensions:`` of the python handler), rewrites:

* ``:class:`~pkg.Name``` and the other inline roles (meth, func, attr, data, mod,
  exc, obj) into inline code: ``Name``;
* a paragraph ending with ``::`` (a reST literal block follows) into one ending
  with ``:`` (the indented block is a Markdown code block already), and a line
  that is only ``::`` into nothing;
* a reST section title (a line underlined with ``---`` or ``===``) into a bold
  line, so it does not become a heading of the reference page;
* ``#:`` comments right above a module or class attribute into its docstring
  when it has none (the package documents its constants that way).

It is not part of the package and is excluded from the built site.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Docstring, Extension, Object

_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|attr|data|mod|exc|obj|const):`~?\.?([^`]+)`")
_UNDERLINE = re.compile(r"^\s*(-{3,}|={3,})\s*$")


def _role(match: "re.Match[str]") -> str:
    target = match.group(1)
    if "<" in target and target.endswith(">"):  # :class:`text <target>`
        return f"`{target.split('<', 1)[0].strip()}`"
    return f"`{target.rsplit('.', 1)[-1] if match.group(0).find('~') >= 0 else target}`"


def rewrite(text: str) -> str:
    """The Markdown-friendly form of one docstring."""
    text = _ROLE.sub(_role, text)
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        if line.strip() == "::":
            continue
        if line.rstrip().endswith("::"):
            line = line.rstrip()[:-1]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if (_UNDERLINE.match(nxt) and line.strip() and not _UNDERLINE.match(line)
                and len(nxt.strip()) == len(line.strip())):
            line = f"**{line.strip()}**"
        elif _UNDERLINE.match(line) and out and out[-1].startswith("**"):
            out.append("")  # Markdown needs a blank line before a list that may follow
            continue
        out.append(line)
    return "\n".join(out)


def _comment_above(obj: Object) -> str:
    """The ``#:`` comment lines right above ``obj``'s definition, joined."""
    try:
        lines = obj.lines_collection[obj.filepath]  # type: ignore[index]
    except Exception:
        return ""
    if not obj.lineno:
        return ""
    found = []
    i = obj.lineno - 2
    while i >= 0 and lines[i].strip().startswith("#:"):
        found.append(lines[i].strip()[2:].strip())
        i -= 1
    return " ".join(reversed(found))


class RstDocstrings(Extension):
    """Rewrite each docstring as it is loaded (see the module docstring)."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value)
        elif obj.is_attribute:
            comment = _comment_above(obj)
            if comment:
                obj.docstring = Docstring(rewrite(comment), parent=obj)
