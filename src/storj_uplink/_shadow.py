"""Refuse to run mixed with PyPI's unrelated ``storj-uplink`` package.

That package (ctypes over a prebuilt library) also installs into a
``storj_uplink/`` directory; installed together, the two overwrite each
other's files and neither works reliably. Its own files are recognizable.
"""

from __future__ import annotations

from pathlib import Path

#: Files of PyPI's storj-uplink 0.2.0 that this package never has.
FOREIGN_FILES = ("uplink.py", "module_def.py", "module_classes.py", "skeleton.py",
                 "libuplink.so")


def check_not_shadowed(package_dir: Path) -> None:
    """ImportError if files of PyPI's storj-uplink share this package's directory."""
    found = [name for name in FOREIGN_FILES if (package_dir / name).exists()]
    if found:
        raise ImportError(
            f"{package_dir} mixes this SDK (storj-uplink-sdk) with files of PyPI's unrelated "
            f"'storj-uplink' package ({', '.join(found)}); both install as 'storj_uplink'. "
            "Fix: pip uninstall -y storj-uplink storj-uplink-sdk && pip install storj-uplink-sdk")
