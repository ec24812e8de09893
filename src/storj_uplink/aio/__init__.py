"""storj_uplink.aio: the asyncio API, mirroring the synchronous one.

::

    import storj_uplink as sj
    from storj_uplink import aio

    async def main(grant: str) -> None:
        access = sj.Access.parse(grant)                 # local: no request, no await
        async with await aio.open_project(access) as project:
            bucket = await project.ensure_bucket("photos")
            async with bucket.upload("cat.jpg") as up:  # committed at the end of the block
                await up.write(data)
            async with bucket.download("cat.jpg") as down:
                async for chunk in down:
                    ...
            async for obj in bucket.list():
                print(obj.key)
            await bucket.upload_file("big.tar", "backups/big.tar")

Every native call runs on a bounded thread pool (:func:`set_max_workers`,
default 16 at once): the calls release the GIL, so they run in parallel
while the event loop keeps serving other tasks. Errors are the same
:class:`storj_uplink.StorjError` classes. Cancelling a task that awaits a
transfer stops the native work promptly and commits nothing (see
:class:`Upload`); objects that hold no connection (:class:`storj_uplink.Access`,
:class:`storj_uplink.Config`, :class:`storj_uplink.Permission`, the info
classes) are shared with the sync API.
"""

from . import transfer_manager
from ._executor import DEFAULT_MAX_WORKERS, max_workers, set_max_workers
from .bucket import Bucket
from .download import Download
from .listing import Listing
from .project import Project, open_project, request_access
from .upload import Upload

__all__ = ["open_project", "request_access", "Project", "Bucket", "Upload", "Download",
           "Listing", "transfer_manager", "set_max_workers", "max_workers", "DEFAULT_MAX_WORKERS"]
