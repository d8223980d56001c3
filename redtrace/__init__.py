"""redtrace: screen parties and goods against sanctions and export-control lists."""

__version__ = "0.1.0"
__all__ = ["__version__"]
