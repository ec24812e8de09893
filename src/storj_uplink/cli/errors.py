"""How the command line fails: one ``error: ...`` line on stderr, exit status 1, no secrets."""

from __future__ import annotations

import traceback
from typing import Iterable, Optional

from ..errors import (
    BucketAlreadyExistsError,
    BucketNameInvalidError,
    BucketNotEmptyError,
    BucketNotFoundError,
    ObjectKeyInvalidError,
    ObjectNotFoundError,
    PermissionDeniedError,
    StorjError,
)

__all__ = ["CliError", "EXIT_OK", "EXIT_FAILURE", "EXIT_INTERRUPTED", "REDACTED", "redact",
           "error_message", "error_line", "debug_traceback"]

#: The command did what was asked.
EXIT_OK = 0
#: Anything went wrong (including a bad command line), like Go's ``uplink``.
EXIT_FAILURE = 1
#: Interrupted (Ctrl-C): 128 + SIGINT, as shells report it.
EXIT_INTERRUPTED = 130
#: What a secret is replaced with in messages.
REDACTED = "[REDACTED]"

_UPLINK_PREFIX = "uplink: "


class CliError(Exception):
    """A failure the command explains itself: ``str()`` is the whole message."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def __str__(self) -> str:
        return str(self.args[0])


def redact(text: str, secrets: Iterable[Optional[str]]) -> str:
    """``text`` with every secret (access grant, API key, passphrase) replaced by [REDACTED].

    Secrets shorter than 4 characters are left alone: replacing them would
    garble ordinary words without hiding anything worth hiding.
    """
    for secret in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def _uplink_text(exc: StorjError) -> str:
    text = str(exc)
    return text[len(_UPLINK_PREFIX):] if text.startswith(_UPLINK_PREFIX) else text


def error_message(exc: BaseException) -> str:
    """The message (without ``error:``) for an exception a command let through."""
    if isinstance(exc, CliError):
        return str(exc)
    if isinstance(exc, (BucketNotFoundError, ObjectNotFoundError, BucketAlreadyExistsError,
                        BucketNotEmptyError, BucketNameInvalidError, ObjectKeyInvalidError,
                        PermissionDeniedError)):
        return _uplink_text(exc)
    if isinstance(exc, StorjError):
        return _uplink_text(exc) or type(exc).__name__
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}"
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def error_line(exc: BaseException, secrets: Iterable[Optional[str]] = ()) -> str:
    """The one line printed on stderr: ``error: <message>``, on one line, secrets redacted."""
    message = " ".join(error_message(exc).split())
    return "error: " + redact(message, secrets)


def debug_traceback(exc: BaseException, secrets: Iterable[Optional[str]] = ()) -> str:
    """The traceback printed with ``--debug``, secrets redacted."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return redact(text, secrets)
