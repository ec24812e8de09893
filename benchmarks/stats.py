"""Paired ratios, their bootstrap intervals and verdicts (standard library only).

Two sides measured in the same *trial* (back to back, in a rotating order)
form a pair; the ratio of a pair (SDK / other side) cancels most of the
machine's drift, which moves both halves of a pair alike. For a measure we
report the median of its paired ratios and a 95 % percentile-bootstrap
interval of that median, and a verdict read from the interval:

* ``ahead``: the whole interval is on the better side of 1.0;
* ``indistinguishable``: the interval contains 1.0;
* ``behind``: the whole interval is on the worse side of 1.0;
* ``None``: fewer than :data:`MIN_PAIRS` pairs (a smoke run): no verdict.

The bootstrap uses :class:`random.Random` with a fixed seed, so the same
samples always give the same interval.
"""

from __future__ import annotations

import random
import statistics
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

__all__ = ["RESAMPLES", "CONFIDENCE", "SEED", "MIN_PAIRS", "paired", "bootstrap_interval",
           "verdict", "compare"]

RESAMPLES = 2000
CONFIDENCE = 0.95
SEED = 20_261_202
#: Below this many pairs a comparison has no verdict.
MIN_PAIRS = 3

AHEAD, SAME, BEHIND = "ahead", "indistinguishable", "behind"


def paired(a: Mapping[int, float], b: Mapping[int, float]) -> List[Tuple[float, float]]:
    """The (a, b) values of the trials both sides have, in trial order."""
    return [(a[t], b[t]) for t in sorted(set(a) & set(b))]


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of sorted values, linear between neighbours."""
    if not sorted_values:
        raise ValueError("no values")
    pos = q * (len(sorted_values) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def bootstrap_interval(values: Sequence[float], *, resamples: int = RESAMPLES,
                       confidence: float = CONFIDENCE, seed: int = SEED) -> Tuple[float, float]:
    """The percentile-bootstrap interval of the median of ``values``."""
    if not values:
        raise ValueError("bootstrap of no values")
    if resamples < 1 or not 0 < confidence < 1:
        raise ValueError("resamples must be >= 1 and confidence in (0, 1)")
    rng = random.Random(seed)
    n = len(values)
    medians = sorted(statistics.median(rng.choices(values, k=n)) for _ in range(resamples))
    tail = (1.0 - confidence) / 2
    return _percentile(medians, tail), _percentile(medians, 1.0 - tail)


def verdict(low: float, high: float, higher_is_better: bool = True,
            pairs: int = MIN_PAIRS) -> Optional[str]:
    """``ahead`` / ``indistinguishable`` / ``behind`` for a ratio interval (SDK / other)."""
    if pairs < MIN_PAIRS:
        return None
    if low > high:
        raise ValueError(f"interval [{low}, {high}] is reversed")
    if low <= 1.0 <= high:
        return SAME
    above = low > 1.0
    return AHEAD if above == higher_is_better else BEHIND


def compare(sdk: Mapping[int, float], other: Mapping[int, float],
            higher_is_better: bool = True) -> Optional[Dict[str, object]]:
    """The paired comparison of the SDK with another side, or None without a pair.

    ``{"median", "low", "high", "pairs", "verdict"}``: the ratios are SDK / other.
    """
    ratios = [s / o for s, o in paired(sdk, other) if o > 0]
    if not ratios:
        return None
    low, high = bootstrap_interval(ratios)
    return {"median": round(statistics.median(ratios), 4), "low": round(low, 4),
            "high": round(high, 4), "pairs": len(ratios),
            "verdict": verdict(low, high, higher_is_better, len(ratios))}


def difference(sdk: Mapping[int, float], other: Mapping[int, float],
               ) -> Optional[Dict[str, object]]:
    """The median paired difference SDK - other with its interval (peak RSS in MiB)."""
    diffs = [s - o for s, o in paired(sdk, other)]
    if not diffs:
        return None
    low, high = bootstrap_interval(diffs)
    return {"median": round(statistics.median(diffs), 3), "low": round(low, 3),
            "high": round(high, 3), "pairs": len(diffs)}
