"""Every function of the uplink-c v1.14 C API has a public, idiomatic home.

``API_MAPPING`` names, for each C function (except the test-only
``uplink_internal_UniverseIsEmpty``), the public Python name that uses it;
free functions map to the public API that frees what they release. The tests
check that the table is complete, that each name exists in ``storj_uplink``,
and -- statically, from the sources -- that the ``_native`` function calling
``lib.<c function>`` is reachable from that public name.
"""

from __future__ import annotations

import ast
import inspect
from collections import deque
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

import pytest

import storj_uplink as sj

ROOT = Path(__file__).resolve().parents[2]
PKG_DIR = Path(sj.__file__).resolve().parent  # the installed package: what users run
API = (ROOT / "tests" / "data" / "uplink_c_functions.txt").read_text().split()
TEST_ONLY = {"uplink_internal_UniverseIsEmpty"}

API_MAPPING: Dict[str, str] = {
    # ---- access grants and encryption keys
    "uplink_parse_access": "Access.parse",
    "uplink_request_access_with_passphrase": "Access.request",
    "uplink_config_request_access_with_passphrase": "Access.request",
    "uplink_access_satellite_address": "Access.satellite_address",
    "uplink_access_serialize": "Access.serialize",
    "uplink_access_share": "Access.share",
    "uplink_access_override_encryption_key": "Access.override_encryption_key",
    "uplink_free_string_result": "Access.serialize",
    "uplink_free_access_result": "Access.close",
    "uplink_derive_encryption_key": "EncryptionKey.derive",
    "uplink_free_encryption_key_result": "EncryptionKey.close",
    # ---- projects
    "uplink_open_project": "Access.open_project",
    "uplink_config_open_project": "Project.open",
    "uplink_close_project": "Project.close",
    "uplink_free_project_result": "Project.close",
    "uplink_revoke_access": "Project.revoke_access",
    # ---- buckets
    "uplink_stat_bucket": "Project.stat_bucket",
    "uplink_create_bucket": "Project.create_bucket",
    "uplink_ensure_bucket": "Project.ensure_bucket",
    "uplink_delete_bucket": "Project.delete_bucket",
    "uplink_delete_bucket_with_objects": "Project.delete_bucket",
    "uplink_free_bucket_result": "Project.stat_bucket",
    "uplink_list_buckets": "Project.list_buckets",
    "uplink_bucket_iterator_next": "Project.list_buckets",
    "uplink_bucket_iterator_item": "Project.list_buckets",
    "uplink_bucket_iterator_err": "Project.list_buckets",
    "uplink_free_bucket": "Project.list_buckets",
    "uplink_free_bucket_iterator": "Listing.close",
    # ---- objects
    "uplink_stat_object": "Project.stat_object",
    "uplink_delete_object": "Project.delete_object",
    "uplink_free_object_result": "Project.stat_object",
    "uplink_copy_object": "Project.copy_object",
    "uplink_move_object": "Project.move_object",
    "uplink_update_object_metadata": "Project.update_object_metadata",
    "uplink_list_objects": "Project.list_objects",
    "uplink_object_iterator_next": "Project.list_objects",
    "uplink_object_iterator_item": "Project.list_objects",
    "uplink_object_iterator_err": "Project.list_objects",
    "uplink_free_object": "Project.list_objects",
    "uplink_free_object_iterator": "Listing.close",
    # ---- uploads
    "uplink_upload_object": "Project.upload_object",
    "uplink_upload_write": "Upload.write",
    "uplink_free_write_result": "Upload.write",
    "uplink_upload_commit": "Upload.commit",
    "uplink_upload_abort": "Upload.abort",
    "uplink_upload_info": "Upload.info",
    "uplink_upload_set_custom_metadata": "Upload.set_custom_metadata",
    "uplink_free_upload_result": "Upload.close",
    # ---- downloads
    "uplink_download_object": "Project.download_object",
    "uplink_download_read": "Download.readinto",
    "uplink_free_read_result": "Download.readinto",
    "uplink_download_info": "Download.info",
    "uplink_close_download": "Download.close",
    "uplink_free_download_result": "Download.close",
    # ---- multipart uploads
    "uplink_begin_upload": "Project.begin_upload",
    "uplink_free_upload_info_result": "Project.begin_upload",
    "uplink_commit_upload": "MultipartUpload.commit",
    "uplink_free_commit_upload_result": "MultipartUpload.commit",
    "uplink_abort_upload": "MultipartUpload.abort",
    "uplink_upload_part": "MultipartUpload.part",
    "uplink_part_upload_write": "PartUpload.write",
    "uplink_part_upload_commit": "PartUpload.commit",
    "uplink_part_upload_abort": "PartUpload.abort",
    "uplink_part_upload_set_etag": "PartUpload.etag",
    "uplink_part_upload_info": "PartUpload.info",
    "uplink_free_part_result": "PartUpload.info",
    "uplink_free_part_upload_result": "PartUpload.close",
    "uplink_list_uploads": "Project.list_uploads",
    "uplink_upload_iterator_next": "Project.list_uploads",
    "uplink_upload_iterator_item": "Project.list_uploads",
    "uplink_upload_iterator_err": "Project.list_uploads",
    "uplink_free_upload_info": "Project.list_uploads",
    "uplink_free_upload_iterator": "Listing.close",
    "uplink_list_upload_parts": "Project.list_upload_parts",
    "uplink_part_iterator_next": "Project.list_upload_parts",
    "uplink_part_iterator_item": "Project.list_upload_parts",
    "uplink_part_iterator_err": "Project.list_upload_parts",
    "uplink_free_part": "Project.list_upload_parts",
    "uplink_free_part_iterator": "Listing.close",
    # ---- edge
    "edge_register_access": "register_access",
    "edge_free_credentials_result": "register_access",
    "edge_free_credentials": "register_access",
    "edge_join_share_url": "join_share_url",
    # ---- errors: every failing call raises a StorjError and frees the UplinkError
    "uplink_free_error": "StorjError",
}

