"""Paired before/after measurement of the small operations against Go.

    python benchmarks/small_paired.py [--before DIR] [--c] [--trials 300] [--batch 5]

Starts a local network (or uses the one named by the STORJ_* variables), puts
100 small objects under ``small/``, and starts three long-lived servers:

* ``go``     -- go/benchserve (storj.io/uplink called directly);
* ``after``  -- benchmarks/_small_server.py with this interpreter's storj_uplink;
* ``before`` -- the same with ``DIR`` (a copy of another build's
  ``storj_uplink`` package) first on PYTHONPATH (with ``--before``);
* ``c``      -- benchmarks/_small_server.c, a C program calling go/'s library
  through the C API (with ``--c``; needs a C compiler): set beside ``go``
  and ``after``, it splits the gap into the cost of crossing into the
  library (go -> c) and that of the Python layer (c -> after).

Each trial asks every server, in an order that rotates, for ``batch`` calls of
one measure (stat, list of 100, put+get of 1 KiB; the measures take turns),
so the three sides of a pair run within milliseconds of each other. For each
trial the ratio is Go's time over the side's (above 1: faster than Go); the
report gives, per measure and side, the median of the paired ratios with a 95%
bootstrap interval, the median milliseconds per call, and the median CPU time
per call of the side's whole process (every thread: the Go runtime's too), which
on a machine whose cores also run the network is time taken from the satellite.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Dict, List, Tuple

import sides as _sides

HERE = Path(__file__).resolve().parent
MEASURES = ("stat", "list", "putget")


def bootstrap(values: List[float], rounds: int = 4000, seed: int = 18) -> Tuple[float, float]:
    """A 95% percentile-bootstrap interval of the median of ``values``."""
    rng = random.Random(seed)
    medians = sorted(statistics.median(rng.choices(values, k=len(values)))
                     for _ in range(rounds))
    return medians[int(0.025 * rounds)], medians[int(0.975 * rounds) - 1]


class Server:
    def __init__(self, cmd: List[str], env: Dict[str, str]) -> None:
        self.proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)

    def run(self, op: str, n: int) -> Tuple[float, float]:
        """Seconds of wall time and of the process's CPU time (every thread) for n calls."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{op} {n}\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"server {self.proc.args} stopped")
        wall, cpu = line.split()
        return float(wall), float(cpu)

    def stop(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


def go_server() -> List[str]:
    sys.path.insert(0, str(HERE.parent))
    import build_go
    go = build_go.find_go()
    out = _sides.cache_dir() / "bench" / "benchserve"
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([go, "build", "-o", str(out), "./benchserve"], cwd=HERE.parent / "go",
                   env=build_go.go_env(go), check=True)
    return [str(out)]


def c_server() -> List[str]:
    """benchmarks/_small_server.c built against go/ as a C library."""
    lib_dir = _sides.cache_dir() / "bench" / "c-library"
    subprocess.run(["bash", str(HERE.parent / "scripts" / "build-c-library.sh"), str(lib_dir)],
                   check=True, stdout=subprocess.DEVNULL)
    out = _sides.cache_dir() / "bench" / "small_server_c"
    subprocess.run([os.environ.get("CC", "cc"), "-O2", "-Wall", "-Werror",
                    str(HERE / "_small_server.c"), "-o", str(out),
                    f"-I{lib_dir / 'include' / 'uplink'}", f"-L{lib_dir / 'lib'}", "-luplink",
                    f"-Wl,-rpath,{lib_dir / 'lib'}"], check=True)
    return [str(out)]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--before", help="a directory holding another storj_uplink")
    p.add_argument("--c", action="store_true", help="add the C caller of go/'s library")
    p.add_argument("--trials", type=int, default=300)
    p.add_argument("--batch", type=int, default=5, help="calls per side and trial")
    args = p.parse_args()

    import storj_uplink as sj
    from storj_uplink.testnet import connect_or_start

    network = connect_or_start()
    servers: Dict[str, Server] = {}
    times: Dict[str, Dict[str, List[float]]] = {}
    cpus: Dict[str, Dict[str, List[float]]] = {}
    try:
        info = network.info
        access = (sj.Access.parse(info.access) if info.access
                  else sj.Access.request(info.satellite, info.api_key, info.passphrase))
        env = dict(os.environ, STORJ_ACCESS=access.serialize())
        before_env = dict(env, PYTHONPATH=os.pathsep.join(
            [args.before or "", *filter(None, [env.get("PYTHONPATH")])]))
        bucket_name = "paired-" + uuid.uuid4().hex[:10]
        with access.open_project() as project:
            bucket = project.create_bucket(bucket_name)
            for i in range(100):
                bucket.put(f"small/obj-{i:03d}", b"%03d" % i)
            py = [sys.executable, str(HERE / "_small_server.py"), bucket_name, "small/"]
            servers = {
                "go": Server([*go_server(), "-bucket", bucket_name, "-prefix", "small/",
                              "-key", "putget/go"], env),
                "after": Server([*py, "putget/after"], env),
            }
            if args.before:
                servers["before"] = Server([*py, "putget/before"], before_env)
            if args.c:
                servers["c"] = Server([*c_server(), bucket_name, "small/", "putget/c"], env)
            names = list(servers)
            times = {n: {m: [] for m in MEASURES} for n in names}
            cpus = {n: {m: [] for m in MEASURES} for n in names}
            for m in MEASURES:  # warm-up
                for s in servers.values():
                    s.run(m, 3)
            for trial in range(args.trials):
                m = MEASURES[trial % 3]
                k = (trial // 3) % len(names)
                for name in names[k:] + names[:k]:
                    wall, cpu = servers[name].run(m, args.batch)
                    times[name][m].append(wall)
                    cpus[name][m].append(cpu)
                if (trial + 1) % 30 == 0:
                    print(f"trial {trial + 1}/{args.trials}", file=sys.stderr, flush=True)
            for s in servers.values():
                s.stop()
            project.delete_bucket(bucket_name, with_objects=True)
    finally:
        for s in servers.values():
            if s.proc.poll() is None:
                s.proc.kill()
        network.stop()

    def per_call(values: List[float], unit: float) -> str:
        return f"{unit * statistics.median(values) / args.batch:8.{0 if unit > 1e3 else 3}f}"

    print(f"{'measure':<8} {'side':<7} {'ms/call':>8} {'CPU us':>8} {'x Go (median paired)':>21}"
          f" {'95% CI':>16}")
    for m in MEASURES:
        go_times = times["go"][m]
        print(f"{m:<8} {'go':<7} {per_call(go_times, 1e3)} {per_call(cpus['go'][m], 1e6)}")
        for name in [n for n in ("c", "before", "after") if n in times]:
            ratios = [g / s for g, s in zip(go_times, times[name][m])]
            lo, hi = bootstrap(ratios)
            print(f"{m:<8} {name:<7} {per_call(times[name][m], 1e3)}"
                  f" {per_call(cpus[name][m], 1e6)}"
                  f" {statistics.median(ratios):21.3f} {f'[{lo:.3f}, {hi:.3f}]':>16}")
        # (numerator side, denominator side, label): times, so above 1 means slower
        for num, den, label in (("before", "after", "after/before speed-up"),
                                ("after", "c", "time of python/c (its layer's cost)")):
            if num in times and den in times:
                r = [a / b for a, b in zip(times[num][m], times[den][m])]
                lo, hi = bootstrap(r)
                print(f"{m:<8} {label} {statistics.median(r):.3f} [{lo:.3f}, {hi:.3f}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
