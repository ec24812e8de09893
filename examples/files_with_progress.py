"""Upload a file and download it again, with a progress bar for each transfer.

``Bucket.upload_file`` sends a large file in parallel parts and
``Bucket.download_file`` fetches it in parallel ranges; both call
``progress(bytes_done, bytes_total)`` as bytes move, which
:mod:`storj_uplink.progress` turns into a tqdm bar (``pip install
'storj-uplink-sdk[progress]'``) or, without tqdm, a line of text. The
example then checks that the downloaded file has the same SHA-256.

    STORJ_ACCESS=... python examples/files_with_progress.py [FILE]

Without FILE it makes a 12 MiB file of random bytes. The bucket it uses is
created for the run and deleted afterwards.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from storj_env import check, open_access, scratch_bucket, sha256_of

from storj_uplink.progress import line_callback, tqdm_callback

MiB = 1 << 20


def progress_bar(desc: str, total: int):
    """A tqdm bar when tqdm is installed, else a line of text on stderr."""
    try:
        return tqdm_callback(total=total, desc=desc)
    except ImportError:
        return line_callback(desc=desc)


def main(argv: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if argv:
            source = Path(argv[0])
        else:
            source = Path(tmp, "random.bin")
            source.write_bytes(os.urandom(12 * MiB + 12345))
        size = source.stat().st_size
        key = "uploads/" + source.name
        target = Path(tmp, "downloaded-" + source.name)

        with open_access() as access, access.open_project() as project, \
                scratch_bucket(project, "progress-demo") as bucket:
            with progress_bar(f"upload {source.name}", size) as progress:
                info = bucket.upload_file(source, key, part_size=5 * MiB, concurrency=4,
                                          progress=progress)
            print(f"uploaded   {info.key}: {info.content_length} bytes, "
                  f"content type {info.metadata.get('content-type', '(none)')}")

            with progress_bar(f"download {source.name}", size) as progress:
                bucket.download_file(key, target, part_size=5 * MiB, concurrency=4,
                                     progress=progress)
            print(f"downloaded {target.name}: {target.stat().st_size} bytes")

        want, got = sha256_of(source), sha256_of(target)
        check(got == want, f"sha256 of the download {got} differs from the file's {want}")
        print(f"sha256 {got} matches")
    print("files with progress: OK")


if __name__ == "__main__":
    main(sys.argv[1:])
