"""The satellite's limits, hit for real: each gives its own exception leaf.

Each limit test runs in a new project of its own with small limits
(``LocalNetwork.limited_project``: the planet's control server inserts the project
with those limits; the satellite enforces them as in production). The main test
project keeps the network's unlimited defaults.

How the satellite (storj v1.162.4, metainfo) checks them:
- storage and segments: before each new object and segment, "usage so far + 1
  would pass the limit"; the usage grows when a segment is committed. So the
  upload that crosses the limit is committed, and the next one is refused;
- bandwidth: before each download, "usage so far >= limit"; a download adds the
  object's encrypted size;
- rate: a token bucket per project (rate requests per second, burst = rate).
"""

from __future__ import annotations

import hashlib
import os

import pytest

import storj_uplink as sj
from storj_uplink.testnet import TestnetError

# faults: the tests that need the local network's control server run in the
# source-install session of scripts/test.sh (the installed-wheel runs have none)
pytestmark = [pytest.mark.network, pytest.mark.faults]

KiB, MiB = 1 << 10, 1 << 20


@pytest.fixture
def limited_project(storj_faults):
    """limited_project(**limits) -> an open Project of a new project with those limits."""
    opened = []

    def make(**limits):
        info = storj_faults.limited_project(**limits)
        access = sj.Access.parse(info.access)
        project = access.open_project()
        opened.append((access, project))
        return project

    yield make
    for access, project in opened:
        project.close()
        access.close()


def test_limited_project_refuses_bad_limits(storj_faults):
    for bad in (0, -1, True, 1.5, "1"):
        with pytest.raises(ValueError, match="storage must be a positive int"):
            storj_faults.limited_project(storage=bad)
    with pytest.raises(ValueError, match="rate must be a positive int"):
        storj_faults.limited_project(rate=0)
    # the control server checks too
    with pytest.raises(TestnetError, match="segments limit must be positive"):
        storj_faults._control("POST", "/projects", {"segments": -5})
    with pytest.raises(TestnetError, match="bad limits"):
        storj_faults._control("POST", "/projects", {"storage": "lots"})


def test_storage_limit(limited_project):
    project = limited_project(storage=1 * MiB)
    bucket = project.create_bucket("storage")
    first = os.urandom(1 * MiB + 200 * KiB)  # crosses the limit: committed (checked before)
    bucket.put("first", first)
    with pytest.raises(sj.StorageLimitExceededError) as raised:
        bucket.put("second", b"tiny")
    assert type(raised.value) is sj.StorageLimitExceededError
    assert isinstance(raised.value, sj.LimitExceededError)
    assert "storage limit exceeded" in str(raised.value)
    assert [o.key for o in bucket.list()] == ["first"]
    assert hashlib.sha256(bucket.get("first")).digest() == hashlib.sha256(first).digest()


def test_segment_limit(limited_project):
    project = limited_project(segments=2)
    bucket = project.create_bucket("segments")
    bucket.put("one", b"1")
    bucket.put("two", b"2")
    with pytest.raises(sj.SegmentsLimitExceededError) as raised:
        bucket.put("three", b"3")
    assert type(raised.value) is sj.SegmentsLimitExceededError
    assert "segments limit exceeded" in str(raised.value)
    assert sorted(o.key for o in bucket.list()) == ["one", "two"]


def test_bandwidth_limit(limited_project):
    project = limited_project(bandwidth=1 * MiB)
    bucket = project.create_bucket("bandwidth")
    data = os.urandom(1 * MiB + 200 * KiB)
    bucket.put("data", data)  # uploads do not count
    assert bucket.get("data") == data  # usage 0 < limit: allowed; then usage > limit
    with pytest.raises(sj.BandwidthLimitExceededError) as raised:
        bucket.get("data")
    assert type(raised.value) is sj.BandwidthLimitExceededError
    assert "bandwidth limit exceeded" in str(raised.value)
    assert bucket.stat("data").content_length == len(data)  # metadata still answers


def test_rate_limit(limited_project):
    project = limited_project(rate=1)
    # One request per second with a burst of one: requests in a quick row are
    # refused from the second on (at the latest from the 30th on a slow machine).
    refused = None
    for attempt in range(30):
        try:
            project.stat_bucket("no-such-bucket")
        except sj.BucketNotFoundError:
            continue
        except sj.TooManyRequestsError as e:
            refused = (attempt, e)
            break
    assert refused is not None, "30 quick requests at 1 request/s were all served"
    attempt, error = refused
    print(f"rate 1/s: request {attempt + 1} refused")
    assert type(error) is sj.TooManyRequestsError
    assert "too many requests" in str(error)
