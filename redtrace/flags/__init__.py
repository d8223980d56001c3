"""Red-flag rules and order decisions."""

from redtrace.flags.check import Checker
from redtrace.flags.engine import decide, document, evaluate, ruleset
from redtrace.flags.history import History
from redtrace.flags.release import ReleaseError, release

__all__ = [
    "Checker",
    "History",
    "ReleaseError",
    "decide",
    "document",
    "evaluate",
    "release",
    "ruleset",
]