# The functions beyond uplink-c (go/include/uplink_ext.h) and their public homes.
EXT_API = (ROOT / "tests" / "data" / "uplink_ext_functions.txt").read_text().split()
EXT_API_MAPPING: Dict[str, str] = {
    "uplink_ext_stat_object": "Project.stat_object",
    "uplink_ext_close_project": "Project.close",
    "uplink_ext_free_close_result": "Project.close",
    "uplink_ext_delete_object": "Project.delete_object",
    "uplink_ext_copy_object": "Project.copy_object",
    "uplink_ext_download_object": "Project.download_object",
    "uplink_ext_upload_object": "Project.upload_object",
    "uplink_ext_upload_info": "Upload.info",
    "uplink_ext_delete_objects": "Project.delete_objects",
    "uplink_ext_free_delete_objects_result": "Project.delete_objects",
    "uplink_ext_free_object_result": "Project.stat_object",
    "uplink_ext_free_object": "Project.list_object_versions",
    "uplink_ext_list_object_versions": "Project.list_object_versions",
    "uplink_ext_object_iterator_next": "Project.list_object_versions",
    "uplink_ext_object_iterator_err": "Project.list_object_versions",
    "uplink_ext_object_iterator_item": "Project.list_object_versions",
    "uplink_ext_free_object_iterator": "Listing.close",
    "uplink_ext_get_object_retention": "Project.get_object_retention",
    "uplink_ext_set_object_retention": "Project.set_object_retention",
    "uplink_ext_get_object_legal_hold": "Project.get_object_legal_hold",
    "uplink_ext_set_object_legal_hold": "Project.set_object_legal_hold",
    "uplink_ext_free_retention_result": "Project.get_object_retention",
    "uplink_ext_free_int_result": "Project.get_bucket_versioning",
    "uplink_ext_create_bucket": "Project.create_bucket",
    "uplink_ext_delete_bucket_with_objects": "Project.delete_bucket",
    "uplink_ext_get_bucket_versioning": "Project.get_bucket_versioning",
    "uplink_ext_set_bucket_versioning": "Project.set_bucket_versioning",
    "uplink_ext_get_bucket_object_lock_configuration": "Project.get_object_lock_configuration",
    "uplink_ext_set_bucket_object_lock_configuration": "Project.set_object_lock_configuration",
    "uplink_ext_free_object_lock_configuration_result": "Project.get_object_lock_configuration",
    "uplink_ext_get_bucket_tagging": "Project.get_bucket_tags",
    "uplink_ext_set_bucket_tagging": "Project.set_bucket_tags",
    "uplink_ext_free_bucket_tags_result": "Project.get_bucket_tags",
    "uplink_ext_get_bucket_location": "Project.get_bucket_location",
    "uplink_ext_get_project_info": "Project.info",
    "uplink_ext_free_project_info_result": "Project.info",
    "uplink_ext_access_share": "Access.share",
}

