"""The package version: the single source read by pyproject.toml and ffi_build.py."""

__version__ = "0.1.0"
