"""The ``content_type`` option of the uploads: one place that turns it into custom metadata.

Storj has no content-type field of its own: uplink keeps an object's content
type in its custom metadata under the key ``content-type`` (storj.io/uplink's
``private/metaclient`` names it so, and the S3 gateway and linksharing read
it from there to answer with a ``Content-Type`` header).

``content_type`` takes:

``"auto"`` (the default)
    guess from the key's extension with :mod:`mimetypes` (``photos/tom.jpg`` →
    ``image/jpeg``); a key without a known extension gets no content type.
a MIME type string (``"text/csv"``)
    store it as it is.
``None``
    store none: the metadata is exactly what the caller gave.

A ``content-type`` entry in the caller's own ``metadata`` (in any letter
case) always wins over ``content_type``.
"""

from __future__ import annotations

import mimetypes
from typing import Dict, Mapping, Optional

__all__ = ["AUTO", "CONTENT_TYPE_KEY", "ContentType", "with_content_type"]

#: The custom-metadata key uplink, the S3 gateway and linksharing use for the content type.
CONTENT_TYPE_KEY = "content-type"
#: The default of every ``content_type`` option: guess from the key.
AUTO = "auto"
#: What a ``content_type`` option takes: ``"auto"``, a MIME type or ``None``.
ContentType = Optional[str]


def guess_content_type(key: str) -> Optional[str]:
    """The MIME type :mod:`mimetypes` guesses from ``key``'s extension, or ``None``."""
    guessed, _encoding = mimetypes.guess_type(key, strict=False)
    return guessed


def with_content_type(key: str, metadata: Optional[Mapping[str, str]],
                      content_type: ContentType) -> Optional[Mapping[str, str]]:
    """``metadata`` with the ``content-type`` entry that ``content_type`` asks for.

    The caller's ``metadata`` is returned untouched when it already has a
    content type, when ``content_type`` is ``None``, or when ``"auto"`` finds
    nothing to guess; otherwise a new dict with the entry added.
    """
    if content_type is not None and not isinstance(content_type, str):
        raise TypeError("content_type must be a str (a MIME type, or 'auto' to guess from "
                        f"the key) or None, not {type(content_type).__name__}")
    if content_type == "":
        raise ValueError("content_type must not be empty: pass None to store no content type")
    if content_type is None or (metadata is not None and not isinstance(metadata, Mapping)):
        return metadata  # (metadata of a wrong type is refused by the upload itself)
    if metadata is not None and any(isinstance(k, str) and k.lower() == CONTENT_TYPE_KEY
                                    for k in metadata):
        return metadata
    value = guess_content_type(key) if content_type == AUTO and isinstance(key, str) \
        else content_type
    if value is None or value == AUTO:
        return metadata
    merged: Dict[str, str] = dict(metadata) if metadata is not None else {}
    merged[CONTENT_TYPE_KEY] = value
    return merged
