"""Paired before/after measurement of the small operations against Go.

    python benchmarks/small_paired.py --before /path/to/old/site-packages [--trials 25]

Starts a local network (or uses the STORJ_* one), puts 100 small objects
under ``small/``, then runs ``trials`` trials; each trial runs the ``small``
operation (stat, list of 100, put+get 1 KiB; ``--count`` calls each) once
per side, in a fresh process, in an order that rotates every trial:

* ``go``     -- go/bench (storj.io/uplink called directly);
* ``after``  -- this interpreter's storj_uplink (the installed package);
* ``before`` -- the same interpreter with ``--before`` first on PYTHONPATH
  (a copy of another build of storj_uplink).

For each trial and measure the ratio is Go's time over the side's (above 1:
faster than Go); the report gives the median of the paired ratios with a 95%
bootstrap interval, per side and measure, and the median seconds per call.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import uuid
from typing import Dict, List, Tuple

import sides as _sides

MEASURES = ("stat", "list", "putget")


def bootstrap(values: List[float], rounds: int = 4000, seed: int = 18) -> Tuple[float, float]:
    """A 95% percentile-bootstrap interval of the median of ``values``."""
    rng = random.Random(seed)
    medians = sorted(statistics.median(rng.choices(values, k=len(values)))
                     for _ in range(rounds))
    return medians[int(0.025 * rounds)], medians[int(0.975 * rounds) - 1]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--before", required=True, help="a directory holding another storj_uplink")
    p.add_argument("--trials", type=int, default=25)
    p.add_argument("--count", type=int, default=40, help="calls per measure and process")
    args = p.parse_args()

    import storj_uplink as sj
    from storj_uplink.testnet import connect_or_start

    network = connect_or_start()
    try:
        info = network.info
        access = (sj.Access.parse(info.access) if info.access
                  else sj.Access.request(info.satellite, info.api_key, info.passphrase))
        env = dict(os.environ, STORJ_ACCESS=access.serialize())
        before_env = dict(env, PYTHONPATH=os.pathsep.join(
            [args.before, *filter(None, [env.get("PYTHONPATH")])]))
        bucket_name = "paired-" + uuid.uuid4().hex[:10]
        with access.open_project() as project:
            bucket = project.create_bucket(bucket_name)
            for i in range(100):
                bucket.put(f"small/obj-{i:03d}", b"%03d" % i)
            go = _sides.go_side()
            sdk = _sides.sdk_side()
            runs = {"go": (go, env), "after": (sdk, env), "before": (sdk, before_env)}
            names = list(runs)
            times: Dict[str, Dict[str, List[float]]] = {n: {m: [] for m in MEASURES}
                                                        for n in names}
            for trial in range(args.trials):
                order = names[trial % 3:] + names[:trial % 3]
                got = {}
                for name in order:
                    side, side_env = runs[name]
                    got[name] = _sides.run_worker(side, "small", side_env, bucket=bucket_name,
                                                  prefix="small/", count=args.count,
                                                  key=f"putget/{name}-{trial}")
                if any("error" in r for r in got.values()):
                    print(f"trial {trial}: {got}", file=sys.stderr)
                    continue
                for name in names:
                    for m in MEASURES:
                        times[name][m].append(float(got[name][m + "_s"]))  # type: ignore
                print(f"trial {trial + 1}/{args.trials} done", file=sys.stderr, flush=True)
            project.delete_bucket(bucket_name, with_objects=True)
    finally:
        network.stop()

    print(f"{'measure':<8} {'side':<7} {'ms/call':>8} {'x Go (median paired)':>21} {'95% CI':>16}")
    for m in MEASURES:
        go_times = times["go"][m]
        print(f"{m:<8} {'go':<7} {1000 * statistics.median(go_times) / args.count:8.3f}")
        for name in ("before", "after"):
            ratios = [g / s for g, s in zip(go_times, times[name][m])]
            lo, hi = bootstrap(ratios)
            print(f"{m:<8} {name:<7} {1000 * statistics.median(times[name][m]) / args.count:8.3f}"
                  f" {statistics.median(ratios):21.3f} {f'[{lo:.3f}, {hi:.3f}]':>16}")
        ba = [b / a for b, a in zip(times["before"][m], times["after"][m])]
        lo, hi = bootstrap(ba)
        print(f"{m:<8} after/before speed-up {statistics.median(ba):.3f} [{lo:.3f}, {hi:.3f}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
