"""Only what pyproject.toml cannot say: the cffi module, the Go build before it, and
the Go license texts after it."""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_go
import go_licenses


class BuildGoThenExt(build_ext):
    """Build go/ into a static archive, let cffi compile and link the extension, then
    copy the license of every Go module linked into it beside it (go_licenses.py)."""

    def run(self) -> None:
        build_go.build_archive()
        super().run()
        go = build_go.find_go()
        for ext in self.extensions:
            built = Path(self.get_ext_fullpath(ext.name))
            go_licenses.collect(built, go, built.parent / go_licenses.LICENSES_DIR_NAME)


setup(
    cffi_modules=["ffi_build.py:ffibuilder"],
    cmdclass={"build_ext": BuildGoThenExt},
    # cffi builds against the stable ABI (_uplink.abi3.so): one wheel for every CPython >= 3.9.
    options={"bdist_wheel": {"py_limited_api": "cp39"}},
)
