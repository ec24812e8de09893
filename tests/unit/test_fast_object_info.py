"""The ObjectInfo that listing pages build without the dataclass's __init__."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from datetime import datetime, timezone

import pytest

from storj_uplink import ObjectInfo
from storj_uplink._native.convert import OBJECT_DEFAULTS
from storj_uplink._native.fast import FIELDS, _page_items

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def packed(*items):
    """The ObjectInfo of items (key, is_prefix, length, created, expires, metadata)
    as a packed page (uplink_fast.h's layout) gives them."""
    keys, numbers, metadata = b"", [], []
    for key, is_prefix, length, created, expires, meta in items:
        keys += key.encode()
        numbers += [len(keys), int(is_prefix), length,
                    int(created.timestamp()) if created else 0,
                    int(expires.timestamp()) if expires else 0]
        metadata.append(dict(meta))
    assert len(numbers) == FIELDS * len(items)
    with_metadata = any(metadata)
    return list(_page_items(keys, numbers, metadata if with_metadata else None))


def fast_object_info(*args):
    (info,) = packed(args)
    return info


def test_fields_per_item_is_the_headers():
    from storj_uplink._uplink import lib

    assert FIELDS == lib.UPLINK_FAST_PAGE_FIELDS


def test_the_item_template_is_object_info_with_its_defaults():
    defaults = {f.name: f.default if f.default is not dataclasses.MISSING else None
                for f in dataclasses.fields(ObjectInfo)}
    assert OBJECT_DEFAULTS == dict(defaults, key="", metadata=None)


def test_a_page_of_ascii_and_utf8_keys_with_and_without_metadata():
    items = [("a", False, 1, WHEN, None, {}), ("ü/ß", True, 0, None, None, {}),
             ("z" * 300, False, 7, WHEN, WHEN, {"k": "v"})]
    got = packed(*items)
    assert [(o.key, o.is_prefix, o.content_length, o.created, o.expires, o.metadata)
            for o in got] == [tuple(i) for i in items]
    ascii_only = packed(("a", False, 1, None, None, {}), ("bc", False, 2, None, None, {}))
    assert [o.key for o in ascii_only] == ["a", "bc"]
    assert ascii_only[0].metadata is not ascii_only[1].metadata  # one dict each


@pytest.mark.parametrize("args", [
    ("k", False, 0, None, None, {}),
    ("dir/", True, 0, None, None, {}),
    ("a/b", False, 123, WHEN, WHEN, {"x": "y", "ü": ""}),
])
def test_it_is_the_ordinary_object_info(args):
    key, is_prefix, length, created, expires, metadata = args
    fast = fast_object_info(*args)
    plain = ObjectInfo(key=key, is_prefix=is_prefix, content_length=length, created=created,
                       expires=expires, metadata=dict(metadata))
    assert type(fast) is ObjectInfo
    assert fast == plain and plain == fast and repr(fast) == repr(plain)
    assert dataclasses.asdict(fast) == dataclasses.asdict(plain)
    assert vars(fast) == vars(plain)  # every field set, defaults included
    assert pickle.loads(pickle.dumps(fast)) == plain
    assert copy.deepcopy(fast) == plain
    assert dataclasses.replace(fast, key="other") == dataclasses.replace(plain, key="other")
    assert fast != dataclasses.replace(plain, version="00")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.key = "changed"  # type: ignore[misc]
