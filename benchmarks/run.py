"""Benchmark storj_uplink against Go storj.io/uplink and PyPI storj-uplink 0.2.0.

    python benchmarks/run.py            # full run (under 15 minutes on 2 cores)
    python benchmarks/run.py --smoke    # small sizes, one trial each (CI)

The network: the one named by STORJ_SATELLITE/STORJ_API_KEY/STORJ_ACCESS if
set, else a local one started (and stopped) here by storj_uplink.testnet.
Every measure runs in short *trials*: each side once, back to back, in a fresh
process, the order rotating from trial to trial. The figures of one trial
pair up; each measure reports the median of its paired ratios with a 95 %
bootstrap interval and a verdict (benchmarks/stats.py). Output: a table on
stdout and benchmarks/results/latest.json (see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import report  # noqa: E402
import sides as _sides  # noqa: E402
import stats  # noqa: E402

MiB = 1 << 20
GROUPS = ("updown-medium", "updown-large", "small", "parallel-upload", "parallel-download",
           "many-files")

#: Trials per repeat of the groups that take seconds, not minutes (the others: 1).
#: The small operations are the cheapest and the noisiest: 7 x 3 = 21 pairs by default.
TRIALS = {"updown-medium": 3, "small": 7}

#: The sides of each group (of those asked for): the many-files measures compare
#: the SDK with the Go CLI only.
GROUP_SIDES = {"many-files": ("sdk", "gocli")}

FULL = dict(medium=64 * MiB, large=1024 * MiB, count=50, parallel_size=256 * MiB,
            part_size=64 * MiB, repeats=3, many=1000, many_size=64 << 10)
SMOKE = dict(medium=4 * MiB, large=8 * MiB, count=20, parallel_size=12 * MiB,
             part_size=5 * MiB, repeats=1, many=20, many_size=4 << 10)


def parse_args(argv: Any = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--smoke", action="store_true",
                   help="small sizes, 20 small ops, 1 repeat (a CI check, not a measurement)")
    p.add_argument("--repeats", type=int, help="runs per side and measure (median; default 3)")
    p.add_argument("--medium", type=int, help="the medium object size in bytes (64 MiB)")
    p.add_argument("--large", type=int, help="the large object size in bytes (1 GiB)")
    p.add_argument("--count", type=int, help="operations per small-op trial (50)")
    p.add_argument("--many", type=int, help="files of the many-files measures (1000)")
    p.add_argument("--many-size", type=int, help="bytes per file of the many-files "
                   "measures (64 KiB)")
    p.add_argument("--transfers", type=int, default=8,
                   help="files in flight in the many-files measures, both sides (8)")
    p.add_argument("--parallel-size", type=int,
                   help="file size of the parallel transfers (256 MiB)")
    p.add_argument("--part-size", type=int, help="part size of the parallel transfers (64 MiB)")
    p.add_argument("--concurrency", type=int, default=4, help="parts in flight (4)")
    p.add_argument("--chunk", type=int, default=1 * MiB,
                   help="bytes per write/read call of the streaming measures, every side (1 MiB)")
    p.add_argument("--sides", default=",".join(_sides.SIDES),
                   help="sides to run (sdk,go,pypi,gocli)")
    p.add_argument("--no-pypi", action="store_true", help="skip the PyPI package")
    p.add_argument("--only", default=",".join(GROUPS),
                   help="groups to run: " + ", ".join(GROUPS))
    p.add_argument("--output", type=Path, default=HERE / "results" / "latest.json")
    p.add_argument("--nodes", type=int, default=5, help="storage nodes of a local network (5)")
    args = p.parse_args(argv)
    preset = SMOKE if args.smoke else FULL
    for name, value in preset.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.sides = [s.strip() for s in args.sides.split(",") if s.strip()]
    args.only = [g.strip() for g in args.only.split(",") if g.strip()]
    for s in args.sides:
        if s not in _sides.SIDES:
            p.error(f"unknown side {s!r}")
    for g in args.only:
        if g not in GROUPS:
            p.error(f"unknown group {g!r}")
    if args.repeats < 1:
        p.error("--repeats must be at least 1")
    return args


def say(msg: str) -> None:
    print(f"benchmarks: {msg}", file=sys.stderr, flush=True)


class Bench:
    """One benchmark run: the network, the fixtures in one bucket, the sides, the samples."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.samples = report.Samples()
        self.network: Any = None
        self.project: Any = None
        self.bucket = "bench-" + uuid.uuid4().hex[:12]
        self.workdir = Path(tempfile.mkdtemp(prefix="storj-bench-"))
        self.env: Dict[str, str] = dict(os.environ)
        self.sides: Dict[str, _sides.Side] = {}
        self.network_kind = ""
        self.source = self.workdir / "parallel-source.bin"
        self.many_source = self.workdir / "many-source"
        self.trial = 0

    # ------------------------------------------------------------ setup

    def start(self) -> None:
        import storj_uplink as sj
        from storj_uplink.testnet import connect_or_start

        self.network = connect_or_start(nodes=self.args.nodes)
        info = self.network.info
        self.network_kind = "local (started by the harness)" if getattr(
            self.network, "is_local", False) else "external (STORJ_* variables)"
        access = (sj.Access.parse(info.access) if info.access
                  else sj.Access.request(info.satellite, info.api_key, info.passphrase))
        self.env["STORJ_ACCESS"] = access.serialize()
        self.project = access.open_project()
        say(f"network: {self.network_kind}, satellite {info.satellite_address}")

        self.sides = _sides.make_sides(self.args.sides, pypi=not self.args.no_pypi)
        for side in self.sides.values():
            if not side.usable:
                say(f"side {side.name} will not run: {side.error}")
                self.samples.note(side.name, f"not run: {side.error}")

        bucket = self.project.create_bucket(self.bucket)
        started = time.monotonic()
        for i in range(100):
            bucket.put(f"small/obj-{i:03d}", b"%03d" % i)
        if {"parallel-upload", "parallel-download"} & set(self.args.only):
            with open(self.source, "wb") as f:
                left = self.args.parallel_size
                while left:
                    n = min(left, 8 * MiB)
                    f.write(os.urandom(n))
                    left -= n
        if "many-files" in self.args.only:
            for i in range(self.args.many):
                sub = self.many_source / f"d{i % 10}"  # nested: keys map to subdirectories
                sub.mkdir(parents=True, exist_ok=True)
                (sub / f"f{i:05d}.bin").write_bytes(os.urandom(self.args.many_size))
        if "parallel-download" in self.args.only:
            bucket.upload_file(str(self.source), "parallel-source",
                               part_size=self.args.part_size,
                               concurrency=self.args.concurrency)
        say(f"fixtures ready in {time.monotonic() - started:.1f} s (bucket {self.bucket})")

    def stop(self) -> None:
        if self.project is not None:
            try:
                self.project.delete_bucket(self.bucket, with_objects=True)
            except Exception as exc:
                say(f"could not delete bucket {self.bucket}: {exc}")
            self.project.close()
        shutil.rmtree(self.workdir, ignore_errors=True)
        if self.network is not None:
            self.network.stop()

    # ------------------------------------------------------------ running

    def _order(self, group: str, shift: int) -> List[_sides.Side]:
        """The sides of ``group``, rotated by ``shift`` (so each side goes first in turn)."""
        allowed = GROUP_SIDES.get(group)
        names = [n for n in self.args.sides
                 if (n in allowed if allowed is not None else n != "gocli")]
        if not names:
            return []
        k = shift % len(names)
        return [self.sides[n] for n in names[k:] + names[:k]]

    def _delete(self, key: str) -> None:
        try:
            self.project.delete_object(self.bucket, key)
        except Exception:
            pass

    def _delete_prefix(self, prefix: str) -> None:
        try:
            bucket = self.project.bucket(self.bucket)
            keys = [o.key for o in bucket.list(prefix, recursive=True, system=False)]
            for start in range(0, len(keys), 1000):
                bucket.delete_objects(keys[start:start + 1000])
        except Exception as exc:
            say(f"could not delete {prefix}: {exc}")

    def run_many(self, side: _sides.Side, tag: str) -> Dict[str, Any]:
        """One many-files trial of a side: the source directory up to a prefix and back."""
        a = self.args
        prefix, target = f"many/{tag}/", self.workdir / f"many-{tag}"
        if side.name == "gocli":
            res = _sides.run_gocli_many(side, self.env["STORJ_ACCESS"], self.many_source,
                                        self.bucket, prefix, target, a.transfers,
                                        self.workdir)
        else:
            res = _sides.run_worker(side, "many-files", self.env, bucket=self.bucket,
                                    prefix=prefix, file=self.many_source, target=target,
                                    concurrency=a.transfers)
        if "error" not in res:
            got = sorted(p.relative_to(target).as_posix() for p in target.rglob("*")
                         if p.is_file())
            want = sorted(p.relative_to(self.many_source).as_posix()
                          for p in self.many_source.rglob("*") if p.is_file())
            if got != want:
                res = {"error": f"{side.name}: {len(got)} files came back, expected "
                                f"{len(want)} under the same names"}
        shutil.rmtree(target, ignore_errors=True)
        self._delete_prefix(prefix)
        return res

    def run_group(self, group: str, side: _sides.Side, repeat: int) -> None:
        a = self.args
        tag = f"{side.name}-{repeat}-{uuid.uuid4().hex[:6]}"
        trial = self.trial
        common: Dict[str, Any] = {"bucket": self.bucket, "chunk": a.chunk}
        if group.startswith("updown"):
            size_name = group.split("-")[1]
            size = a.medium if size_name == "medium" else a.large
            res = _sides.run_worker(side, "updown", self.env, key=f"stream/{tag}", size=size,
                                    **common)
            self.samples.record(side.name, "updown", res, trial, size_name)
            self._delete(f"stream/{tag}")
            figure = _brief(res, "upload_s", "download_s")
        elif group == "small":
            res = _sides.run_worker(side, "small", self.env, prefix="small/",
                                    key=f"putget/{tag}", count=a.count, **common)
            self.samples.record(side.name, "small", res, trial)
            figure = _brief(res, "stat_s", "list_s", "putget_s")
        elif group == "parallel-upload":
            res = _sides.run_worker(side, "parallel-upload", self.env, key=f"parallel/{tag}",
                                    file=self.source, concurrency=a.concurrency,
                                    part_size=a.part_size, **common)
            self.samples.record(side.name, "parallel-upload", res, trial)
            self._delete(f"parallel/{tag}")
            figure = _brief(res, "seconds")
        elif group == "many-files":
            res = self.run_many(side, tag)
            self.samples.record(side.name, "many-files", res, trial)
            figure = _brief(res, "upload_s", "download_s")
        else:
            dest = self.workdir / f"download-{tag}.bin"
            res = _sides.run_worker(side, "parallel-download", self.env, key="parallel-source",
                                    file=dest, concurrency=a.concurrency,
                                    part_size=a.part_size, **common)
            if "error" not in res and (not dest.exists()
                                       or dest.stat().st_size != a.parallel_size):
                res = {"error": f"the downloaded file is missing or has the wrong size ({dest})"}
            self.samples.record(side.name, "parallel-download", res, trial)
            try:
                dest.unlink()
            except OSError:
                pass
            figure = _brief(res, "seconds")
        say(f"  {group:<18} {side.name:<5} {figure}")

    def run(self) -> None:
        for repeat in range(self.args.repeats):
            say(f"repeat {repeat + 1}/{self.args.repeats}")
            for group in GROUPS:
                if group not in self.args.only:
                    continue
                # One trial: every side once, back to back; the order rotates
                # from trial to trial. The short measures run several trials.
                trials = 1 if self.args.smoke else TRIALS.get(group, 1)
                for k in range(trials):
                    self.trial += 1
                    for side in self._order(group, repeat * trials + k):
                        self.run_group(group, side, repeat)


