"""The Python side of benchmarks/small_paired.py (see go/benchserve for the protocol).

    python _small_server.py BUCKET PREFIX KEY   (access grant in $STORJ_ACCESS)

It runs the operations of sdk_side.py's small op with whichever storj_uplink
the interpreter imports (PYTHONPATH picks another build).
"""

from __future__ import annotations

import os
import sys
import time

import storj_uplink as sj


def main() -> None:
    bucket_name, prefix, key_prefix = sys.argv[1:4]
    project = sj.Access.parse(os.environ["STORJ_ACCESS"]).open_project()
    bucket = project.bucket(bucket_name)
    data = os.urandom(1024)
    calls = 0

    def stat(i: int) -> None:
        project.stat_object(bucket_name, prefix + "obj-000")

    def list100(i: int) -> None:
        for _ in project.list_objects(bucket_name, prefix):
            pass

    def put_get(i: int) -> None:
        key = f"{key_prefix}-{i % 50}"
        bucket.put(key, data)
        if bucket.get(key) != data:
            raise RuntimeError("put+get: the data read back differs")

    ops = {"stat": stat, "list": list100, "putget": put_get}
    for line in sys.stdin:
        name, n = line.split()
        op = ops[name]
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(int(n)):
            op(calls)
            calls += 1
        print(time.perf_counter() - start, time.process_time() - cpu, flush=True)
    project.close()


if __name__ == "__main__":
    main()
