"""storj_uplink: the Python SDK for the Storj decentralized object storage network."""

from ._version import __version__

__all__ = ["__version__"]
