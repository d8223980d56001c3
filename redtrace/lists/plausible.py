"""Is a parsed version plausible enough to become current without a person's word?

A file that cannot be read whole is refused by its reader (ListFormatError). A file that
reads but looks wrong is kept as a *quarantined* version: its own completeness markers
disagree with what was read, it loses more than a share of the current version's entries,
or too many of its rows were rejected. ``lists promote`` makes it current on a person's word.
"""

from __future__ import annotations

from dataclasses import dataclass

from redtrace import settings
from redtrace.lists.base import ParsedList


@dataclass(frozen=True, slots=True)
class Policy:
    max_shrink: float
    max_rejected: float
    allow_shrink: bool = False

    @classmethod
    def from_settings(cls, allow_shrink: bool = False) -> Policy:
        return cls(settings.max_shrink(), settings.max_rejected(), allow_shrink)


def assess(parsed: ParsedList, current_entities: int | None, policy: Policy) -> list[str]:
    """Reasons not to make ``parsed`` current; none when it is plausible.

    ``current_entities`` is the entry count of the dataset's current version (None if the
    dataset has none). Each reason names the file and, where it can, the line and field."""
    reasons = [f"{p.file}: {p.where}: field {p.field}: {p.reason}" for p in parsed.problems]
    counts = parsed.counts()
    read, rejected = counts["rows_read"], counts["rows_rejected"]
    if read and rejected / read > policy.max_rejected:
        first = parsed.rejects[0]
        reasons.append(
            f"{rejected} of {read} rows rejected ({rejected / read:.1%}, more than"
            f" {policy.max_rejected:.0%}); the first: {first.file}: {first.where}:"
            f" field {first.field}: {first.reason}"
        )
    if current_entities and not policy.allow_shrink:
        if parsed.is_delta:
            lost, after = len(parsed.deleted), current_entities - len(parsed.deleted)
        else:
            after = counts["entities"]
            lost = current_entities - after
        if lost / current_entities > policy.max_shrink:
            names = ", ".join(f.name for f in parsed.files)
            reasons.append(
                f"{names}: {after} entries against {current_entities} in the current version"
                f" (-{lost / current_entities:.1%}, more than the {policy.max_shrink:.0%}"
                " allowed); is the file whole? --allow-shrink if the list really shrank"
            )
    return reasons