# The one-call functions (go/include/uplink_fast.h) and their public homes.
FAST_API = (ROOT / "tests" / "data" / "uplink_fast_functions.txt").read_text().split()
FAST_API_MAPPING: Dict[str, str] = {
    "uplink_fast_object_iterator_page": "Project.list_objects",
    "uplink_fast_free_object_page": "Project.list_objects",
    "uplink_fast_put_object": "Bucket.put",
    "uplink_fast_get_object": "Bucket.get",
    "uplink_fast_free_get_result": "Bucket.get",
}

# Public names standing for "any call that fails": reachability is checked
# from these representatives instead.
REPRESENTATIVES = {
    "StorjError": ["Project.close", "Upload.commit", "Access.override_encryption_key"],
}


# ---------------------------------------------------------------- the table


def test_every_c_function_has_a_public_home():
    missing = sorted(set(API) - TEST_ONLY - set(API_MAPPING))
    assert missing == [], f"C functions without a public Python name: {missing}"


def test_the_table_names_only_real_c_functions():
    assert sorted(set(API_MAPPING) - set(API)) == []
    assert not TEST_ONLY & set(API_MAPPING)
    assert len(API_MAPPING) == len(API) - len(TEST_ONLY) == 84


def _resolve_public(name: str):
    head, _, attr = name.partition(".")
    assert head in sj.__all__, f"{head} is not exported by storj_uplink"
    obj = getattr(sj, head)
    if not attr:
        return obj, None
    assert hasattr(obj, attr), f"{name} does not exist"
    return obj, inspect.getattr_static(obj, attr)


def test_every_extension_function_has_a_public_home():
    assert sorted(EXT_API_MAPPING) == sorted(EXT_API)
    assert len(EXT_API) == 37


@pytest.mark.parametrize("public",
                         sorted(set(API_MAPPING.values()) | set(EXT_API_MAPPING.values())))
def test_each_public_name_exists_and_is_documented(public):
    owner, attr = _resolve_public(public)
    target = owner if attr is None else attr
    if isinstance(target, (classmethod, staticmethod)):
        target = target.__func__
    if isinstance(target, property):
        target = target.fget
    assert inspect.getdoc(target), f"{public} has no docstring"


# ---------------------------------------------------------------- static reachability


Key = Tuple[str, str]  # (module, qualname)


