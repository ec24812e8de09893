"""Share one folder read-only: a restricted access grant, and a public link for browsers.

The owner uploads two files, one under ``public/`` and one outside it, and
makes an access grant that may only read and list ``public/`` until
tomorrow. The example checks what the grant allows: it downloads the shared
file (same SHA-256), and it cannot upload, nor read the other file.

For browsers and curl, the restricted grant is registered with an auth
service of Storj's edge (``STORJ_AUTH_SERVICE``, for example
``auth.storjshare.io:7777``) as *public*, and the linksharing URL of the file
is printed (base URL ``STORJ_LINKSHARING_URL``, by default
https://link.storjshare.io). Without ``STORJ_AUTH_SERVICE`` (a local network
has no edge services) that step is skipped.

    STORJ_ACCESS=... STORJ_AUTH_SERVICE=auth.storjshare.io:7777 python examples/share_link.py

The bucket is created for the run and deleted at the end, which also ends
the link; with ``--wait`` the example waits for Enter before deleting it, so
that the link can be opened in a browser first.
"""

from __future__ import annotations

import hashlib
import os
import sys
from datetime import datetime, timedelta, timezone

from storj_env import check, open_access, scratch_bucket

import storj_uplink as sj
from storj_uplink.edge import STORJSHARE_LINKSHARING_URL


def main(argv: list) -> None:
    page = b"<!doctype html><title>shared</title><h1>Hello from Storj</h1>\n"
    with open_access() as access, access.open_project() as project, \
            scratch_bucket(project, "share-demo") as bucket:
        bucket.put("public/index.html", page)          # content-type text/html, from the key
        bucket.put("private/notes.txt", b"not for sharing")

        until = datetime.now(timezone.utc) + timedelta(days=1)
        with access.share(sj.Permission.read_only(not_after=until),
                          sj.SharePrefix(bucket.name, "public/")) as shared:
            with shared.open_project() as guest_project:
                guest = guest_project.bucket(bucket.name)
                got = guest.get("public/index.html")
                check(hashlib.sha256(got).digest() == hashlib.sha256(page).digest(),
                      "the shared grant read other bytes")
                print("shared grant: reads public/index.html (sha256 matches)")
                try:
                    guest.put("public/new.txt", b"x")
                    check(False, "the read-only grant could upload")
                except sj.PermissionDeniedError:
                    print("shared grant: cannot upload (PermissionDeniedError)")
                try:
                    guest.get("private/notes.txt")
                    check(False, "the grant for public/ read private/notes.txt")
                except (sj.PermissionDeniedError, sj.ObjectNotFoundError) as exc:
                    print(f"shared grant: cannot read private/ ({type(exc).__name__})")

            auth_service = os.environ.get("STORJ_AUTH_SERVICE")
            if auth_service:
                insecure = os.environ.get("STORJ_AUTH_INSECURE") == "1"  # a local test service
                creds = sj.register_access(shared, auth_service, public=True,
                                           insecure_unencrypted_connection=insecure)
                base = os.environ.get("STORJ_LINKSHARING_URL", STORJSHARE_LINKSHARING_URL)
                url = sj.join_share_url(base, creds.access_key_id, bucket.name,
                                        "public/index.html")
                raw = sj.join_share_url(base, creds.access_key_id, bucket.name,
                                        "public/index.html", raw=True)
                check(creds.access_key_id in url, "the link does not carry the access key id")
                print(f"share link: {url}")
                print(f"raw link:   {raw}")
            else:
                print("share link: skipped (set STORJ_AUTH_SERVICE to register the grant)")

        if "--wait" in argv:
            input("open the link, then press Enter to delete the bucket... ")
    print("share link: OK")


if __name__ == "__main__":
    main(sys.argv[1:])
