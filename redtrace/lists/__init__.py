"""Read official sanctions and export-control list files into FtM entities."""

from redtrace.lists.base import ListFormatError, ParsedList, Reject, SourceFile
from redtrace.lists.detect import FORMATS, LoadJob, detect, plan
from redtrace.lists.entity import ListEntity

__all__ = [
    "FORMATS",
    "ListEntity",
    "ListFormatError",
    "LoadJob",
    "ParsedList",
    "Reject",
    "SourceFile",
    "detect",
    "plan",
]