def _brief(res: Dict[str, Any], *fields: str) -> str:
    if "error" in res:
        return "ERROR " + str(res["error"]).splitlines()[0][:200]
    parts = [f"{f}={float(res[f]):.3f}" for f in fields if f in res]
    if "peak_rss" in res:  # not measured for the Go CLI
        parts.append(f"peak_rss={int(res['peak_rss']) / MiB:.0f}MiB")
    return " ".join(parts)


def main(argv: Any = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    bench = Bench(args)
    try:
        bench.start()
        bench.run()
    finally:
        bench.stop()
    duration = time.monotonic() - started

    ms = report.measures(args.medium, args.large, args.parallel_size, args.concurrency,
                         args.many, args.many_size, args.transfers)
    summary = report.summarize(ms, bench.samples, args.sides)
    data: Dict[str, Any] = {
        "schema": 2,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "mode": "smoke" if args.smoke else "full",
        "duration_s": round(duration, 1),
        "config": {
            "repeats": args.repeats, "medium": args.medium, "large": args.large,
            "small_ops": args.count, "parallel_size": args.parallel_size,
            "part_size": args.part_size, "concurrency": args.concurrency, "chunk": args.chunk,
            "groups": args.only, "trials_per_repeat": TRIALS, "many_files": args.many,
            "many_file_size": args.many_size, "transfers": args.transfers,
            "bootstrap": {"resamples": stats.RESAMPLES, "confidence": stats.CONFIDENCE,
                          "seed": stats.SEED, "min_pairs": stats.MIN_PAIRS},
        },
        "network": bench.network_kind,
        "machine": report.machine(),
        "sides": {name: {"label": s.label, "version": s.version, "error": s.error,
                         "notes": bench.samples.notes.get(name, [])}
                  for name, s in bench.sides.items()},
        "measures": summary,
    }
    report.write_json(args.output, data)
    print(report.table(summary, args.sides))
    for name, _s in bench.sides.items():
        for note in bench.samples.notes.get(name, []):
            print(f"note ({name}): {note}")
    print(f"\n{args.repeats} repeat(s); medians of paired ratios with 95% bootstrap intervals; "
          f"took {duration:.0f} s; wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