class _Graph:
    """A static reference graph of storj_uplink's functions (good enough, not exact).

    From a function's body it follows: ``module_alias.f``, bare names of the
    module or imported from package modules, ``self.m``/``cls.m`` (the class
    and its package bases), ``Class.m``, ``<...>.project.m`` / ``project.m``
    (a Project method), ``<...>._handle.m`` (a NativeHandle method) and class
    instantiation (``__init__``). ``lib.<name>`` records a C function.
    """

    def __init__(self) -> None:
        self.funcs: Dict[Key, ast.AST] = {}
        self.classes: Dict[Key, ast.ClassDef] = {}
        self.aliases: Dict[str, Dict[str, Tuple[str, Optional[str]]]] = {}
        self.owner_class: Dict[Key, Optional[str]] = {}
        # the sources are parsed, never imported (other subpackages may need optional extras)
        for path in sorted(PKG_DIR.rglob("*.py")):
            rel = path.relative_to(PKG_DIR.parent).with_suffix("")
            parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
            modname = ".".join(parts)
            if modname.startswith(("storj_uplink.testnet", "storj_uplink.testing")):
                continue
            try:
                self._load(modname, path)
            except SyntaxError:  # pragma: no cover - a file being edited
                continue

    def _load(self, modname: str, path: Path) -> None:
        tree = ast.parse(path.read_text())
        package = modname if path.name == "__init__.py" else modname.rpartition(".")[0]
        aliases: Dict[str, Tuple[str, Optional[str]]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                src = f"{base}.{node.module}" if node.module else base
                for a in node.names:
                    sub = f"{src}.{a.name}"
                    if _is_module(sub):
                        aliases[a.asname or a.name] = (sub, None)
                    else:
                        aliases[a.asname or a.name] = (src, a.name)
        self.aliases[modname] = aliases
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.funcs[(modname, node.name)] = node
                self.owner_class[(modname, node.name)] = None
            elif isinstance(node, ast.ClassDef):
                self.classes[(modname, node.name)] = node
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        key = (modname, f"{node.name}.{item.name}")
                        self.funcs[key] = item
                        self.owner_class[key] = node.name
                    elif isinstance(item, (ast.Assign, ast.AnnAssign)) and item.value is not None:
                        # a class attribute (e.g. ``_native_write = staticmethod(f)``) is a
                        # member whose body is its value
                        targets = item.targets if isinstance(item, ast.Assign) else [item.target]
                        for target in targets:
                            if isinstance(target, ast.Name):
                                key = (modname, f"{node.name}.{target.id}")
                                self.funcs[key] = item
                                self.owner_class[key] = node.name

    # -- name resolution
    def resolve_name(self, modname: str, name: str, depth: int = 0) -> Optional[Key]:
        """A module-level function or class (as (module, name)) visible in modname."""
        if (modname, name) in self.funcs or (modname, name) in self.classes:
            return (modname, name)
        target = self.aliases.get(modname, {}).get(name)
        if target and target[1] and depth < 5:
            return self.resolve_name(target[0], target[1], depth + 1)
        return None

    def method(self, cls: Key, name: str, depth: int = 0) -> Optional[Key]:
        key = (cls[0], f"{cls[1]}.{name}")
        if key in self.funcs:
            return key
        node = self.classes.get(cls)
        if node is None or depth > 5:
            return None
        for base in node.bases:
            if isinstance(base, ast.Subscript):  # Generic[T] style: WriteStream[ObjectInfo]
                base = base.value
            if isinstance(base, ast.Name):
                b = self.resolve_name(cls[0], base.id)
                if b in self.classes:
                    found = self.method(b, name, depth + 1)
                    if found:
                        return found
        return None

    def edges(self, key: Key, self_cls: Optional[Key] = None) -> Tuple[Set[Key], Set[str]]:
        """Functions key calls and the C functions it names.

        ``self_cls`` is the class of the receiver when key is a method reached
        through an object of a subclass: ``self.x`` and ``type(self).x`` then
        dispatch on that class, as they do at run time.
        """
        modname = key[0]
        node = self.funcs[key]
        cls_name = self.owner_class[key]
        cls_key = self_cls or ((modname, cls_name) if cls_name else None)
        out: Set[Key] = set()
        c_calls: Set[str] = set()

        def add_class(k: Key) -> None:
            # a callable object (a listing's step function) is made to be called
            for name in ("__init__", "__call__"):
                m = self.method(k, name)
                if m:
                    out.add(m)

        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                r = self.resolve_name(modname, sub.id)
                if r in self.funcs:
                    out.add(r)
                elif r in self.classes:
                    add_class(r)
            elif isinstance(sub, ast.Attribute):
                v = sub.value
                if isinstance(v, ast.Name) and v.id == "lib":
                    c_calls.add(sub.attr)
                elif cls_key and ((isinstance(v, ast.Name) and v.id in ("self", "cls"))
                                  or _is_type_of_self(v)):
                    m = self.method(cls_key, sub.attr)
                    if m:
                        out.add(m)
                elif isinstance(v, ast.Name) and v.id in self.aliases[modname] \
                        and self.aliases[modname][v.id][1] is None:
                    r = self.resolve_name(self.aliases[modname][v.id][0], sub.attr)
                    if r in self.funcs:
                        out.add(r)
                    elif r in self.classes:
                        add_class(r)
                elif isinstance(v, ast.Name) and self.resolve_name(modname, v.id) in self.classes:
                    m = self.method(self.resolve_name(modname, v.id), sub.attr)
                    if m:
                        out.add(m)
                elif _last_name(v) in ("project", "_project"):
                    m = self.method(("storj_uplink.project", "Project"), sub.attr)
                    if m:
                        out.add(m)
                elif _last_name(v) == "_handle":
                    m = self.method(("storj_uplink._native.core", "NativeHandle"), sub.attr)
                    if m:
                        out.add(m)
        return out, c_calls

    def _receiver(self, key: Key, caller: Key, caller_self: Optional[Key]) -> Optional[Key]:
        """The receiver class for callee key: the caller's, for a method it inherits."""
        owner = self.owner_class.get(key)
        if owner is None:
            return None
        if caller_self and self.owner_class.get(caller) and self._inherits(caller_self, key):
            return caller_self
        return (key[0], owner)

    def _inherits(self, cls: Key, method_key: Key) -> bool:
        name = method_key[1].rpartition(".")[2]
        return self.method(cls, name) == method_key

    def reach(self, starts: Iterable[Key],
              receiver: Optional[Key] = None) -> Tuple[Set[Key], Dict[str, Set[Key]]]:
        """Functions reachable from starts, and for each C name the functions calling it.

        ``receiver``: the class of the object the start methods are called on.
        """
        seen: Set[Tuple[Key, Optional[Key]]] = set()
        calls: Dict[str, Set[Key]] = {}
        todo = deque((k, receiver if receiver and self._inherits(receiver, k) else None)
                     for k in starts)
        while todo:
            key, self_cls = todo.popleft()
            if (key, self_cls) in seen or key not in self.funcs:
                continue
            seen.add((key, self_cls))
            out, c_calls = self.edges(key, self_cls)
            for c in c_calls:
                calls.setdefault(c, set()).add(key)
            for callee in out:
                nxt = (callee, self._receiver(callee, key, self_cls))
                if nxt not in seen:
                    todo.append(nxt)
        return {k for k, _ in seen}, calls

    def creators(self, cls: Key) -> Set[Key]:
        """Functions that instantiate cls (``Cls(...)`` or ``cls(...)`` in its classmethods)."""
        found = set()
        for key, node in self.funcs.items():
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
                    if sub.func.id == "cls" and self.owner_class[key] == cls[1] \
                            and key[0] == cls[0]:
                        found.add(key)
                    elif self.resolve_name(key[0], sub.func.id) == cls:
                        found.add(key)
        return found

    def owned_frees(self) -> Set[str]:
        """C functions freeing a handle owner: ``lib.X`` inside a ``NativeHandle(...)`` call."""
        owned = set()
        for (modname, _), node in self.funcs.items():
            if not modname.startswith("storj_uplink._native"):
                continue
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) \
                        and sub.func.id == "NativeHandle":
                    for inner in ast.walk(sub):
                        if isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name) \
                                and inner.value.id == "lib":
                            owned.add(inner.attr)
        return owned


