"""Hello Storj: upload a file, list, download, compare, share read-only, clean up.

Run it against the local network (README command 1), or against any satellite:

    STORJ_ACCESS=... python examples/hello_storj.py
    STORJ_SATELLITE=id@host:port STORJ_API_KEY=... python examples/hello_storj.py
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import uuid

import storj_uplink as sj


def open_access() -> sj.Access:
    if os.environ.get("STORJ_ACCESS"):
        return sj.Access.parse(os.environ["STORJ_ACCESS"])
    satellite, api_key = os.environ.get("STORJ_SATELLITE"), os.environ.get("STORJ_API_KEY")
    if not (satellite and api_key):
        sys.exit("set STORJ_ACCESS, or STORJ_SATELLITE and STORJ_API_KEY "
                 "(python -m storj_uplink.testnet -- python examples/hello_storj.py does)")
    return sj.Access.request(satellite, api_key, os.environ.get("STORJ_PASSPHRASE", "demo"))


def main() -> None:
    bucket_name = "hello-" + uuid.uuid4().hex[:8]
    data = os.urandom(5 * 1024 * 1024 + 123)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "hello.bin")
        with open(src, "wb") as f:
            f.write(data)

        with open_access() as access, access.open_project() as project:
            print(f"satellite: {access.satellite_address}")
            bucket = project.ensure_bucket(bucket_name)
            print(f"bucket:    {bucket.name} (created {bucket.created:%Y-%m-%d %H:%M:%S} UTC)")

            with open(src, "rb") as f, bucket.upload("greetings/hello.bin",
                                                     metadata={"from": "hello_storj"}) as up:
                while chunk := f.read(1 << 20):
                    up.write(chunk)
            print(f"uploaded:  {up.info.key} ({up.info.content_length} bytes)")

            for obj in bucket.list(recursive=True, custom=True):
                print(f"listed:    {obj.key}  {obj.content_length} bytes  {obj.metadata}")

            with bucket.download("greetings/hello.bin") as down:
                got = down.read()
            same = hashlib.sha256(got).hexdigest() == hashlib.sha256(data).hexdigest()
            print(f"downloaded {len(got)} bytes, sha256 {'matches' if same else 'DIFFERS'}")
            if not same:
                sys.exit(1)

            shared = access.share(sj.Permission.read_only(),
                                  sj.SharePrefix(bucket_name, "greetings/"))
            with shared, shared.open_project() as ro:
                assert ro.bucket(bucket_name).get("greetings/hello.bin") == data
                try:
                    ro.bucket(bucket_name).put("greetings/new", b"x")
                    sys.exit("a read-only access could upload!")
                except sj.PermissionDeniedError:
                    print("shared:    a read-only access for greetings/ reads, cannot write")

            project.delete_bucket(bucket_name, with_objects=True)
            print(f"cleaned:   bucket {bucket_name} deleted")
    print("hello storj: OK")


if __name__ == "__main__":
    main()
