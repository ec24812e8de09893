"""A multipart upload by hand: parts sent in parallel threads, committed in order.

``Bucket.begin_upload`` registers a pending upload; each ``mpu.part(n)`` is a
writable stream committed when its ``with`` block ends; the final commit joins
the parts in the order of their numbers. Parts can come from different
threads (or machines, with the upload id). ``Bucket.upload_file`` does all
this for a file; do it by hand for data that arrives in pieces.

The example uploads 4 parts of 5 MiB plus a short last one from a thread
pool, checks the object's SHA-256, then starts a second upload and aborts it
to show that no object and no pending upload are left.

    STORJ_ACCESS=... python examples/multipart_upload.py
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor

from storj_env import check, open_access, scratch_bucket

MiB = 1 << 20
PART_SIZE = 5 * MiB   # satellites want every part but the last to be at least 5 MiB


def main() -> None:
    parts = [os.urandom(PART_SIZE) for _ in range(4)] + [b"the last part is short"]
    whole = b"".join(parts)

    with open_access() as access, access.open_project() as project, \
            scratch_bucket(project, "multipart-demo") as bucket:
        with bucket.begin_upload("video/clip.mp4", metadata={"camera": "X100V"}) as mpu:
            print(f"upload id {mpu.upload_id[:16]}...")

            def send(number: int) -> int:
                with mpu.part(number) as part:          # committed when the block ends
                    part.write(parts[number - 1])
                return part.info.size

            with ThreadPoolExecutor(max_workers=3) as pool:
                sizes = list(pool.map(send, range(1, len(parts) + 1)))
            print(f"parts sent: {sizes}")
        # leaving the block committed the upload (an exception would have aborted it)
        info = mpu.object
        check(info.content_length == len(whole), f"size {info.content_length} != {len(whole)}")
        print(f"committed {info.key}: {info.content_length} bytes, metadata {info.metadata}")

        digest = hashlib.sha256()
        with bucket.download("video/clip.mp4") as down:
            while chunk := down.read(MiB):
                digest.update(chunk)
        check(digest.digest() == hashlib.sha256(whole).digest(), "the object's sha256 differs")
        print("sha256 matches")

        mpu = bucket.begin_upload("video/abandoned.mp4")
        with mpu.part(1) as part:
            part.write(os.urandom(MiB))
        mpu.abort()
        check([u.key for u in bucket.list_uploads(recursive=True)] == [],
              "the aborted upload is still pending")
        check(sorted(o.key for o in bucket.list(recursive=True)) == ["video/clip.mp4"],
              "the aborted upload left an object")
        print("aborted upload: no object, nothing pending")
    print("multipart upload: OK")


if __name__ == "__main__":
    main()
