"""The storj_uplink logger: silent by default, debug records when configured."""

import logging
import subprocess
import sys


def test_library_logger_has_a_null_handler_and_prints_nothing_by_default():
    import storj_uplink  # noqa: F401

    logger = logging.getLogger("storj_uplink")
    assert any(isinstance(h, logging.NullHandler) for h in logger.handlers)
    code = ("import storj_uplink as sj\n"
            "try:\n    sj.Access.parse('garbage')\nexcept sj.StorjError:\n    pass\n"
            "k = sj.EncryptionKey.derive('pw', b'salt'); k.close()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd="/", check=True)
    assert out.stdout == "" and out.stderr == ""
