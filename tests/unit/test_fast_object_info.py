"""The ObjectInfo that listing pages build without the dataclass's __init__."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from datetime import datetime, timezone

import pytest

from storj_uplink import ObjectInfo
from storj_uplink._native.fast import fast_object_info

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


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
