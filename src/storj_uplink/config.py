"""Config: how a project (or an access request) talks to the network."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, List, Optional, Tuple, Union

from ._native.access import config_to_c

__all__ = ["Config"]

_MAX_DIAL_TIMEOUT = (2**31 - 1) / 1000.0


@dataclass(frozen=True)
class Config:
    """Connection settings, the counterpart of Go's ``uplink.Config``.

    :param user_agent: prepended to the SDK's own user agent (``""``: none).
    :param dial_timeout: seconds to wait for a connection; ``None`` (the
        default) leaves uplink's own default.
    :param temp_directory: directory for temporary files, or ``None``.
    """

    user_agent: str = ""
    dial_timeout: Optional[float] = None
    temp_directory: Optional[Union[str, "os.PathLike[str]"]] = None

    def __post_init__(self) -> None:
        if not isinstance(self.user_agent, str):
            raise TypeError(f"user_agent must be a str, not {type(self.user_agent).__name__}")
        t = self.dial_timeout
        if t is not None:
            if isinstance(t, bool) or not isinstance(t, (int, float)):
                raise TypeError(f"dial_timeout must be seconds as a float, not {type(t).__name__}")
            if not 0.001 <= t <= _MAX_DIAL_TIMEOUT:  # also refuses NaN
                raise ValueError(f"dial_timeout must be between 0.001 and {_MAX_DIAL_TIMEOUT:.0f} "
                                 f"seconds, not {t!r}")
        d = self.temp_directory
        if d is not None:
            if not isinstance(d, (str, os.PathLike)):
                raise TypeError(f"temp_directory must be a path, not {type(d).__name__}")
            object.__setattr__(self, "temp_directory", os.fspath(d))

    def _to_c(self) -> Tuple[Any, List[Any]]:
        ms = 0 if self.dial_timeout is None else max(1, round(self.dial_timeout * 1000))
        tmp = None if self.temp_directory is None else str(self.temp_directory)
        return config_to_c(self.user_agent, ms, tmp)
