"""Only what pyproject.toml cannot say: the cffi module and the Go build before it."""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_go


class BuildGoThenExt(build_ext):
    """Build go/ into a static archive, then let cffi compile and link the extension."""

    def run(self) -> None:
        build_go.build_archive()
        super().run()


setup(
    cffi_modules=["ffi_build.py:ffibuilder"],
    cmdclass={"build_ext": BuildGoThenExt},
    # cffi builds against the stable ABI (_uplink.abi3.so): one wheel for every CPython >= 3.9.
    options={"bdist_wheel": {"py_limited_api": "cp39"}},
)
