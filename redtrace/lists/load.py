"""Turn the files a user names into parsed dataset versions, ready for the store.

Files of the same dataset given together make one version (the three EU annex CSVs, the four
OFAC CSV parts); FtM delta files stay separate and apply in file-name order.
"""

from __future__ import annotations

from pathlib import Path

from redtrace.lists.base import ListFormatError, ParsedList
from redtrace.lists.detect import plan


def combine(parts: list[ParsedList]) -> ParsedList:
    """Merge parsed files of one dataset into a single version."""
    first = parts[0]
    if len(parts) == 1:
        return first
    merged = ParsedList(dataset=first.dataset, format=first.format, files=[])
    for part in parts:
        merged.files.extend(part.files)
        merged.rows_read += part.rows_read
        merged.rows_merged += part.rows_merged
        merged.rejects.extend(part.rejects)
        merged.problems.extend(part.problems)
        for entity in part:
            merged.add(entity)
        dates = [d for d in (merged.published, part.published) if d]
        merged.published = max(dates) if dates else None
    if len({p.format for p in parts}) > 1:
        merged.format = "+".join(sorted({p.format for p in parts}))
    return merged


def parse_paths(
    paths: list[Path], dataset: str | None = None
) -> tuple[list[ParsedList], list[ListFormatError]]:
    """Detect, parse and group. Unreadable files come back as errors; the rest go on."""
    jobs, errors = plan(paths, dataset)
    parsed: list[ParsedList] = []
    for job in jobs:
        try:
            parsed.append(job.parse())
        except ListFormatError as exc:
            errors.append(exc)
    out: list[ParsedList] = []
    groups: dict[str, list[ParsedList]] = {}
    for item in parsed:
        if item.is_delta:
            out.append(item)
        elif item.dataset in groups:
            groups[item.dataset].append(item)
        else:
            groups[item.dataset] = [item]
            out.append(item)
    return [p if p.is_delta else combine(groups[p.dataset]) for p in out], errors