def _is_module(name: str) -> bool:
    base = PKG_DIR.parent.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _is_type_of_self(node: ast.AST) -> bool:
    """``type(self)``"""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "type" and len(node.args) == 1
            and isinstance(node.args[0], ast.Name) and node.args[0].id == "self")


def _last_name(node: ast.AST) -> Optional[str]:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


@pytest.fixture(scope="module")
def graph():
    return _Graph()


def _start_keys(graph: _Graph, public: str) -> Tuple[Set[Key], Optional[Key]]:
    owner, attr = _resolve_public(public)
    if attr is None:
        if inspect.isclass(owner):
            return set(), (owner.__module__, owner.__qualname__)
        return {(owner.__module__, owner.__qualname__)}, None
    cls_key = (owner.__module__, owner.__qualname__)
    targets = []
    if isinstance(attr, property):
        targets = [f for f in (attr.fget, attr.fset) if f is not None]
    elif isinstance(attr, (classmethod, staticmethod)):
        targets = [attr.__func__]
    else:
        targets = [attr]
    return {(t.__module__, t.__qualname__) for t in targets}, cls_key


def test_the_graph_sees_the_native_layer(graph):
    natives = {k for k in graph.funcs if k[0].startswith("storj_uplink._native")}
    c_names = set()
    for k in natives:
        c_names |= graph.edges(k)[1]
    # the _native layer calls every function of the C API (the test-only one included)
    assert c_names >= set(API), sorted(set(API) - c_names)


