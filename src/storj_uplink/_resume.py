"""Resuming whole-file transfers: a pending multipart upload, a partial download file."""

from __future__ import annotations

import json
import os
import threading
from typing import TYPE_CHECKING, Dict, List, Optional, Set

from ._log import logger
from .info import ObjectInfo

if TYPE_CHECKING:
    from .multipart import MultipartUpload
    from .project import Project
    from .transfer import Part

__all__ = ["find_pending_upload", "uploaded_parts", "PartialDownload"]

SEGMENT_SIZE = 64 << 20


def find_pending_upload(project: "Project", bucket: str, key: str) -> Optional["MultipartUpload"]:
    """The newest pending multipart upload of exactly ``key``, or None."""
    prefix = key.rpartition("/")[0]
    prefix = prefix + "/" if prefix else ""
    newest = None
    for info in project.list_uploads(bucket, prefix):
        if info.key == key and (newest is None or _created(info) > _created(newest)):
            newest = info
    if newest is None:
        return None
    return project.resume_upload(bucket, key, newest.upload_id)


def _created(info: object) -> float:
    created = getattr(info, "created", None)
    return created.timestamp() if created is not None else 0.0


def uploaded_parts(mpu: "MultipartUpload", plan: List["Part"]) -> Set[int]:
    """The part numbers of ``plan`` already uploaded whole (verified by size).

    A part shorter than planned by whole segments was cut short and is
    uploaded again; any other difference means the pending upload was made
    with another part size (or from another file): ValueError, nothing changed.
    """
    planned: Dict[int, int] = {p.number: p.length for p in plan}
    done: Set[int] = set()
    for part in mpu.list_parts():
        want = planned.get(part.part_number)
        if want is None:
            raise ValueError(
                f"resume=True: the pending upload {mpu.upload_id!r} of {mpu.key!r} has part "
                f"{part.part_number} of {part.size} bytes, but this file makes only "
                f"{len(plan)} parts: it was started with another part_size or another file")
        if part.size == want:
            done.add(part.part_number)
        elif part.size < want and part.size % SEGMENT_SIZE == 0:
            continue  # whole segments of an interrupted part: upload it again
        else:
            raise ValueError(
                f"resume=True: part {part.part_number} of the pending upload {mpu.upload_id!r} "
                f"of {mpu.key!r} has {part.size} bytes where this upload plans {want}: it was "
                "started with another part_size (pass the same one) or from another file")
    return done


class PartialDownload:
    """A download into ``.<name>.storj-partial`` with a ``.json`` record of the finished ranges.

    Kept when a download with ``resume=True`` fails; a later one continues it
    if the object is the same (size and creation time) and so is the range size.
    """

    def __init__(self, dest: str, info: ObjectInfo, part_size: int) -> None:
        directory, name = os.path.split(os.path.abspath(dest))
        self.path = os.path.join(directory, f".{name[:200]}.storj-partial")
        self.state_path = self.path + ".json"
        self._identity = {"size": info.content_length,
                          "created": info.created.isoformat() if info.created else None,
                          "part_size": part_size}
        self._done: Set[int] = set()
        self._lock = threading.Lock()

    def open(self) -> int:
        """The partial file's descriptor, continuing a matching earlier one; sets :attr:`done`."""
        flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
        done = self._load()
        fd = os.open(self.path, flags, 0o666)
        try:
            if not done:
                os.ftruncate(fd, 0)
            os.ftruncate(fd, int(self._identity["size"] or 0))
        except BaseException:
            os.close(fd)
            raise
        self._done = done
        if done:
            logger.info("resuming the download into %s: %d ranges already there",
                        self.path, len(done))
        return fd

    @property
    def done(self) -> Set[int]:
        """The range numbers already in the file."""
        return set(self._done)

    def _load(self) -> Set[int]:
        try:
            with open(self.state_path, encoding="utf-8") as f:
                state = json.load(f)
            if os.path.getsize(self.path) != self._identity["size"]:
                return set()
        except (OSError, ValueError):
            return set()
        if not isinstance(state, dict) or state.get("identity") != self._identity:
            return set()
        return {n for n in state.get("done", []) if isinstance(n, int)}

    def mark(self, number: int) -> None:
        """Record range ``number`` as written (after its bytes reached the file)."""
        with self._lock:
            self._done.add(number)
            tmp = self.state_path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump({"identity": self._identity, "done": sorted(self._done)}, f)
            os.replace(tmp, self.state_path)

    def remove_state(self) -> None:
        """Forget the record (after the file was renamed into place)."""
        for path in (self.state_path, self.state_path + ".tmp"):
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
