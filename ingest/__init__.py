"""Documents and code-set files in, typed records and RDF out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("medkg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