def _unreachable(graph: _Graph, c_function: str, public: str) -> Optional[str]:
    """Why lib.<c_function> is not reachable from public (None when it is)."""
    names = REPRESENTATIVES.get(public, [public])
    groups: List[Tuple[Set[Key], Optional[Key]]] = []  # (start functions, receiver class)
    for name in names:
        keys, cls_key = _start_keys(graph, name)
        groups.append((keys, cls_key))
        if c_function in graph.owned_frees():
            # A handle's free is wired when its owner is made: follow the owner's
            # creators too, and require the public name to close a native handle.
            if cls_key is None:
                return f"{public} should be a method of the owning class"
            seen, _ = graph.reach(keys, cls_key)
            if ("storj_uplink._native.core", "NativeHandle.close") not in seen:
                return f"{public} never closes a native handle"
            groups.append((graph.creators(cls_key), None))
    if not any(keys for keys, _ in groups):
        return f"nothing to start from for {public}"
    seen: Set[Key] = set()
    calls: Dict[str, Set[Key]] = {}
    for keys, receiver in groups:
        group_seen, group_calls = graph.reach(keys, receiver)
        seen |= group_seen
        for c, callers_of_c in group_calls.items():
            calls.setdefault(c, set()).update(callers_of_c)
    callers = {k for k in calls.get(c_function, set()) if k[0].startswith("storj_uplink._native")}
    if not callers:
        return (f"no _native function calling lib.{c_function} is reachable from {public} "
                f"(reached {len(seen)} functions)")
    return None


@pytest.mark.parametrize("c_function", sorted(API_MAPPING))
def test_native_caller_is_reachable_from_the_public_name(graph, c_function):
    assert _unreachable(graph, c_function, API_MAPPING[c_function]) is None


@pytest.mark.parametrize("c_function", sorted(EXT_API_MAPPING))
def test_extension_caller_is_reachable_from_the_public_name(graph, c_function):
    assert _unreachable(graph, c_function, EXT_API_MAPPING[c_function]) is None


@pytest.mark.parametrize("c_function,wrong", [
    ("uplink_upload_write", "Download.readinto"),
    ("uplink_part_upload_write", "Upload.write"),  # dispatch on the receiver is precise
    ("uplink_upload_commit", "PartUpload.commit"),
    ("uplink_part_upload_set_etag", "PartUpload.write"),
    ("uplink_free_upload_result", "Download.close"),
    ("uplink_free_part_iterator", "Upload.close"),
    ("uplink_abort_upload", "MultipartUpload.commit"),
    ("edge_register_access", "join_share_url"),
    ("uplink_list_uploads", "Project.list_objects"),
    ("uplink_free_access_result", "Access.serialize"),
])
def test_the_reachability_check_catches_wrong_entries(graph, c_function, wrong):
    assert _unreachable(graph, c_function, wrong) is not None


def test_every_fast_function_has_a_public_home():
    assert sorted(FAST_API_MAPPING) == sorted(FAST_API)


@pytest.mark.parametrize("c_function", sorted(FAST_API_MAPPING))
def test_fast_native_caller_is_reachable_from_the_public_name(graph, c_function):
    assert _unreachable(graph, c_function, FAST_API_MAPPING[c_function]) is None
