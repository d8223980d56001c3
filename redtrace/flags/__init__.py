"""Red-flag rules and order decisions."""

from redtrace.flags.check import Checker
from redtrace.flags.engine import decide, document, evaluate, ruleset
from redtrace.flags.history import History
from redtrace.flags.release import ACTIONS, ReleaseError, release, sign_decision

__all__ = [
    "ACTIONS",
    "Checker",
    "History",
    "ReleaseError",
    "decide",
    "document",
    "evaluate",
    "release",
    "ruleset",
    "sign_decision",
]
