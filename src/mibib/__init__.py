"""mibib: a command-line bibliography manager for curated paper collections."""

__version__ = "0.1.0"
