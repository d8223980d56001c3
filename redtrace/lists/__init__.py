"""Read official sanctions and export-control list files into FtM entities.

The names below are imported on first use (PEP 562), so that a module that needs one small
piece, such as ``redtrace.lists.dates``, does not load FollowTheMoney and every reader.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from redtrace.lists.base import ListFormatError, ParsedList, Reject, SourceFile
    from redtrace.lists.detect import FORMATS, LoadJob, detect, plan
    from redtrace.lists.entity import ListEntity

_FROM = {
    "ListFormatError": "base", "ParsedList": "base", "Reject": "base", "SourceFile": "base",
    "FORMATS": "detect", "LoadJob": "detect", "detect": "detect", "plan": "detect",
    "ListEntity": "entity",
}  # fmt: skip

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


def __getattr__(name: str) -> Any:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module 'redtrace.lists' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"redtrace.lists.{module}"), name)
    globals()[name] = value
    return value
