"""Hostile values for fuzzing the public API (shared by the fuzz tests).

Budget: the "ci" hypothesis profile (default) keeps CI bounded; set
STORJ_UPLINK_SOAK=1 for the soak profile (hundreds of thousands of examples).
"""

from __future__ import annotations

import math
import os
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SOAK = os.environ.get("STORJ_UPLINK_SOAK") == "1"

settings.register_profile(
    "ci", max_examples=60, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile(
    "soak", max_examples=int(os.environ.get("STORJ_UPLINK_SOAK_EXAMPLES", "10000")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile("soak" if SOAK else "ci")

#: Hypothesis examples on the local network in CI, in all (a bounded slice of the
#: soak), shared by the NETWORK_FUZZ_TESTS tests of tests/integration/test_fuzz_network.py.
NETWORK_CI_EXAMPLES = 2_000
NETWORK_FUZZ_TESTS = 6
#: the network fuzz tests' budget: the soak profile's, or their share of the CI slice
network_budget = settings() if SOAK else settings(
    max_examples=-(-NETWORK_CI_EXAMPLES // NETWORK_FUZZ_TESTS))

#: Exceptions the SDK may raise for bad input (StorjError covers its subclasses).
ALLOWED = (TypeError, ValueError)

any_text = st.text(alphabet=st.characters(blacklist_categories=()), max_size=300)
hostile_text = st.one_of(
    any_text,
    st.just(""), st.just("\0"), st.just("a\0b"), st.just("\ud800"), st.just("x" * 100_000),
    st.just("../../etc/passwd"), st.just("sj://bucket/key"), st.just(" "),
)
hostile_int = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, -2, 2**31, 2**32, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1]),
)
hostile_float = st.floats(allow_nan=True, allow_infinity=True)
naive_or_aware = st.one_of(
    st.datetimes(), st.datetimes(timezones=st.just(timezone.utc)),
    st.just(datetime(1970, 1, 1, tzinfo=timezone.utc)),
    st.just(datetime.max.replace(tzinfo=timezone.utc) - timedelta(days=2)),
)
hostile_value = st.one_of(
    st.none(), st.booleans(), hostile_int, hostile_float, hostile_text, st.binary(max_size=200),
    st.lists(st.integers(), max_size=3), st.dictionaries(any_text, any_text, max_size=3),
    st.just(object()), st.just(math.nan), naive_or_aware,
    st.builds(lambda: memoryview(b"abcdef")[::2]),  # strided: not C-contiguous
    st.builds(lambda: memoryview(bytearray(12)).cast("B", (3, 4))),  # multi-dimensional
    st.builds(lambda: memoryview(b"read-only")), st.builds(lambda: bytearray(b"mutable")),
)
hostile_metadata = st.one_of(
    hostile_value,
    st.dictionaries(hostile_text, hostile_text, max_size=5),
    st.dictionaries(st.integers(), any_text, max_size=2),
)
