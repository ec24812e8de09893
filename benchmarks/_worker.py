"""What the Python worker processes share (sdk_side.py, pypi_side.py).

A worker runs ONE operation in a fresh process and prints one JSON object on
stdout, exactly like the Go side (go/bench): the same flags, the same result
fields. Times cover the transfer calls only; ``peak_rss`` is the process's
VmHWM in bytes. This module imports nothing but the standard library, so it
works in the harness's venv and in the PyPI package's venv alike.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import traceback
from typing import Any, Callable, Dict

Result = Dict[str, Any]

OPS = ("updown", "small", "parallel-upload", "parallel-download", "download", "many-files")


def parse_args(argv: Any = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("-op", "--op", required=True, choices=OPS)
    p.add_argument("-access", "--access", default=os.environ.get("STORJ_ACCESS", ""))
    p.add_argument("-bucket", "--bucket", required=True)
    p.add_argument("-key", "--key", default="")
    p.add_argument("-prefix", "--prefix", default="")
    p.add_argument("-file", "--file", default="")
    p.add_argument("-target", "--target", default="")
    p.add_argument("-size", "--size", type=int, default=0)
    p.add_argument("-chunk", "--chunk", type=int, default=1 << 20)
    p.add_argument("-count", "--count", type=int, default=20)
    p.add_argument("-concurrency", "--concurrency", type=int, default=4)
    p.add_argument("-part-size", "--part-size", dest="part_size", type=int, default=64 << 20)
    return p.parse_args(argv)


def peak_rss() -> int:
    """VmHWM of this process in bytes (ru_maxrss where /proc is missing)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def cpu_seconds() -> float:
    """User+system CPU time of this process (all its threads, Go's included) so far."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def time_small_ops(count: int, **ops: Callable[[int], None]) -> Result:
    """Run each op ``count`` times after 3 warm-up calls: ``{"<name>_s": seconds}``."""
    result: Result = {"count": count}
    for name, fn in ops.items():
        for i in range(3):  # warm-up
            fn(-1 - i)
        start = time.perf_counter()
        for i in range(count):
            fn(i)
        result[name + "_s"] = time.perf_counter() - start
    return result


def main(ops: Dict[str, Callable[[argparse.Namespace], Result]]) -> None:
    """Parse the flags, run the op, print its JSON result (exit 1 on error)."""
    args = parse_args()
    try:
        if not args.access:
            raise RuntimeError("no access grant: pass -access or set STORJ_ACCESS")
        result = ops[args.op](args)
    except Exception as exc:  # reported to the harness, which says so and goes on
        result = {"error": f"{type(exc).__name__}: {exc}",
                  "traceback": traceback.format_exc(limit=6)}
    result["peak_rss"] = peak_rss()
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    # Skip interpreter teardown (finalizers of native handles, atexit): the
    # result is out, and the Go runtime does not need an orderly exit.
    os._exit(1 if "error" in result else 0)
